import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';

/**
 * The attack labs in the built app (mock mode): each lab run with the defence
 * off (the attack succeeds against the in-browser mock servers) and on
 * (refused with the spec's error); the switch lives in the URL; the pages pass
 * axe and fit a 390 px screen.
 */
const EXPECTED: { id: string; error: string }[] = [
  { id: 'login-csrf', error: 'state_mismatch' },
  { id: 'code-interception', error: 'invalid_grant' },
  { id: 'code-replay', error: 'invalid_grant' },
  { id: 'open-redirector', error: 'invalid_request' },
  { id: 'mix-up', error: 'issuer_mismatch' },
];

async function runLab(page: Page, id: string, defence: 'on' | 'off') {
  await page.goto(`/labs/${id}?defence=${defence}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('radio', { name: defence === 'on' ? /^On:/ : /^Off:/ })).toBeChecked();
  await page.getByTestId('lab-run').click();
  const outcome = page.getByTestId('lab-outcome');
  await expect(outcome).toBeVisible({ timeout: 30_000 });
  return outcome;
}

test.describe('attack labs', () => {
  for (const { id, error } of EXPECTED) {
    test(`${id}: the attack succeeds with the defence off`, async ({ page }) => {
      const outcome = await runLab(page, id, 'off');
      await expect(outcome).toHaveAttribute('data-outcome', 'attack-succeeded');
      await expect(outcome).toContainText('The attack succeeded.');
      await expect(outcome.getByRole('link', { name: /RFC 9700/ }).first()).toHaveAttribute('href', /rfc9700#section-/);
      // What the steps show was recorded: at least one HTTP exchange answered 200 by the mock token endpoint.
      await expect(
        page.locator('[data-testid="exchange"][data-kind="http"]', { hasText: '/auth/token' }).getByTestId('http-status').filter({ hasText: '200' }).first(),
      ).toBeVisible();
    });

    test(`${id}: the attack is refused with the defence on (${error})`, async ({ page }) => {
      const outcome = await runLab(page, id, 'on');
      await expect(outcome).toHaveAttribute('data-outcome', 'attack-refused');
      await expect(outcome.getByTestId('lab-error')).toHaveText(error);
      await expect(outcome.getByRole('heading', { name: 'What prevents it' })).toBeVisible();
    });
  }

  test('code replay with the defence on: the first access token is revoked after the replay', async ({ page }) => {
    await runLab(page, 'code-replay', 'on');
    const after = page.getByTestId('lab-step-first-token-after');
    await expect(after).toHaveAttribute('data-status', 'done');
    await expect(after.getByTestId('http-status')).toHaveText(/^401/);
  });

  test('the list links every lab, the home page links the list, and the switch is part of the URL', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Attack labs' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Attack labs' })).toBeVisible();
    await expect(page.getByRole('listitem').getByRole('heading', { level: 2 })).toHaveCount(EXPECTED.length);
    await page.getByRole('link', { name: /Code replay.*: defence on/ }).click();
    await expect(page).toHaveURL(/\/labs\/code-replay\?defence=on$/);
    await page.getByRole('radio', { name: /^Off:/ }).check();
    await expect(page).toHaveURL(/\/labs\/code-replay\?defence=off$/);
    await expect(page.getByTestId('lab-run')).toHaveText('Run with the defence off');
  });
});

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } })
      .axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((v) => `${v.id} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}

test.describe('attack lab pages: accessible and readable at 390 px', () => {
  test.use({ bypassCSP: true, viewport: { width: 390, height: 844 } });

  const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  test('the list', async ({ page }) => {
    await page.goto('/labs');
    await expect(page.getByRole('heading', { level: 1, name: 'Attack labs' })).toBeVisible({ timeout: 30_000 });
    expect(await axeViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
  });

  for (const defence of ['off', 'on'] as const) {
    test(`a lab after a run with the defence ${defence}`, async ({ page }) => {
      await runLab(page, 'mix-up', defence);
      expect(await axeViolations(page)).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);
    });
  }
});
