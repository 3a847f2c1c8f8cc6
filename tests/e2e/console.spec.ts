import { expect, test, type Page } from '@playwright/test';
import { openFlow } from './helpers';

/**
 * What a newcomer sees in the browser console: nothing. A warning on every load
 * (a router complaint, a Content-Security-Policy refusal) teaches people to
 * ignore the console, where the playground's real failures would show.
 */
function collectConsole(page: Page): string[] {
  const messages: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') messages.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  return messages;
}

test('the home page and a flow page load without console warnings or errors', async ({ page }) => {
  const messages = collectConsole(page);
  await page.goto('/');
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await openFlow(page, 'standalone-launch');
  await expect(page.getByRole('button', { name: /^Continue/ }).first()).toBeVisible();
  expect(messages).toEqual([]);
});

test('the built app carries a Content-Security-Policy that forbids inline script', async ({ page }) => {
  const messages = collectConsole(page);
  await page.goto('/');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self'");
  expect(policy).not.toContain('unsafe-inline');
  // An injected inline script does not run.
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.append(s);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  expect(messages.some((m) => m.includes('Content Security Policy'))).toBe(true);
});
