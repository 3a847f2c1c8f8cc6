import { expect, test } from '@playwright/test';
import { openFlow } from './helpers';
import { finished } from './page-tour';

/** Where the keyboard is when a page opens or a run ends. */
test.describe('focus', () => {
  test('the SMART sign-in page opens at its first field, the user name', async ({ page }) => {
    await openFlow(page, 'standalone-launch', '?auto=1');
    await page.waitForURL(/\/auth\/authorize/);
    await expect(page.getByRole('heading', { name: 'Sign in as a patient' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByLabel('User name')).toBeFocused();
    // Typing goes straight into the field.
    await page.keyboard.type('p-anna');
    await expect(page.getByLabel('User name')).toHaveValue('p-anna');
  });

  test("DigiD's login page opens at its first field, the first test account", async ({ page }) => {
    await openFlow(page, 'medmij-verzamelen', '?auto=1');
    await page.waitForURL(/\/mock\/digid\/(s\/[^/]+\/)?sso\?/);
    await expect(page.getByRole('heading', { name: 'Inloggen bij DigiD' })).toBeVisible({ timeout: 20_000 });
    const first = page.locator('main form').locator('input, select, textarea, button').first();
    await expect(first).toBeFocused();
    await expect(first).toHaveAttribute('type', 'radio');
  });

  test('at the end of a run the focus moves to its summary; a reload of the finished run leaves the focus alone', async ({ page }) => {
    await openFlow(page, 'backend-services');
    await page.getByRole('button', { name: 'Run to end' }).click();
    await finished(page);
    await expect(page.getByTestId('run-summary')).toBeFocused();
    await expect(page.getByTestId('run-summary').getByRole('heading', { level: 2 })).toHaveText('What this run obtained and proved');
    // In view, where a keyboard user sees the focus: the step cards above it take their real height as they come near.
    await expect(page.getByTestId('run-summary').getByRole('heading', { level: 2 })).toBeInViewport();

    await page.reload();
    await expect(page.getByTestId('run-summary')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('run-summary')).not.toBeFocused();
  });
});
