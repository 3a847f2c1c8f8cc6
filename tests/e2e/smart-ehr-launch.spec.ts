import { expect, test, type Page } from '@playwright/test';
import { actAtAuthServer, continueUntil, onAuthServer, step } from './helpers';

async function launchFromEhr(page: Page, options: { auto?: boolean; patient: string; skip?: boolean }) {
  await page.goto('/mock/ehr');
  await page.getByRole('heading', { name: 'Launch a SMART app from the EHR' }).waitFor();
  const value = await page.getByLabel('Patient').locator('option', { hasText: options.patient }).getAttribute('value');
  await page.getByLabel('Patient').selectOption(value!);
  if (options.auto) await page.getByLabel('App launch URL').fill(`${new URL(page.url()).origin}/launch?auto=1`);
  if (options.skip) {
    await page.getByLabel(/Skip the sign-in/).check();
    await page.getByLabel(/Skip the consent/).check();
  }
  await page.getByRole('button', { name: 'Launch' }).click();
  await page.waitForURL(/\/flows\/ehr-launch/);
}

test.describe('SMART EHR launch from the mock EHR', () => {
  test('Continue through every step: iss and launch, the clinician signs in, the patient from the EHR', async ({ page }) => {
    await launchFromEhr(page, { patient: 'Bram Jansen' });
    await expect(step(page, 'launch')).toHaveAttribute('data-status', 'pending');
    await continueUntil(page, async () => onAuthServer(page));
    await actAtAuthServer(page);
    await page.waitForURL(/\/flows\/ehr-launch/);
    await continueUntil(page, async () => (await page.getByText('Flow complete').count()) > 0);

    const launchStep = step(page, 'launch');
    await expect(launchStep.getByTestId('exchange').first()).toContainText('launch=');
    const authorize = step(page, 'authorize-request');
    await expect(authorize.getByRole('rowheader', { name: 'launch', exact: true })).toBeVisible();
    await expect(authorize.getByTestId('artifact-pkce')).toHaveAttribute('data-match', 'true');
    await expect(step(page, 'callback').getByTestId('artifact-compare')).toHaveAttribute('data-equal', 'true');
    await expect(step(page, 'token').getByRole('cell', { name: 'p-bram', exact: true })).toBeVisible();
    await expect(step(page, 'id-token').getByText('signature valid')).toBeVisible();
    await expect(step(page, 'fhir-user')).toContainText('Practitioner/');
    await expect(step(page, 'read-patient').getByText('Bram Jansen').first()).toBeVisible();
  });

  test('with ?auto=1 and a skip scenario the whole launch runs by itself', async ({ page }) => {
    await launchFromEhr(page, { patient: 'Grace Okafor', auto: true, skip: true });
    await expect(page.getByText('Flow complete')).toBeVisible({ timeout: 20_000 });
    await expect(step(page, 'read-patient').getByText('Grace Okafor').first()).toBeVisible();
    await expect(step(page, 'id-token').getByTestId('artifact-jwt')).toHaveAttribute('data-signature', 'valid');
  });
});
