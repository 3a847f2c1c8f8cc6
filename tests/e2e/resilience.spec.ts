import { expect, test } from '@playwright/test';

test("when the app's own code cannot load, the page says so instead of staying blank", async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('playground:mode', 'live'));
  // The chunk with the app's router fails to load, as after a rebuild of a running server.
  await page.route(/\/assets\/App-[^/]+\.js$/, (route) => route.abort());
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The playground could not start.');
  await expect(alert).toContainText('What failed:');
  await expect(alert).toContainText('Reload the page');
});

test('a callback that no flow waits for explains why and shows what came back', async ({ page }) => {
  await page.goto('/callback?code=abc&state=xyz');
  await expect(page.getByRole('heading', { name: 'The browser came back, but no flow is waiting for it' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'abc' })).toBeVisible();
});

test('a launch URL without launch says what is missing', async ({ page }) => {
  await page.goto('/launch?iss=http%3A%2F%2Fexample.org%2Ffhir');
  await expect(page.getByRole('alert')).toContainText('it has iss');
  await expect(page.getByRole('alert').getByRole('link', { name: 'mock EHR' })).toBeVisible();
});
