/**
 * In mock mode a whole run stays in one document: the mock servers' pages and
 * the callback are router navigations of the one app. Full loads (a reload, a
 * link, a real 302) still work and recover from the journal; live mode against
 * a real server keeps real redirects.
 */
import { expect, test, type Page } from '@playwright/test';
import { actAtAuthServer, continueUntil, ehrLaunchUrl, onAuthServer, openFlow, step } from './helpers';
import { atDigid, atMedMijConsent } from './flow-drivers';
import { APP_ORIGIN, MOCK_SERVER_ORIGIN } from './origins';

/** Counts the documents the page loads in its main frame from now on. */
function countDocuments(page: Page): { readonly count: number; readonly urls: string[] } {
  const urls: string[] = [];
  page.on('request', (r) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) urls.push(r.url());
  });
  return {
    get count() {
      return urls.length;
    },
    urls,
  };
}

test.describe('a mock-mode run loads one document', () => {
  test("EHR launch with ?auto=1 and a skip scenario: launch URL to the Patient's name", async ({ page }) => {
    const launchUrl = await ehrLaunchUrl(page, 'p-anna');
    const documents = countDocuments(page);
    const addresses: string[] = [];
    page.on('framenavigated', (frame) => frame === page.mainFrame() && addresses.push(new URL(frame.url()).pathname));
    await page.goto(launchUrl);
    await expect(page.getByText('Flow complete')).toBeVisible({ timeout: 30_000 });
    await expect(step(page, 'read-patient').getByText('Anna de Vries').first()).toBeVisible();
    expect(documents.urls).toEqual([launchUrl]);
    // The run ended while the page was open: the focus is on its summary, in view below the twelve step cards.
    await expect(page.getByTestId('run-summary')).toBeFocused();
    await expect(page.getByTestId('run-summary').getByRole('heading', { level: 2 })).toBeInViewport();
    // The authorization server answered 302 (no sign-in, no consent): as in a browser, its page was never shown,
    // and the flow page took the return itself.
    expect(addresses.filter((p) => p.startsWith('/mock/'))).toEqual([]);
    await expect(step(page, 'callback')).toContainText('code');
  });

  test("the mock EHR's Launch button reaches the app without loading a document", async ({ page }) => {
    await page.goto('/mock/ehr');
    await page.getByRole('heading', { name: 'Launch a SMART app from the EHR' }).waitFor();
    await page.getByLabel('App launch URL').fill(`${new URL(page.url()).origin}/launch?auto=1`);
    await page.getByLabel(/Skip the sign-in/).check();
    await page.getByLabel(/Skip the consent/).check();
    const documents = countDocuments(page);
    await page.getByRole('button', { name: 'Launch' }).click();
    await expect(page.getByText('Flow complete')).toBeVisible({ timeout: 30_000 });
    expect(documents.count).toBe(0);
  });

  test('standalone launch through the sign-in, picker and consent pages', async ({ page }) => {
    const documents = countDocuments(page);
    await openFlow(page, 'standalone-launch');
    await continueUntil(page, async () => onAuthServer(page));
    await actAtAuthServer(page, { account: 'p-chloe', patient: 'Chloé Bakker' });
    await page.waitForURL(/\/flows\/standalone-launch/);
    await continueUntil(page, async () => (await page.getByText('Flow complete').count()) > 0);
    await expect(step(page, 'read-patient').getByText('Chloé Bakker').first()).toBeVisible();
    expect(documents.count).toBe(1);
  });
});

test.describe('full loads of the mock pages and the callback recover the run', () => {
  test('a reload on the sign-in page resumes the sign-in', async ({ page }) => {
    await openFlow(page, 'standalone-launch', '?auto=1');
    await page.waitForURL(/\/auth\/authorize/);
    await expect(page.getByRole('heading', { name: /^Sign in/ })).toBeVisible();
    // The address names the session once the page has one: the reload resumes it.
    await page.waitForURL(/\/auth\/authorize\?session=/);
    await page.reload();
    await expect(page.getByRole('heading', { name: /^Sign in/ })).toBeVisible();
    await actAtAuthServer(page, { account: 'p-anna', patient: 'Anna de Vries' });
    await expect(page.getByText('Flow complete')).toBeVisible({ timeout: 30_000 });
    await expect(step(page, 'read-patient').getByText('Anna de Vries').first()).toBeVisible();
  });

  test('a reload on the DigiD page shows it again and the MedMij run completes', async ({ page }) => {
    await openFlow(page, 'medmij-verzamelen', '?auto=1');
    await page.waitForURL(/\/mock\/digid\/(s\/[^/]+\/)?sso\?/);
    await expect(page.getByRole('heading', { name: 'Inloggen bij DigiD' })).toBeVisible();
    await page.reload();
    await atDigid(page, { account: 'test-anna' });
    await atMedMijConsent(page, 'Toestaan');
    await expect(page.getByText('Flow complete')).toBeVisible({ timeout: 30_000 });
  });

  test('/callback loaded as a document (a reload, a real redirect) hands the return to the waiting flow', async ({ page }) => {
    await openFlow(page, 'standalone-launch', '?auto=1');
    await page.waitForURL(/\/auth\/authorize/);
    await expect(page.getByRole('heading', { name: /^Sign in/ })).toBeVisible();
    await page.waitForURL(/\/auth\/authorize\?session=/);
    // Play the page's own conversation, but do not follow the final location: open it as a full load instead.
    const callback = await page.evaluate(async (): Promise<string> => {
      const post = async (body: Record<string, unknown>) => {
        const res = await fetch(location.pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return (await res.json()) as { screen?: string; location?: string; scopes?: { scope: string }[] };
      };
      const session = new URLSearchParams(location.search).get('session')!;
      let answer = await post({ action: 'login', session, username: 'p-anna', password: 'x' });
      if (answer.screen === 'patient-picker') answer = await post({ action: 'pick-patient', session, patient: 'p-anna' });
      if (answer.screen === 'consent') answer = await post({ action: 'consent', session, scopes: answer.scopes!.map((s) => s.scope) });
      if (!answer.location) throw new Error(`no location: ${JSON.stringify(answer)}`);
      return answer.location;
    });
    expect(new URL(callback).pathname).toBe('/callback');
    await page.goto(callback);
    await expect(page.getByText('Flow complete')).toBeVisible({ timeout: 30_000 });
    await expect(step(page, 'callback').getByTestId('artifact-compare').first()).toHaveAttribute('data-equal', 'true');
  });
});

test('live mode against npm run mock-server keeps real redirects', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('playground:mode', 'live'));
  const documents = countDocuments(page);
  await openFlow(page, 'standalone-launch');
  await page.getByLabel('FHIR base URL (iss)').fill(`${MOCK_SERVER_ORIGIN}/mock/smart/fhir`);
  await page.getByLabel('client_id').fill('playground-public');
  await continueUntil(page, async () => page.url().startsWith(MOCK_SERVER_ORIGIN));
  await actAtAuthServer(page, { account: 'p-hugo' });
  await page.waitForURL((url) => url.href.startsWith(`${APP_ORIGIN}/flows/standalone-launch`));
  await continueUntil(page, async () => (await page.getByText('Flow complete').count()) > 0);
  // The app, the server's authorize page, and the app's /callback: each a document of its own.
  expect(documents.urls.some((u) => u.startsWith(`${MOCK_SERVER_ORIGIN}/mock/smart/auth/authorize`))).toBe(true);
  expect(documents.urls.some((u) => u.startsWith(`${APP_ORIGIN}/callback?`))).toBe(true);
  expect(documents.count).toBeGreaterThan(1);
});

test("the keyboard goes on with Enter: after Continue, focus is on the next step's Continue", async ({ page }) => {
  await openFlow(page, 'backend-services');
  const first = page.getByRole('button', { name: /^Continue/ });
  await first.focus();
  const title = await first.textContent();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /^Continue/ })).not.toHaveText(title!);
  await expect(page.getByRole('button', { name: /^Continue/ })).toBeFocused();
  const second = await page.getByRole('button', { name: /^Continue/ }).textContent();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /^Continue/ })).not.toHaveText(second!);
  await expect(page.getByRole('button', { name: /^Continue/ })).toBeFocused();
});

test('the Mock EHR link in the header opens the mock EHR in the same document', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Open SMART EHR launch' }).waitFor();
  const documents = countDocuments(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mock EHR' }).click();
  await expect(page.getByRole('heading', { name: 'Launch a SMART app from the EHR' })).toBeVisible({ timeout: 20_000 });
  expect(documents.count).toBe(0);
});
