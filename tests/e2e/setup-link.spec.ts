import { expect, test, type Page } from '@playwright/test';
import { openFlow, step } from './helpers';

/** A set-up is a link: what the set-up panel shows after opening one. */
async function expectStandaloneSetup(page: Page) {
  await expect(page.getByLabel('Confidential (secret)')).toBeChecked();
  await expect(page.getByLabel('client_id')).toHaveValue('playground-confidential');
  await expect(page.getByLabel('Client authentication')).toHaveValue('client_secret_post');
  await expect(page.getByLabel('Skip the login')).toBeChecked();
  await expect(page.getByLabel('Skip the consent screen')).toBeChecked();
  await expect(page.getByLabel('Signed-in patient when the login is skipped')).toHaveValue('p-anna');
  await expect(page.getByLabel('Simulate an error')).toHaveValue('token_invalid_token');
}

test.describe('a set-up is a link', () => {
  test('set up in the panel, Copy link, open it in a fresh browser: the same set-up, and no secret in the link', async ({ browser, baseURL }) => {
    const teacher = await browser.newContext({ baseURL });
    await teacher.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    const page = await teacher.newPage();
    await openFlow(page, 'standalone-launch');
    await page.getByLabel('Confidential (secret)').check();
    await page.getByLabel('Client authentication').selectOption('client_secret_post');
    await page.getByLabel('Skip the login').check();
    await page.getByLabel('Skip the consent screen').check();
    await page.getByLabel('Signed-in patient when the login is skipped').selectOption('p-anna');
    await page.getByLabel('Simulate an error').selectOption('token_invalid_token');

    // The address bar follows the set-up.
    await expect(page).toHaveURL(/error=token_invalid_token/);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect(page.getByRole('button', { name: 'Copy link' })).toHaveText('Copied');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(
      `${baseURL}/flows/standalone-launch?client=confidential&auth=client_secret_post&login=skip&consent=skip&patient=p-anna&error=token_invalid_token`,
    );
    expect(link).toBe(page.url());
    // The mock's secret is given back by client=confidential, not carried.
    expect(link).not.toContain('secret=');
    await expect(page.getByTestId('setup-link-note')).toHaveCount(0);

    // A secret typed on purpose is left out, and the header says so.
    await page.getByLabel('client_secret').fill('my-own-secret');
    await expect(page.getByTestId('setup-link-note')).toHaveText('The client secret is not in the link: attendees type their own.');
    expect(page.url()).not.toContain('my-own-secret');

    const attendee = await browser.newContext({ baseURL });
    const fresh = await attendee.newPage();
    await fresh.goto(link);
    await fresh.getByRole('heading', { level: 1 }).first().waitFor();
    await expectStandaloneSetup(fresh);
    await expect(fresh.getByLabel('client_secret')).toHaveValue('playground-secret');
    await expect(fresh.getByTestId('setup-link-problems')).toHaveCount(0);
    await teacher.close();
    await attendee.close();
  });

  test('a link with a simulated error and ?auto=1 runs, in a fresh browser, to that error at the token step', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await page.goto('/flows/standalone-launch?client=confidential&login=skip&consent=skip&patient=p-anna&error=token_invalid_token&auto=1');
    await expect(step(page, 'token')).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
    await expect(step(page, 'token').getByTestId('step-error')).toContainText('invalid_grant');
    await expect(step(page, 'callback')).toHaveAttribute('data-status', 'done');
    // Confidential: the token request authenticated with the secret (Basic, the default).
    await expect(
      step(page, 'token')
        .getByText(/Authorization: Basic/)
        .first(),
    ).toBeVisible();
    await expect(page).toHaveURL(/client=confidential/);
    await context.close();
  });

  test('a value that cannot be read is named on the page, and its default is used', async ({ page }) => {
    await openFlow(page, 'standalone-launch', '?client=semi-public&error=token_teapot&scope=patient/Patient.rs+%22x%22');
    const problems = page.getByTestId('setup-link-problems');
    await expect(problems).toBeVisible();
    await expect(problems).toContainText('client=semi-public');
    await expect(problems).toContainText('Accepted: public, confidential');
    await expect(problems).toContainText('error=token_teapot');
    await expect(problems).toContainText('token_invalid_token');
    await expect(problems).toContainText('scope=patient/Patient.rs "x"');
    await expect(page.getByLabel('Public (PKCE only)')).toBeChecked();
    await expect(page.getByLabel('Simulate an error')).toHaveValue('');
    // The address bar now says what the set-up is: the defaults, so no set-up parameter.
    await expect(page).toHaveURL(/\/flows\/standalone-launch$/);
  });

  test('a link with another set-up replaces the run in progress in this tab, and says so', async ({ page }) => {
    await openFlow(page, 'standalone-launch');
    await page.getByRole('button', { name: /^Continue: / }).click();
    await expect(step(page, 'discover')).toHaveAttribute('data-status', 'done');
    await page.goto('/flows/standalone-launch?client=confidential&present=1');
    await expect(page.getByTestId('setup-link-replaced')).toContainText('starts fresh');
    await expect(step(page, 'discover')).toHaveAttribute('data-status', 'pending');
    await expect(page.getByLabel('Confidential (secret)')).toBeChecked();
    // Parameters that are not the set-up's stay as they were.
    expect(new URL(page.url()).searchParams.get('present')).toBe('1');
  });

  test('MedMij: the language and the simulation come from the link', async ({ page }) => {
    await openFlow(page, 'medmij-verzamelen', '?lang=nl&scope=2.x&error=consent-deny');
    await expect(page.getByTestId('medmij-lang-nl')).toBeChecked();
    await expect(page.getByTestId('medmij-simulate')).toHaveValue('consent-deny');
    await page.getByTestId('medmij-lang-en').check();
    await expect(page).toHaveURL(/\?scope=2\.x&error=consent-deny$/);
  });

  test('EHR launch: the link begins at the mock EHR, and the set-up comes through the launch', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await page.goto('/flows/ehr-launch?client=confidential&auth=client_secret_post&error=token_invalid_token');
    await page.getByRole('link', { name: 'Launch from the mock EHR with this set-up' }).click();
    await page.waitForURL(/\/mock\/ehr/);
    const ehrError = page.getByLabel('Simulated error');
    await expect(ehrError).toHaveValue('token_invalid_token');
    await page.getByRole('button', { name: 'Launch' }).click();
    await page.waitForURL(/\/flows\/ehr-launch/);
    await expect(page.getByLabel('Confidential (secret)')).toBeChecked();
    await expect(page.getByLabel('Client authentication')).toHaveValue('client_secret_post');
    await expect(page.getByLabel('Simulate an error')).toHaveValue('token_invalid_token');
    await expect(page).toHaveURL(/client=confidential&auth=client_secret_post&error=token_invalid_token/);
    await expect(page.getByTestId('setup-link-problems')).toHaveCount(0);
    // The launch is here: no need to begin at the EHR again.
    await expect(page.getByTestId('setup-link-start')).toHaveCount(0);
    await context.close();
  });
});
