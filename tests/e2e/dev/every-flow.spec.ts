import { expect, test } from '@playwright/test';
import { actAtAuthServer, openFlow, step } from '../helpers';
import { atDigid, atMedMijConsent, launchFromEhr } from '../flow-drivers';

/**
 * Every flow once in the Vite dev server (`npm run dev`, the newcomer's
 * default): React StrictMode runs effects twice there, so a mock page whose
 * "view" is not idempotent, or a runner step started twice, breaks here and
 * nowhere else. Module loading is slow in dev on a busy machine, hence the
 * generous timeouts; nothing waits on a clock.
 */
const DONE = { timeout: 60_000 };

test('SMART EHR launch from the mock EHR, ?auto=1 with a skip scenario', async ({ page }) => {
  await launchFromEhr(page, { patient: 'Grace Okafor', auto: true, skip: true });
  await expect(page.getByText('Flow complete')).toBeVisible(DONE);
  await expect(step(page, 'read-patient').getByText('Grace Okafor').first()).toBeVisible();
  await expect(step(page, 'id-token').getByTestId('artifact-jwt')).toHaveAttribute('data-signature', 'valid');
});

test("SMART standalone launch, ?auto=1 through the authorization server's pages", async ({ page }) => {
  await openFlow(page, 'standalone-launch', '?auto=1');
  await page.waitForURL(/\/auth\/authorize/, DONE);
  await actAtAuthServer(page, { account: 'p-anna', patient: 'Anna de Vries' });
  await expect(page.getByText('Flow complete')).toBeVisible(DONE);
  await expect(step(page, 'read-patient').getByText('Anna de Vries').first()).toBeVisible();
  await expect(
    step(page, 'callback')
      .getByTestId('artifact-compare')
      .filter({ hasText: /^state/ }),
  ).toHaveAttribute('data-equal', 'true');
});

test('SMART Backend Services, ?auto=1', async ({ page }) => {
  await openFlow(page, 'backend-services', '?auto=1');
  await expect(step(page, 'introspect-unknown')).toHaveAttribute('data-status', 'done', DONE);
  await expect(step(page, 'sign').getByTestId('artifact-jwt')).toHaveAttribute('data-signature', 'valid');
});

test('MedMij Verzamelen, ?auto=1 through DigiD and consent to the lab results', async ({ page }) => {
  await openFlow(page, 'medmij-verzamelen', '?auto=1');
  await atDigid(page, { account: 'test-anna' });
  await atMedMijConsent(page, 'Toestaan');
  await page.waitForURL(/\/flows\/medmij-verzamelen/, DONE);
  await expect(page.getByText('Flow complete')).toBeVisible(DONE);
  await expect(step(page, 'artifact-resolve')).toHaveAttribute('data-status', 'done');
  await expect(step(page, 'present').getByText('Hemoglobine').first()).toBeVisible();
});

test('SMART provider standalone launch, ?auto=1: the practitioner signs in and picks a patient', async ({ page }) => {
  await openFlow(page, 'provider-standalone-launch', '?auto=1');
  await page.waitForURL(/\/auth\/authorize/, DONE);
  await actAtAuthServer(page, { account: 'pr-noor', patient: 'Hugo Peters' });
  await expect(page.getByText('Flow complete')).toBeVisible(DONE);
  await expect(step(page, 'read-patient').getByText('Hugo Peters').first()).toBeVisible();
  await expect(step(page, 'fhir-user')).toContainText('Practitioner/pr-noor');
});
