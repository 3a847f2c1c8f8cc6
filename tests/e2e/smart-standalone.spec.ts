import { expect, test } from '@playwright/test';
import { actAtAuthServer, continueUntil, onAuthServer, openFlow, step } from './helpers';

test.describe('SMART standalone launch against the in-browser mocks', () => {
  test('Continue through every step: PKCE, state, the patient picked at the server, id_token, FHIR', async ({ page }) => {
    await openFlow(page, 'standalone-launch');
    await continueUntil(page, async () => onAuthServer(page));

    await actAtAuthServer(page, { account: 'p-chloe', patient: 'Chloé Bakker' });
    await page.waitForURL(/\/flows\/standalone-launch/);

    await continueUntil(page, async () => (await page.getByText('Flow complete').count()) > 0);

    // The authorize request as sent: PKCE S256, aud = the FHIR base, launch/patient.
    const authorize = step(page, 'authorize-request');
    await expect(authorize.getByRole('cell', { name: 'S256', exact: true })).toBeVisible();
    const iss = await page.getByTestId('iss').textContent();
    await expect(authorize.getByRole('cell', { name: iss!, exact: true }).first()).toBeVisible();
    await expect(authorize.getByTestId('artifact-pkce')).toHaveAttribute('data-match', 'true');

    // The state that came back equals the one sent.
    await expect(
      step(page, 'callback')
        .getByTestId('artifact-compare')
        .filter({ hasText: /^state/ }),
    ).toHaveAttribute('data-equal', 'true');
    // The server named itself in the callback (RFC 9207): the server the app sent the user to.
    await expect(step(page, 'callback').getByTestId('artifact-compare').filter({ hasText: 'iss (RFC 9207)' })).toHaveAttribute('data-equal', 'true');

    // The token response carries the patient picked at the server.
    await expect(step(page, 'token').getByRole('cell', { name: 'p-chloe', exact: true })).toBeVisible();

    // The id_token's signature checked against the JWKS.
    await expect(step(page, 'id-token').getByTestId('artifact-jwt')).toHaveAttribute('data-signature', 'valid');
    await expect(step(page, 'id-token').getByText('signature valid')).toBeVisible();

    // The Patient's name, read from FHIR with the token.
    await expect(step(page, 'read-patient').getByText('Chloé Bakker').first()).toBeVisible();
    await expect(step(page, 'refresh')).toHaveAttribute('data-status', 'done');
  });

  test("?auto=1 runs without pausing, through the server's pages, to the end", async ({ page }) => {
    await openFlow(page, 'standalone-launch', '?auto=1');
    await page.waitForURL(/\/auth\/authorize/);
    await actAtAuthServer(page, { account: 'p-anna', patient: 'Anna de Vries' });
    await expect(page.getByText('Flow complete')).toBeVisible({ timeout: 20_000 });
    await expect(step(page, 'read-patient').getByText('Anna de Vries').first()).toBeVisible();
    await expect(
      step(page, 'callback')
        .getByTestId('artifact-compare')
        .filter({ hasText: /^state/ }),
    ).toHaveAttribute('data-equal', 'true');
  });

  test('denied consent ends the flow at the callback with access_denied; Start over keeps the set-up', async ({ page }) => {
    const scope = 'launch/patient openid fhirUser patient/Patient.rs patient/Condition.rs';
    await openFlow(page, 'standalone-launch');
    await page.getByRole('textbox', { name: 'scope' }).fill(scope);
    await page.getByRole('button', { name: 'Run to end' }).click();
    await page.waitForURL(/\/auth\/authorize/);
    await actAtAuthServer(page, { decision: 'deny' });
    await page.waitForURL(/\/flows\/standalone-launch/);
    await expect(step(page, 'callback')).toHaveAttribute('data-status', 'failed');
    const error = step(page, 'callback').getByTestId('step-error');
    await expect(error).toContainText('access_denied');
    await expect(step(page, 'token')).toHaveAttribute('data-status', 'pending');
    // Start over keeps the set-up for another try.
    await page.getByRole('button', { name: 'Start over (your set-up is kept)' }).click();
    await expect(page.getByRole('textbox', { name: 'scope' })).toHaveValue(scope);
    await expect(page.getByRole('button', { name: /^Continue: Discover/ })).toBeVisible();
  });

  test('an unticked scope at consent: the granted scope differs from the requested one', async ({ page }) => {
    await openFlow(page, 'standalone-launch', '?auto=1');
    await page.waitForURL(/\/auth\/authorize/);
    await actAtAuthServer(page, { untick: ['Observation'] });
    await page.waitForURL(/\/flows\/standalone-launch/);
    const scopes = step(page, 'token').getByTestId('artifact-scopes');
    await expect(scopes).toBeVisible({ timeout: 20_000 });
    await expect(scopes).toContainText('patient/Observation.rs');
    await expect(scopes).toContainText(/not granted/i);
    // Without the Observation scope, the FHIR server refuses the search with 403.
    await expect(step(page, 'observations')).toHaveAttribute('data-status', 'failed');
    await expect(step(page, 'observations').getByTestId('step-error')).toContainText('403');
  });
});

test.describe('simulated errors from the scenario', () => {
  async function runWithError(page: import('@playwright/test').Page, error: string) {
    await openFlow(page, 'standalone-launch');
    await page.getByLabel('Skip the login').check();
    await page.getByLabel('Skip the consent screen').check();
    await page.getByLabel('Signed-in patient when the login is skipped').selectOption('p-anna');
    await page.getByLabel('Simulate an error').selectOption(error);
    await page.getByRole('button', { name: 'Run to end' }).click();
  }

  test('auth_invalid_scope: the server redirects back with invalid_scope', async ({ page }) => {
    await runWithError(page, 'auth_invalid_scope');
    await expect(step(page, 'callback')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
    await expect(step(page, 'callback').getByTestId('step-error')).toContainText('invalid_scope');
  });

  test('token_invalid_token: the token endpoint refuses the code with invalid_grant', async ({ page }) => {
    await runWithError(page, 'token_invalid_token');
    await expect(step(page, 'token')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
    await expect(step(page, 'token').getByTestId('step-error')).toContainText('invalid_grant');
  });

  test('request_invalid_token: the FHIR server answers 401 invalid_token', async ({ page }) => {
    await runWithError(page, 'request_invalid_token');
    // The first FHIR call is the fhirUser read; the token itself was issued fine.
    await expect(step(page, 'token')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
    await expect(step(page, 'fhir-user')).toHaveAttribute('data-status', 'failed');
    await expect(step(page, 'fhir-user').getByTestId('step-error')).toContainText('invalid_token');
  });

  test('auth_invalid_redirect_uri: the server shows an error page and does not redirect', async ({ page }) => {
    await runWithError(page, 'auth_invalid_redirect_uri');
    await page.waitForURL(/\/auth\/authorize/);
    await expect(page.getByRole('heading', { name: 'The authorization request was refused' })).toBeVisible();
    await expect(page.getByText(/redirect_uri/).first()).toBeVisible();
    expect(new URL(page.url()).pathname).not.toBe('/callback');
  });

  test('a wrong client secret: the token endpoint answers invalid_client', async ({ page }) => {
    await openFlow(page, 'standalone-launch');
    await page.getByLabel('Confidential (secret)').check();
    await page.getByLabel('client_secret').fill('not-the-secret');
    await page.getByLabel('Skip the login').check();
    await page.getByLabel('Skip the consent screen').check();
    await page.getByLabel('Signed-in patient when the login is skipped').selectOption('p-anna');
    await page.getByRole('button', { name: 'Run to end' }).click();
    await expect(step(page, 'token')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
    await expect(step(page, 'token').getByTestId('step-error')).toContainText('invalid_client');
  });

  test('a longer code life for teaching: the choice goes into the FHIR base and the step with the code counts down from it', async ({ page }) => {
    await openFlow(page, 'standalone-launch');
    await page.getByLabel('Authorization code life').selectOption('900');
    await page.getByLabel('Skip the login').check();
    await page.getByLabel('Skip the consent screen').check();
    await page.getByLabel('Signed-in patient when the login is skipped').selectOption('p-anna');
    // The choice travels in the FHIR base: the set-up is a link.
    const iss = (await page.getByTestId('iss').textContent())!;
    const segment = /\/s\/([^/]+)\/fhir$/.exec(iss)![1];
    expect(JSON.parse(Buffer.from(segment, 'base64url').toString())).toMatchObject({ codeLifetime: 900 });

    // Stop before the token exchange: the code's clock is on the step that received it.
    await continueUntil(page, async () => (await page.getByRole('button', { name: /^Continue: Exchange the code/ }).count()) > 0);
    const expiry = step(page, 'at-server').getByTestId('code-expiry');
    await expect(expiry).toContainText('of 900 s');
    const left = Number(await expiry.getAttribute('data-left'));
    expect(left).toBeGreaterThan(60);
    expect(left).toBeLessThanOrEqual(900);
    await continueUntil(page, async () => (await page.getByText('Flow complete').count()) > 0);
  });

  test('token_invalid_token: the refused code offers "restart from the authorize step", which keeps the set-up and runs again', async ({ page }) => {
    await runWithError(page, 'token_invalid_token');
    await expect(step(page, 'token')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
    const iss = await page.getByTestId('iss').textContent();
    await step(page, 'token')
      .getByRole('button', { name: /restart from the authorize step/ })
      .click();
    await expect(step(page, 'authorize-request')).toHaveAttribute('data-status', 'pending');
    await expect(step(page, 'token')).toHaveAttribute('data-status', 'pending');
    await expect(step(page, 'discover')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('iss')).toHaveText(iss!);
    await expect(page.getByRole('button', { name: /^Continue: Build the authorization request/ })).toBeVisible();
    // A new code is fetched: back at the token step (where the simulated error strikes again).
    await page.getByRole('button', { name: 'Run to end' }).click();
    await expect(step(page, 'callback')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
    await expect(step(page, 'token')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
  });

  test('a code that outlived its life: invalid_grant says it expired and offers the restart', async ({ page }) => {
    // The mock server runs in the page, so the page's clock is the server's clock too.
    await page.clock.install();
    await openFlow(page, 'standalone-launch');
    await page.getByLabel('Skip the login').check();
    await page.getByLabel('Skip the consent screen').check();
    await page.getByLabel('Signed-in patient when the login is skipped').selectOption('p-anna');
    await continueUntil(page, async () => (await page.getByRole('button', { name: /^Continue: Exchange the code/ }).count()) > 0);
    await page.clock.fastForward(61_000);
    await expect(step(page, 'at-server').getByTestId('code-expiry')).toHaveAttribute('data-left', '0');
    await page.getByRole('button', { name: /^Continue: Exchange the code/ }).click();
    await expect(step(page, 'token')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
    await expect(step(page, 'token').getByTestId('step-error')).toContainText('expired');
    await expect(step(page, 'token').getByRole('button', { name: /restart from the authorize step/ })).toBeVisible();
  });
});

test.describe("live mode: a confidential client's secret", () => {
  test('lasts the browser session unless "remember on this device" is ticked', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('playground:mode', 'live'));
    await page.goto('/flows/standalone-launch');
    await page.getByLabel('FHIR base URL (iss)').fill('https://fhir.example.org/r4');
    await page.getByLabel('Confidential (secret)').check();
    await page.getByLabel('client_id').fill('my-confidential-app');
    await page.getByLabel('client_secret').fill('top-secret-value');
    const stored = () =>
      page.evaluate(() => ({
        local: Object.keys(localStorage)
          .map((k) => localStorage.getItem(k))
          .join('\n'),
        session: Object.keys(sessionStorage)
          .filter((k) => k.startsWith('playground:live'))
          .map((k) => sessionStorage.getItem(k))
          .join('\n'),
      }));
    await expect(page.getByText(/for this browser session only/)).toBeVisible();
    const first = await stored();
    let local = first.local;
    expect(local).toContain('my-confidential-app');
    expect(local).not.toContain('top-secret-value');
    expect(first.session).toContain('top-secret-value');

    await page.getByLabel('Remember the secret on this device').check();
    ({ local } = await stored());
    expect(local).toContain('top-secret-value');
    await page.getByLabel('Remember the secret on this device').uncheck();
    ({ local } = await stored());
    expect(local).not.toContain('top-secret-value');
  });
});
