import { expect, type Page } from '@playwright/test';

/**
 * Drivers that play the person at the mock servers' own pages (the EHR,
 * DigiD, a zorgaanbieder's consent page), shared by the build and the dev
 * server browser tests.
 */

/** Open the mock EHR, choose a patient and launch the app (optionally with ?auto=1 and a skip scenario). */
export async function launchFromEhr(page: Page, options: { auto?: boolean; patient: string; skip?: boolean }): Promise<void> {
  await page.goto('/mock/ehr');
  await page.getByRole('heading', { name: 'Launch a SMART app from the EHR' }).waitFor();
  const value = await page.getByLabel('Patient').locator('option', { hasText: options.patient }).getAttribute('value');
  await page.getByLabel('Patient').selectOption(value);
  if (options.auto) await page.getByLabel('App launch URL').fill(`${new URL(page.url()).origin}/launch?auto=1`);
  if (options.skip) {
    await page.getByLabel(/Skip the sign-in/).check();
    await page.getByLabel(/Skip the consent/).check();
  }
  await page.getByRole('button', { name: 'Launch' }).click();
  await page.waitForURL(/\/flows\/ehr-launch/);
}

/** At DigiD's login page: sign in with a test account, or cancel. */
export async function atDigid(page: Page, choice: { account?: string; cancel?: boolean }): Promise<void> {
  await page.waitForURL(/\/mock\/digid\/(s\/[^/]+\/)?sso\?/);
  await expect(page.getByTestId('digid-mock-banner')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Inloggen bij DigiD' })).toBeVisible();
  if (choice.cancel) {
    await page.getByRole('button', { name: 'Annuleren' }).click();
    return;
  }
  await page.getByTestId(`digid-account-${choice.account ?? 'test-anna'}`).check();
  await expect(page.getByTestId('digid-username')).toHaveValue(choice.account ?? 'test-anna');
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

/** At the zorgaanbieder's consent page: allow or refuse. */
export async function atMedMijConsent(page: Page, decision: 'Toestaan' | 'Weigeren'): Promise<void> {
  await page.waitForURL(/\/oauth\/consent\?/);
  await expect(page.getByTestId('consent-organisation')).toContainText('Health OAuth Playground PGO');
  await expect(page.getByTestId('consent-dienst')).toContainText('Laboratoriumresultaten');
  await page.getByRole('button', { name: decision }).click();
}
