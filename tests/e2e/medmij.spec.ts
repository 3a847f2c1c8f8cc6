import { expect, test, type Page } from '@playwright/test';
import { openFlow, step } from './helpers';
import { atDigid, atMedMijConsent } from './flow-drivers';

/**
 * MedMij Verzamelen in a real browser against the in-browser mocks: the
 * flow runs on its own (?auto=1) until the browser is at DigiD and at the
 * zorgaanbieder's consent page, where the test plays the person.
 */
const FLOW = 'medmij-verzamelen';

async function backAtFlow(page: Page) {
  await page.waitForURL(new RegExp(`/flows/${FLOW}`), { timeout: 20_000 });
}

test.describe('MedMij Verzamelen with DigiD', () => {
  test('a first visit reads the ZAL and GNL in its set-up, before the mock worker controls the page', async ({ page }) => {
    // A fresh browser context: no service worker yet. The set-up panel asks for the lists at its first render.
    await openFlow(page, 'medmij-verzamelen');
    const setup = page.getByTestId('medmij-setup');
    await expect(setup.getByRole('combobox', { name: /^Zorgaanbieder/ }).getByRole('option')).not.toHaveCount(1);
    expect(
      await setup
        .getByRole('combobox', { name: /^Zorgaanbieder/ })
        .getByRole('option')
        .count(),
    ).toBeGreaterThan(1);
    await expect(setup.getByRole('alert')).toHaveCount(0);
  });

  test('happy path: DigiD, consent, code, token, and the lab results on screen', async ({ page }) => {
    await openFlow(page, FLOW, '?auto=1');
    await atDigid(page, { account: 'test-anna' });
    await atMedMijConsent(page, 'Toestaan');
    await backAtFlow(page);
    await expect(page.getByText('Flow complete')).toBeVisible({ timeout: 20_000 });
    for (const id of ['as-session', 'digid-artifact', 'artifact-resolve', 'availability', 'consent', 'callback', 'token-response', 'resource-response']) {
      await expect(step(page, id)).toHaveAttribute('data-status', 'done');
    }
    await expect(step(page, 'present').getByText('Hemoglobine').first()).toBeVisible();
    await expect(step(page, 'callback').getByTestId('artifact-compare').first()).toHaveAttribute('data-equal', 'true');
  });

  test('an under-16 DigiD account ends at the availability check: access_denied "No such resources."', async ({ page }) => {
    await openFlow(page, FLOW, '?auto=1');
    await atDigid(page, { account: 'test-emma' });
    await backAtFlow(page);
    await expect(step(page, 'availability')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
    const error = step(page, 'availability').getByTestId('step-error');
    await expect(error).toContainText('access_denied');
    await expect(error).toContainText('No such resources.');
    await expect(step(page, 'token-request')).toHaveAttribute('data-status', 'pending');
  });

  test('Annuleren at DigiD ends at the artifact resolution: unauthorized_client', async ({ page }) => {
    await openFlow(page, FLOW, '?auto=1');
    await atDigid(page, { cancel: true });
    await backAtFlow(page);
    await expect(step(page, 'artifact-resolve')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
    await expect(step(page, 'artifact-resolve').getByTestId('step-error')).toContainText('unauthorized_client');
  });

  test('Weigeren at the consent question: access_denied "Authorization denied."', async ({ page }) => {
    await openFlow(page, FLOW, '?auto=1');
    await atDigid(page, { account: 'test-daan' });
    await atMedMijConsent(page, 'Weigeren');
    await backAtFlow(page);
    await expect(step(page, 'consent')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
    const error = step(page, 'consent').getByTestId('step-error');
    await expect(error).toContainText('access_denied');
    await expect(error).toContainText('Authorization denied.');
  });

  test('an error planted at the callback with a forged state is a CSRF finding, not the error it carries', async ({ page }) => {
    await openFlow(page, FLOW, '?auto=1');
    await page.waitForURL(/\/mock\/digid\/(s\/[^/]+\/)?sso\?/);
    // Someone else's answer arrives instead of this browser's own.
    await page.goto('/callback?error=access_denied&error_description=Authorization+denied.&state=forged-elsewhere');
    await backAtFlow(page);
    await expect(step(page, 'as-session')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
    const error = step(page, 'as-session').getByTestId('step-error');
    await expect(error).toContainText('state_mismatch');
    await expect(error).toContainText('CSRF');
    await expect(step(page, 'consent')).toHaveAttribute('data-status', 'pending');
  });

  test('Back from the consent page to the DigiD return shows the consent question again, not an error', async ({ page }) => {
    await openFlow(page, FLOW, '?auto=1');
    await atDigid(page, { account: 'test-anna' });
    await page.waitForURL(/\/oauth\/consent\?/);
    const consentUrl = page.url();
    await page.goBack();
    await page.waitForURL(consentUrl, { timeout: 20_000 });
    await atMedMijConsent(page, 'Toestaan');
    await backAtFlow(page);
    await expect(page.getByText('Flow complete')).toBeVisible({ timeout: 20_000 });
  });
});
