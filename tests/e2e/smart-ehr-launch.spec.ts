import { expect, test } from '@playwright/test';
import { actAtAuthServer, continueUntil, onAuthServer, step } from './helpers';
import { launchFromEhr } from './flow-drivers';
import { MOCK_SERVER_ORIGIN } from './origins';

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
    await expect(
      step(page, 'callback')
        .getByTestId('artifact-compare')
        .filter({ hasText: /^state/ }),
    ).toHaveAttribute('data-equal', 'true');
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

test.describe('the launch URL and the iss it names', () => {
  const liveIss = `${MOCK_SERVER_ORIGIN}/mock/smart/fhir`;

  test('an iss the app does not know is shown and asked about before anything is sent, even with ?auto=1', async ({ page }) => {
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(MOCK_SERVER_ORIGIN)) sent.push(r.url());
    });
    await page.goto(`/launch?iss=${encodeURIComponent(liveIss)}&launch=abc&auto=1`);
    const host = new URL(MOCK_SERVER_ORIGIN).host;
    await expect(page.getByRole('heading', { name: `Start an EHR launch with ${host}?` })).toBeVisible();
    await expect(page.getByTestId('launch-iss')).toHaveText(liveIss);
    await expect(page.getByText(/RFC 9700/)).toBeVisible();
    await expect(page.getByRole('button', { name: `Continue to ${host}` })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe('/launch');

    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('heading', { name: 'Launch cancelled' })).toBeVisible();
    expect(sent).toEqual([]);
  });

  test('"Continue to <host>" starts the launch with that iss', async ({ page }) => {
    await page.goto(`/launch?iss=${encodeURIComponent(liveIss)}&launch=abc`);
    const host = new URL(MOCK_SERVER_ORIGIN).host;
    await page.getByRole('button', { name: `Continue to ${host}` }).click();
    await page.waitForURL(/\/flows\/ehr-launch/);
    await expect(step(page, 'launch')).toHaveAttribute('data-status', 'pending');
    await page.getByRole('button', { name: /^Continue: The EHR opens the app/ }).click();
    await expect(step(page, 'launch').getByText(liveIss).first()).toBeVisible();
  });

  test('the registration saved for the iss is the client the launch starts as, without a question', async ({ page }) => {
    await page.addInitScript((iss) => {
      localStorage.setItem('playground:mode', 'live');
      localStorage.setItem(
        `playground:live:${iss}`,
        JSON.stringify({
          clientId: 'playground-confidential',
          clientSecret: '',
          clientType: 'confidential',
          clientAuth: 'client_secret_post',
          redirectUri: `${location.origin}/callback`,
          scope: 'launch openid fhirUser patient/Patient.rs',
          rememberSecret: false,
        }),
      );
      sessionStorage.setItem(`playground:live-secret:${iss}`, 'playground-secret');
    }, liveIss);
    await page.goto(`/launch?iss=${encodeURIComponent(liveIss)}&launch=abc`);
    await page.waitForURL(/\/flows\/ehr-launch/);
    await expect(page.getByLabel('client_id')).toHaveValue('playground-confidential');
    await expect(page.getByLabel('Confidential (secret)')).toBeChecked();
    await expect(page.getByLabel('client_secret')).toHaveValue('playground-secret');
    await expect(page.getByLabel('Client authentication')).toHaveValue('client_secret_post');
    await expect(page.getByLabel('scope', { exact: true })).toHaveValue('launch openid fhirUser patient/Patient.rs');
  });
});
