import { expect, test, type Page } from '@playwright/test';
import { actAtAuthServer, ehrLaunchUrl, onAuthServer, openFlow, step } from './helpers';

/**
 * Presenter mode (?present=1), as a teacher drives it in front of a room: the
 * keyboard only, one step in view, its neighbours as headings, the sequence
 * diagram saying what each arrow carries. SMART Backend Services in mock mode
 * (no redirects), so every step is one press.
 */

const why = (page: Page, id: string) => step(page, id).locator('.step-why');
const where = (page: Page) => page.getByTestId('presenter-where');

/** The step in view is whole; the one before and after it only a heading; every other step out of view. */
async function expectInView(page: Page, ids: readonly string[], index: number): Promise<void> {
  const current = step(page, ids[index]);
  await expect(current).toBeVisible();
  await expect(current).toHaveAttribute('aria-current', 'step');
  await expect(why(page, ids[index])).toBeVisible();
  await expect(page.locator('.step-why:visible')).toHaveCount(1);
  for (const [i, id] of ids.entries()) {
    if (i === index - 1 || i === index + 1) {
      await expect(step(page, id).getByRole('heading', { level: 3 })).toBeVisible();
      await expect(why(page, id)).toBeHidden();
    } else if (i !== index) {
      await expect(step(page, id)).toBeHidden();
    }
  }
}

const STEPS = ['key', 'register', 'discover', 'assertion', 'sign', 'token', 'fhir-search', 'introspect', 'introspect-unknown'];

test('keyboard only: → and Space run the next step, ← shows an earlier step without running it again', async ({ page }) => {
  await openFlow(page, 'backend-services', '?present=1');
  await expect(page.getByTestId('presenter-keys')).toContainText('full screen');
  const diagram = page.getByTestId('sequence-diagram');
  // Before anything ran, the arrows say what they will carry.
  await expect(diagram.locator('[data-step="token"]')).toContainText('POST /token');
  await expect(diagram.locator('[data-step="discover"]')).toContainText('GET /.well-known/smart-configuration');

  // Ready: the first step in view, the second as the next heading.
  await expectInView(page, STEPS, 0);
  await expect(where(page)).toContainText('Step 1 of 9');

  // → runs the first step; Space the second (exactly as Continue does); → on through the token request.
  await page.keyboard.press('ArrowRight');
  await expect(step(page, 'key')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await expectInView(page, STEPS, 0);
  // The next step's Continue waits under its heading.
  await expect(step(page, 'register').getByRole('button', { name: /^Continue: Register/ })).toBeVisible();

  await page.keyboard.press('Space');
  await expect(step(page, 'register')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await expectInView(page, STEPS, 1);

  for (const id of ['discover', 'assertion', 'sign', 'token']) {
    await page.keyboard.press('ArrowRight');
    await expect(step(page, id)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  }
  const token = STEPS.indexOf('token');
  await expectInView(page, STEPS, token);
  await expect(where(page)).toContainText('Step 6 of 9');
  // The token request as it went: the request above the arrow, the answer below.
  const tokenArrow = diagram.locator('[data-step="token"] [data-testid="arrow-label"]');
  await expect(tokenArrow).toContainText(/POST \S*\/token/);
  await expect(tokenArrow).toContainText('200 access_token');
  await expect(diagram.locator('[data-step="token"]')).toHaveAttribute('aria-current', 'step');

  // ← shows the signing step again: its card whole, nothing runs.
  const status = await page.locator('.flow-status').textContent();
  const signed = await step(page, 'sign').getByTestId('artifact-jwt').getAttribute('data-signature');
  await page.keyboard.press('ArrowLeft');
  await expectInView(page, STEPS, token - 1);
  await expect(where(page)).toContainText('Step 5 of 9');
  await expect(where(page)).toContainText('nothing runs again');
  await expect(step(page, 'sign').getByTestId('artifact-jwt')).toHaveAttribute('data-signature', signed!);
  await expect(diagram.locator('[data-step="sign"]')).toHaveAttribute('aria-current', 'step');
  await page.keyboard.press('ArrowLeft');
  await expectInView(page, STEPS, token - 2);
  await expect(page.locator('.flow-status')).toHaveText(status!);
  await expect(step(page, 'fhir-search')).toHaveAttribute('data-status', 'pending');
  for (const id of STEPS.slice(0, token + 1)) await expect(step(page, id)).toHaveAttribute('data-status', 'done');

  // → goes forward through the views first, then continues.
  await page.keyboard.press('ArrowRight');
  await expectInView(page, STEPS, token - 1);
  await page.keyboard.press('ArrowRight');
  await expectInView(page, STEPS, token);
  await expect(step(page, 'fhir-search')).toHaveAttribute('data-status', 'pending');
  await page.keyboard.press('ArrowRight');
  await expect(step(page, 'fhir-search')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await expectInView(page, STEPS, token + 1);

  // → with a button focused still continues: arrows do not press buttons.
  await page.getByRole('button', { name: 'Present' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(step(page, 'introspect')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
});

test('the Present toggle puts present=1 in the URL and takes it out, keeping the other parameters', async ({ page }) => {
  await openFlow(page, 'backend-services', '?keep=me');
  const toggle = page.getByRole('button', { name: 'Present' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  // Normal mode: every step's card is on the page.
  for (const id of STEPS) await expect(step(page, id)).toBeVisible();

  await toggle.click();
  await expect(page).toHaveURL(/[?&]present=1/);
  expect(new URL(page.url()).searchParams.get('keep')).toBe('me');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.flow-page')).toHaveClass(/presenter/);
  await expectInView(page, STEPS, 0);

  await toggle.click();
  await expect(page).not.toHaveURL(/present=/);
  expect(new URL(page.url()).searchParams.get('keep')).toBe('me');
  for (const id of STEPS) await expect(step(page, id)).toBeVisible();
  // The toggle replaced the URL: Back leaves the flow page instead of toggling.
  expect(await page.evaluate(() => history.length)).toBeLessThanOrEqual(2);
});

test('f toggles full screen; keys typed into a field stay in the field', async ({ page }) => {
  await openFlow(page, 'backend-services', '?present=1');
  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement?.tagName ?? null)).toBe('HTML');
  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();

  // Presenter mode folds the set-up away; opened, its fields take their keys.
  await page.locator('.setup-panel > summary').click();
  const field = page.getByRole('textbox').first();
  await field.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await page.keyboard.press('f');
  await expect(step(page, 'key')).toHaveAttribute('data-status', 'pending');
  expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();
});

test('SMART standalone launch: presenter mode comes back with the browser from the server, and → goes on', async ({ page }) => {
  await openFlow(page, 'standalone-launch', '?present=1');
  // → until the browser is at the server (however many presses the redirect takes; a press while a step runs is ignored).
  await expect
    .poll(
      async () => {
        if (!onAuthServer(page)) await page.keyboard.press('ArrowRight').catch(() => undefined);
        return onAuthServer(page);
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toBe(true);
  await actAtAuthServer(page, { account: 'p-anna', patient: 'Anna de Vries' });
  await page.waitForURL(/\/flows\/standalone-launch/);
  await expect(page).toHaveURL(/[?&]present=1/);
  await expect(page.locator('.flow-page')).toHaveClass(/presenter/);
  await expect(page.getByTestId('presenter-where')).toBeVisible();

  await expect
    .poll(
      async () => {
        if ((await step(page, 'token').getAttribute('data-status')) === 'pending') await page.keyboard.press('ArrowRight');
        return step(page, 'token').getAttribute('data-status');
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toBe('done');
  await expect(page.getByTestId('sequence-diagram').locator('[data-step="token"] [data-testid="arrow-label"]')).toContainText('200 access_token');
  await expect(step(page, 'token')).toHaveAttribute('aria-current', 'step');
  await expect(page.locator('.step-why:visible')).toHaveCount(1);
});

test('presenter mode stays in the address when the browser comes back in the page (a server that answers 302)', async ({ page }) => {
  const launchUrl = await ehrLaunchUrl(page, 'p-anna', '?auto=1&present=1');
  const flowPages: string[] = [];
  page.on('framenavigated', (frame) => {
    const url = new URL(frame.url());
    if (frame === page.mainFrame() && url.pathname.startsWith('/flows/')) flowPages.push(`${url.pathname}${url.search}`);
  });
  await page.goto(launchUrl);
  await expect(page.getByText('Flow complete')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('presenter-where')).toBeVisible();
  // The skip scenario's authorization server answers 302 straight to /callback, which the flow page takes in place:
  // every address the flow page had says present=1, not only the last (a dropped one redraws the page without it).
  expect(flowPages.length).toBeGreaterThan(0);
  for (const address of flowPages) expect(new URLSearchParams(address.split('?')[1] ?? '').get('present'), address).toBe('1');
});
