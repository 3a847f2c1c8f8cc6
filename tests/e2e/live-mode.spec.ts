/**
 * Live mode: the same client code against a real server over HTTP
 * (`npm run mock-server`, started by the test run on 127.0.0.1:4010), and the
 * failures a real server can produce, each shown in the step where it happened.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { actAtAuthServer, continueUntil, step } from './helpers';
import { APP_ORIGIN, MOCK_SERVER_ORIGIN } from './origins';

async function openLive(page: Page, flowId: string) {
  await page.addInitScript(() => localStorage.setItem('playground:mode', 'live'));
  await page.goto(`/flows/${flowId}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

test("standalone launch against npm run mock-server: real 302s, the server's own pages, FHIR over HTTP", async ({ page }) => {
  await openLive(page, 'standalone-launch');
  const iss = `${MOCK_SERVER_ORIGIN}/mock/smart/fhir`;
  await page.getByLabel('FHIR base URL (iss)').fill(iss);
  await page.getByLabel('client_id').fill('playground-public');

  await continueUntil(page, async () => page.url().startsWith(MOCK_SERVER_ORIGIN));
  expect(page.url()).toContain(`${MOCK_SERVER_ORIGIN}/mock/smart/auth/authorize`);
  await actAtAuthServer(page, { account: 'p-hugo' });
  await page.waitForURL((url) => url.href.startsWith(`${APP_ORIGIN}/flows/standalone-launch`));
  await continueUntil(page, async () => (await page.getByText('Flow complete').count()) > 0);

  await expect(step(page, 'discover').getByTestId('exchange').first()).toContainText(`${iss}/.well-known/smart-configuration`);
  await expect(
    step(page, 'callback')
      .getByTestId('artifact-compare')
      .filter({ hasText: /^state/ }),
  ).toHaveAttribute('data-equal', 'true');
  await expect(step(page, 'id-token').getByText('signature valid')).toBeVisible();
  await expect(step(page, 'read-patient').getByText('Hugo Peters').first()).toBeVisible();

  // The registration is remembered per server: a reload keeps what was typed.
  await page.getByRole('button', { name: 'Start over' }).first().click();
  await page.reload();
  await expect(page.getByLabel('FHIR base URL (iss)')).toHaveValue(iss);
});

test.describe("a real server's failures appear in the discovery step with the cause and a hint", () => {
  let plain: Server;
  let plainOrigin: string;
  test.beforeAll(async () => {
    // A server that answers, but without CORS headers, and an HTML page where JSON belongs.
    plain = createServer((req, res) => {
      if (req.url?.startsWith('/no-cors/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"authorization_endpoint":"x","token_endpoint":"y"}');
      } else {
        res.writeHead(200, { 'content-type': 'text/html', 'access-control-allow-origin': '*' });
        res.end('<!doctype html><html><body><h1>Welcome to our portal</h1></body></html>');
      }
    });
    await new Promise<void>((ok) => plain.listen(0, '127.0.0.1', ok));
    plainOrigin = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await new Promise((ok) => plain.close(ok));
  });

  async function discoverWith(page: Page, iss: string) {
    await openLive(page, 'standalone-launch');
    await page.getByLabel('FHIR base URL (iss)').fill(iss);
    await page.getByRole('button', { name: /^Continue/ }).click();
    await expect(step(page, 'discover')).toHaveAttribute('data-status', 'failed');
    return step(page, 'discover').getByTestId('step-error');
  }

  test('a server that is down', async ({ page }) => {
    const error = await discoverWith(page, 'http://127.0.0.1:9/fhir');
    await expect(error).toContainText(/could not be reached|unreachable|no answer/i);
    await expect(error).toContainText(/running|URL|port/i);
    // What the user typed is still there.
    await expect(page.getByLabel('FHIR base URL (iss)')).toHaveValue('http://127.0.0.1:9/fhir');
  });

  test('a server without CORS', async ({ page }) => {
    const error = await discoverWith(page, `${plainOrigin}/no-cors/fhir`);
    await expect(error).toContainText('cors');
    await expect(error).toContainText('Access-Control-Allow-Origin');
    await expect(error).toContainText(APP_ORIGIN);
  });

  test('an HTML page where the discovery document belongs', async ({ page }) => {
    const error = await discoverWith(page, `${plainOrigin}/html/fhir`);
    await expect(error).toContainText('not_json');
    await expect(error).toContainText(/HTML/);
  });
});
