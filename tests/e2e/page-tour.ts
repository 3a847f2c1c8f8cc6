import { expect, type Page } from '@playwright/test';
import { actAtAuthServer, openFlow } from './helpers';
import { atDigid, atMedMijConsent, launchFromEhr } from './flow-drivers';

/**
 * Every page of the playground a person can reach, each brought into the
 * state worth checking (ready, finished, a server's screen). The accessibility
 * and the narrow-screen tests walk the same tour. A stop may visit several
 * pages in turn: `check` is called at each one, with its name.
 */
export type Check = (name: string) => Promise<void>;

export interface Stop {
  name: string;
  visit: (page: Page, check: Check) => Promise<void>;
}

const COMPLETE = { timeout: 30_000 };

export const finished = async (page: Page) => {
  await expect(page.getByText(/^(Flow complete|Flow voltooid)/)).toBeVisible(COMPLETE);
  // The summary is the last thing the run adds.
  await expect(page.getByTestId('run-summary')).toBeVisible(COMPLETE);
};

const SMART_FLOWS = ['ehr-launch', 'standalone-launch', 'provider-standalone-launch', 'backend-services', 'medmij-verzamelen'] as const;

/** Choose Nederlands in the MedMij set-up. */
export async function chooseDutch(page: Page): Promise<void> {
  await page.getByTestId('medmij-lang-nl').check();
  await expect(page.getByTestId('medmij-lang-nl')).toBeChecked();
}

export const STOPS: Stop[] = [
  { name: 'home', visit: async (page, check) => (await page.goto('/'), await page.getByRole('heading', { level: 1 }).waitFor(), check('home')) },
  ...SMART_FLOWS.map((id): Stop => ({
    name: `${id} ready`,
    visit: async (page, check) => {
      await openFlow(page, id);
      await page.getByRole('button', { name: /^Continue/ }).waitFor();
      await check(`${id} ready`);
    },
  })),
  {
    name: 'medmij-verzamelen ready (nl)',
    visit: async (page, check) => {
      await openFlow(page, 'medmij-verzamelen');
      await chooseDutch(page);
      await check('medmij-verzamelen ready (nl)');
    },
  },
  {
    name: 'standalone-launch ready (presenter mode)',
    visit: async (page, check) => {
      await openFlow(page, 'standalone-launch', '?present=1');
      await page
        .getByRole('button', { name: /^Continue/ })
        .first()
        .waitFor();
      await check('standalone-launch ready (presenter mode)');
    },
  },
  {
    name: 'attack labs, then the first lab',
    visit: async (page, check) => {
      await page.goto('/labs');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await check('attack labs');
      await page.locator('main a[href^="/labs/"]').first().click();
      await page.waitForURL(/\/labs\/[^/?]+/);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await check('first attack lab');
    },
  },
  {
    name: 'mock EHR, then ehr-launch finished',
    visit: async (page, check) => {
      await page.goto('/mock/ehr');
      await page.getByRole('heading', { name: 'Launch a SMART app from the EHR' }).waitFor();
      await check('mock EHR');
      await launchFromEhr(page, { auto: true, patient: 'Anna de Vries', skip: true });
      await finished(page);
      await check('ehr-launch finished');
    },
  },
  {
    name: 'SMART patient sign-in, then standalone-launch finished',
    visit: async (page, check) => {
      await openFlow(page, 'standalone-launch', '?auto=1');
      await page.waitForURL(/\/auth\/authorize/);
      await expect(page.getByRole('heading', { name: 'Sign in as a patient' })).toBeVisible(COMPLETE);
      await check('SMART patient sign-in');
      await actAtAuthServer(page, { account: 'p-anna' });
      await finished(page);
      await check('standalone-launch finished');
    },
  },
  {
    name: 'SMART care provider sign-in, patient picker, encounter picker, consent, then provider-standalone-launch finished',
    visit: async (page, check) => {
      await openFlow(page, 'provider-standalone-launch');
      await page
        .getByRole('textbox', { name: 'scope' })
        .fill('launch/patient launch/encounter openid fhirUser offline_access user/Patient.rs user/Observation.rs');
      await page.getByRole('button', { name: 'Run to end' }).click();
      await page.waitForURL(/\/auth\/authorize/);
      await expect(page.getByRole('heading', { name: 'Sign in as a care provider' })).toBeVisible(COMPLETE);
      await check('SMART care provider sign-in');
      await page.getByLabel('User name').fill('pr-noor');
      await page.getByLabel('Password').fill('any password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('heading', { name: 'Select a patient' })).toBeVisible(COMPLETE);
      await check('SMART patient picker');
      await page.getByRole('button', { name: 'Select Hugo Peters' }).click();
      await expect(page.getByRole('heading', { name: 'Select an encounter' })).toBeVisible(COMPLETE);
      await check('SMART encounter picker');
      await page.getByRole('button', { name: 'Continue without an encounter' }).click();
      await expect(page.getByRole('heading', { name: /^Allow / })).toBeVisible(COMPLETE);
      await check('SMART consent');
      await actAtAuthServer(page);
      await finished(page);
      await check('provider-standalone-launch finished');
    },
  },
  {
    name: 'backend-services finished',
    visit: async (page, check) => {
      await openFlow(page, 'backend-services', '?auto=1');
      await finished(page);
      await check('backend-services finished');
    },
  },
  {
    name: 'DigiD, MedMij consent, then medmij-verzamelen finished',
    visit: async (page, check) => {
      await openFlow(page, 'medmij-verzamelen', '?auto=1');
      await page.waitForURL(/\/mock\/digid\/(s\/[^/]+\/)?sso\?/);
      await expect(page.getByRole('heading', { name: 'Inloggen bij DigiD' })).toBeVisible(COMPLETE);
      await check('DigiD login');
      await atDigid(page, { account: 'test-anna' });
      await page.waitForURL(/\/oauth\/consent\?/);
      await expect(page.getByRole('button', { name: 'Toestaan' })).toBeVisible(COMPLETE);
      await check('MedMij consent');
      await atMedMijConsent(page, 'Toestaan');
      await finished(page);
      await check('medmij-verzamelen finished');
    },
  },
  {
    name: 'medmij-verzamelen finished (nl)',
    visit: async (page, check) => {
      await openFlow(page, 'medmij-verzamelen');
      await chooseDutch(page);
      await page.getByRole('button', { name: 'Alles uitvoeren' }).click();
      await atDigid(page, { account: 'test-anna' });
      await atMedMijConsent(page, 'Toestaan');
      await finished(page);
      await check('medmij-verzamelen finished (nl)');
    },
  },
  {
    name: 'MedMij forward page with a refused request',
    visit: async (page, check) => {
      await page.goto('/mock/medmij/umcharderwijk/oauth/authorize?response_type=code');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible(COMPLETE);
      await check('MedMij forward page');
    },
  },
  {
    name: 'inspect',
    visit: async (page, check) => {
      await page.goto('/inspect');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await check('inspect');
    },
  },
  {
    name: 'orphan callback',
    visit: async (page, check) => {
      await page.goto('/callback?code=abc&state=nobody-waits');
      await expect(page.getByRole('heading', { name: /no flow is waiting/ })).toBeVisible(COMPLETE);
      await check('orphan callback');
    },
  },
  {
    name: 'not found',
    visit: async (page, check) => {
      await page.goto('/no-such-page');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await check('not found');
    },
  },
];
