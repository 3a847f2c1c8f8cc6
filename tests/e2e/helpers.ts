import { expect, type Page } from '@playwright/test';

/** The step card of a step, by its id. */
export const step = (page: Page, id: string) => page.getByTestId(`step-${id}`);

/**
 * Wait until MSW's service worker controls the page. The playground's own calls are answered in
 * the page as soon as the mocks have loaded, often before the worker is running; a test's plain
 * fetch to /mock/* from the page goes through the worker and must wait for it.
 */
export async function mockWorkerControls(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
}

/** Press "Continue" until the predicate holds (the page may navigate away on a redirect step). */
export async function continueUntil(page: Page, done: () => Promise<boolean>, max = 20): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await done()) return;
    const button = page.getByRole('button', { name: /^Continue/ });
    await button
      .first()
      .waitFor({ timeout: 10_000 })
      .catch(() => undefined);
    if (await done()) return;
    // A Continue that sends the browser away may be gone by the time it is clicked: look again.
    await button
      .first()
      .click({ timeout: 10_000 })
      .catch(() => undefined);
  }
  throw new Error('The flow did not get where the test expected');
}

/**
 * The Continue of a step that sends the browser away: it shows its request first and leaves on this
 * button, which names where ("Continue: go to the authorization server").
 */
export const leaveButton = (page: Page) => page.getByRole('button', { name: /^Continue: go to / });

export const onAuthServer = (page: Page) => new URL(page.url()).pathname.includes('/auth/authorize');

export interface AuthServerChoices {
  /** The account to sign in as (a patient id or practitioner id); the first listed when absent. */
  account?: string;
  /** The patient to pick, by name. */
  patient?: string;
  decision?: 'allow' | 'deny';
  /** Scopes to untick at the consent screen (by their checkbox's accessible name, a substring). */
  untick?: string[];
}

/**
 * Play the user at the mock authorization server's pages: sign in, pick the
 * patient, answer the consent question; until the browser leaves its pages.
 */
export async function actAtAuthServer(page: Page, choices: AuthServerChoices = {}): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await page.waitForLoadState();
    if (!onAuthServer(page)) return;
    // The address changes as the router's navigation commits; the server's page replaces the flow page in the
    // render after it. Its banner says the page on screen is the server's.
    await page.getByRole('note').filter({ hasText: 'this page belongs to the server' }).waitFor();
    const heading = page.getByRole('heading', { level: 1 }).first();
    await heading.waitFor();
    const title = (await heading.textContent()) ?? '';
    if (/^Sign in/.test(title)) {
      if (choices.account) await page.getByLabel('User name').fill(choices.account);
      else
        await page
          .getByRole('button', { name: /: use / })
          .first()
          .click();
      await page.getByLabel('Password').fill('any password');
      await page.getByRole('button', { name: 'Sign in' }).click();
    } else if (/^Select a patient/.test(title)) {
      await page.getByRole('button', { name: `Select ${choices.patient ?? 'Anna de Vries'}` }).click();
    } else if (/^Select an encounter/i.test(title)) {
      await page
        .getByRole('button', { name: /^Select/ })
        .first()
        .click();
    } else if (/^Allow /.test(title)) {
      for (const s of choices.untick ?? []) await page.getByRole('checkbox', { name: new RegExp(s) }).uncheck();
      await page.getByRole('button', { name: choices.decision === 'deny' ? 'Deny' : 'Allow' }).click();
    } else {
      return; // an error page: the test asserts it
    }
    await expect(heading)
      .not.toHaveText(title, { timeout: 10_000 })
      .catch(() => undefined);
  }
}

/** Start a flow in mock mode with a fresh journal. */
export async function openFlow(page: Page, flowId: string, query = ''): Promise<void> {
  await page.goto(`/flows/${flowId}${query}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

/** The mock EHR's answer to a launch (as its Launch button asks for it), with a skip-login-and-consent scenario; `launchQuery` goes on the app's launch URL. */
export async function ehrLaunchUrl(page: Page, patient: string, launchQuery = '?auto=1'): Promise<string> {
  await page.goto('/mock/ehr');
  await page.getByRole('heading', { name: 'Launch a SMART app from the EHR' }).waitFor();
  await mockWorkerControls(page);
  return page.evaluate(
    async ({ patient, launchQuery }): Promise<string> => {
      const scenario = btoa(JSON.stringify({ skipLogin: true, skipConsent: true }))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
      const res = await fetch('/mock/ehr/launch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          patient,
          practitioner: 'pr-lotte',
          launchUrl: `${location.origin}/launch${launchQuery}`,
          fhirBase: `${location.origin}/mock/smart/s/${scenario}/fhir`,
        }),
      });
      if (!res.ok) throw new Error(`the mock EHR refused the launch: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { location: string }).location;
    },
    { patient, launchQuery },
  );
}
