/**
 * "Inspect an app" in a real browser: register an app in the form on the page
 * served by `npm run mock-server`, launch it from the mock EHR, and watch its
 * run and checks appear. The app is a tiny one served by this test on its own
 * port, written with fhirclient's browser build as its docs show:
 * FHIR.oauth2.authorize on the launch page, FHIR.oauth2.ready on the redirect page.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { MOCK_SERVER_ORIGIN } from './origins';

// The test app's origin: a free port of this machine, chosen when the app starts (each test worker starts its own).
let APP = '';
const FHIR_CLIENT_JS = readFileSync(fileURLToPath(new URL('../../node_modules/fhirclient/build/fhir-client.js', import.meta.url)), 'utf8');

/** The app's registration is made in the page under test; the app learns its client_id once it exists. */
const app = { clientId: '' };

const page = (script: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>Test app</title><script src="/fhir-client.js"></script></head><body><p id="out">Starting…</p><script>${script}</script></body></html>`;

const LAUNCH = () => `
  // 32 random bytes, base64url: a state with 256 bits (fhirclient's default has about 95).
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const stateKey = btoa(String.fromCharCode(...bytes)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  FHIR.oauth2.authorize({ clientId: ${JSON.stringify(app.clientId)}, scope: 'launch openid fhirUser patient/*.rs', redirectUri: '/callback.html', pkceMode: 'required', stateKey });
`;
const CALLBACK = `
  FHIR.oauth2.ready()
    .then((client) => client.request('Patient/' + client.patient.id))
    .then((p) => { document.getElementById('out').textContent = 'Patient: ' + p.name[0].text; })
    .catch((e) => { document.getElementById('out').textContent = 'Failed: ' + e.message; });
`;

let server: Server;
test.beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/fhir-client.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(FHIR_CLIENT_JS);
    if (path === '/launch.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page(LAUNCH()));
    if (path === '/callback.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page(CALLBACK));
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  APP = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await new Promise((ok) => server?.close(ok));
});

test('register an app, launch it from the mock EHR, and see its run graded on the Inspect page', async ({ browser }) => {
  const context = await browser.newContext();
  const inspect = await context.newPage();
  await inspect.goto(`${MOCK_SERVER_ORIGIN}/inspect`);
  await expect(inspect.getByRole('heading', { name: 'Inspect an app', level: 1 })).toBeVisible();

  await inspect.getByLabel('App name').fill('fhirclient test app');
  await inspect.getByLabel('Client type').selectOption('none');
  await inspect.getByLabel(/Redirect URIs/).fill(`${APP}/callback.html`);
  await inspect.getByLabel(/Launch URL/).fill(`${APP}/launch.html`);
  await inspect.getByLabel('Scopes it may ask for').fill('launch openid fhirUser patient/*.rs');
  await inspect.getByRole('button', { name: 'Register' }).click();
  const clientId = (await inspect.getByTestId('client-id').textContent())!;
  expect(clientId).toMatch(/^app-/);
  app.clientId = clientId;
  await expect(inspect.getByText('No request from this app yet')).toBeVisible();

  // The EHR, opened from the page's link, launches the registered app at its launch URL.
  const ehrLink = inspect.getByRole('link', { name: 'Launch it from the mock EHR' });
  expect(await ehrLink.getAttribute('href')).toBe(`${MOCK_SERVER_ORIGIN}/mock/ehr?client_id=${clientId}`);
  const ehr = await context.newPage();
  await ehr.goto(`${MOCK_SERVER_ORIGIN}/mock/ehr?client_id=${clientId}`);
  await expect(ehr.getByLabel(/Registered app/)).toHaveValue(clientId);
  await ehr.getByLabel('Patient').selectOption('p-anna');
  await ehr.getByLabel(/Skip the sign-in/).check();
  await ehr.getByLabel(/Skip the consent/).check();
  await ehr.getByRole('button', { name: 'Launch' }).click();
  await ehr.waitForURL((url) => url.href.startsWith(`${APP}/callback.html`), { timeout: 30_000 });
  await expect(ehr.locator('#out')).toHaveText('Patient: Anna de Vries', { timeout: 30_000 });

  // The Inspect page polls: the run appears with its requests and checks.
  const run = inspect.getByTestId('run').first();
  await expect(run.getByText('EHR launch started')).toBeVisible({ timeout: 30_000 });
  await expect(run.locator('[data-check="launch"]')).toHaveAttribute('data-status', 'pass', { timeout: 30_000 });
  for (const id of ['discovery', 'state', 'pkce', 'aud', 'scope', 'redirect-uri', 'token-request', 'code', 'fhir-bearer', 'fhir-scope']) {
    await expect(run.locator(`[data-check="${id}"]`), id).toHaveAttribute('data-status', 'pass', { timeout: 30_000 });
  }
  await expect(run.locator('[data-check="state-compared"]')).toHaveAttribute('data-status', 'not-observable');
  // Each request is shown as it was sent, with the checks it decided beside it.
  await expect(run.locator('.inspect-request[data-kind="authorize"]').getByTestId('exchange')).toContainText('/auth/authorize');
  await expect(run.locator('.inspect-request[data-kind="fhir"] [data-check="fhir-bearer"]')).toBeVisible();
  await context.close();
});

test('in the in-browser mock mode the page says why it cannot inspect an app, and what to run instead', async ({ page }) => {
  await page.goto('/inspect');
  const note = page.getByTestId('needs-mock-server');
  await expect(note).toContainText('a service worker only sees the requests of pages on its own origin');
  await expect(note).toContainText('npm run mock-server');
});
