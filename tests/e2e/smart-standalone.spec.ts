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
    await expect(step(page, 'callback').getByTestId('artifact-compare')).toHaveAttribute('data-equal', 'true');

    // The token response carries the patient picked at the server.
    await expect(step(page, 'token').getByRole('cell', { name: 'p-chloe', exact: true })).toBeVisible();

    // The id_token's signature checked against the JWKS.
    await expect(step(page, 'id-token').getByTestId('artifact-jwt')).toHaveAttribute('data-signature', 'valid');
    await expect(step(page, 'id-token').getByText('signature valid')).toBeVisible();

    // The Patient's name, read from FHIR with the token.
    await expect(step(page, 'read-patient').getByText('Chloé Bakker').first()).toBeVisible();
    await expect(step(page, 'refresh')).toHaveAttribute('data-status', 'done');
  });

  test('?auto=1 runs without pausing, through the server\'s pages, to the end', async ({ page }) => {
    await openFlow(page, 'standalone-launch', '?auto=1');
    await page.waitForURL(/\/auth\/authorize/);
    await actAtAuthServer(page, { account: 'p-anna', patient: 'Anna de Vries' });
    await expect(page.getByText('Flow complete')).toBeVisible({ timeout: 20_000 });
    await expect(step(page, 'read-patient').getByText('Anna de Vries').first()).toBeVisible();
    await expect(step(page, 'callback').getByTestId('artifact-compare')).toHaveAttribute('data-equal', 'true');
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
});
