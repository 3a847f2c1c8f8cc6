import { expect, test } from '@playwright/test';
import { actAtAuthServer, continueUntil, onAuthServer, openFlow, step } from './helpers';

const AT_SERVER = { timeout: 20_000 };

test.describe('SMART provider standalone launch against the in-browser mocks', () => {
  test('Continue through every step: the practitioner signs in, picks a patient, fhirUser is the practitioner', async ({ page }) => {
    await openFlow(page, 'provider-standalone-launch');
    await expect(page.getByRole('heading', { level: 1, name: 'SMART provider standalone launch' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'scope' })).toHaveValue(/launch\/patient .*user\/Patient\.rs/);
    await continueUntil(page, async () => onAuthServer(page));

    // The server offers practitioner accounts: the request asks for user/ scopes.
    await expect(page.getByRole('heading', { name: 'Sign in as a care provider' })).toBeVisible(AT_SERVER);
    await page.getByLabel('User name').fill('pr-noor');
    await page.getByLabel('Password').fill('any password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    // launch/patient and no patient in context: the picker, with birth dates and genders.
    await expect(page.getByRole('heading', { name: 'Select a patient' })).toBeVisible(AT_SERVER);
    const hugo = page.getByRole('row').filter({ hasText: 'Hugo Peters' });
    await expect(hugo.getByRole('cell', { name: 'male', exact: true })).toBeVisible();
    await expect(hugo.getByRole('cell', { name: /^\d{4}-\d{2}-\d{2}$/ })).toBeVisible();
    await page.getByRole('button', { name: 'Select Hugo Peters' }).click();

    // Viewing the page again resumes the session: the choice stands.
    await expect(page.getByRole('heading', { name: /^Allow / })).toBeVisible(AT_SERVER);
    await page.reload();
    await expect(page.getByRole('heading', { name: /^Allow / })).toBeVisible(AT_SERVER);
    await expect(page.getByText('Hugo Peters')).toBeVisible();
    await actAtAuthServer(page);
    await page.waitForURL(/\/flows\/provider-standalone-launch/, AT_SERVER);

    await continueUntil(page, async () => (await page.getByText('Flow complete').count()) > 0);

    // The token response carries the patient the practitioner picked.
    await expect(step(page, 'token').getByRole('cell', { name: 'p-hugo', exact: true })).toBeVisible();
    await expect(step(page, 'token').getByTestId('artifact-scopes')).toContainText('user/Observation.rs');
    // The id_token verifies, and its fhirUser is the practitioner.
    await expect(step(page, 'id-token').getByTestId('artifact-jwt')).toHaveAttribute('data-signature', 'valid');
    await expect(
      step(page, 'id-token')
        .getByText(/\/Practitioner\/pr-noor$/)
        .first(),
    ).toBeVisible();
    await expect(step(page, 'fhir-user').getByText(/Noor El Amrani \(.*Practitioner\/pr-noor\)/)).toBeVisible();
    // The Patient read shows the picked patient's name.
    await expect(step(page, 'read-patient').getByText('Hugo Peters').first()).toBeVisible();
    await expect(step(page, 'observations')).toHaveAttribute('data-status', 'done');
  });

  test('the home page lists both standalone launches', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'SMART patient standalone launch', exact: true })).toHaveAttribute('href', '/flows/standalone-launch');
    await expect(page.getByRole('link', { name: 'SMART provider standalone launch', exact: true })).toHaveAttribute(
      'href',
      '/flows/provider-standalone-launch',
    );
  });
});
