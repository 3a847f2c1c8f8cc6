import { expect, test, type Page } from '@playwright/test';

/** SMART Backend Services in a real browser, against the mocks served by the in-browser worker. */
const STEPS = ['key', 'register', 'discover', 'assertion', 'sign', 'token', 'fhir-search', 'introspect', 'introspect-unknown'];

const step = (page: Page, id: string) => page.getByTestId(`step-${id}`);

test('generate a key, register it, get a token, search FHIR and introspect', async ({ page }) => {
  await page.goto('/flows/backend-services');

  // One step at a time first: the key is made in this browser.
  await page.getByRole('button', { name: /^Continue: Make or import the key pair/ }).click();
  await expect(step(page, 'key')).toHaveAttribute('data-status', 'done');
  await expect(step(page, 'key')).toContainText('extractable: false');

  await page.getByRole('button', { name: 'Run to end' }).click();
  for (const id of STEPS) await expect(step(page, id)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });

  const jwt = step(page, 'sign').getByTestId('artifact-jwt');
  await expect(jwt).toHaveAttribute('data-signature', 'valid');
  await expect(jwt).toContainText('RS384');
  await expect(step(page, 'token').getByTestId('artifact-opaque-token')).toBeVisible();
  await expect(step(page, 'fhir-search').getByTestId('artifact-table')).toContainText('p-anna');
  await expect(step(page, 'introspect').getByTestId('artifact-table')).toContainText('true');
  // Which caller authentication the introspection used, and why, is on screen.
  const caller = step(page, 'introspect').locator('[data-testid="artifact-value"][data-label="Caller authentication"]');
  await expect(caller).toContainText('private_key_jwt');
  await expect(caller).toContainText('introspection_endpoint_auth_methods_supported');
  await expect(step(page, 'introspect-unknown')).toContainText('active is false');
});

test('the same flow runs without pausing with ?auto=1, ES384 registered by URL', async ({ page }) => {
  await page.goto('/flows/backend-services');
  await page.getByLabel('Key algorithm').selectOption('ES384');
  await page.getByLabel('Register the key').selectOption('by-url');
  await page.goto('/flows/backend-services?auto=1');
  await expect(step(page, 'introspect-unknown')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const jwt = step(page, 'sign').getByTestId('artifact-jwt');
  await expect(jwt).toHaveAttribute('data-signature', 'valid');
  await expect(jwt).toContainText('jku');
});

test('a replayed assertion is refused and the reason is on screen', async ({ page }) => {
  await page.goto('/flows/backend-services');
  await page.getByLabel('Try a failure').selectOption('replayed-jti');
  await page.getByRole('button', { name: 'Run to end' }).click();

  const token = step(page, 'token');
  await expect(token).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
  const error = token.getByTestId('step-error');
  await expect(error).toHaveAttribute('data-code', 'invalid_client');
  await expect(error).toContainText('already used');
  // Both requests are on screen: the first got a token, the replay was refused.
  await expect(token.getByTestId('exchange')).toHaveCount(2);
  await expect(token.getByTestId('http-status').first()).toContainText('200');
  await expect(token.getByTestId('http-status').nth(1)).toContainText('401');
  await expect(step(page, 'fhir-search')).toHaveAttribute('data-status', 'pending');
});
