/**
 * The built app as `vite preview` serves it: the hashed files under /assets/
 * are kept by the browser for good, so a launch or a reload after the first
 * page takes them from its cache; the page itself and the service worker are
 * asked for each time, so a rebuild reaches the next load.
 */
import { expect, test } from '@playwright/test';

test('hashed files are cached for good; the page and the service worker are asked for each time', async ({ page }) => {
  await page.goto('/mock/ehr');
  const scripts = await page.evaluate(() => [...document.querySelectorAll<HTMLScriptElement>('script[src]')].map((s) => new URL(s.src).pathname));
  expect(scripts.length).toBeGreaterThan(0);
  for (const path of scripts) {
    expect(path).toMatch(/^\/assets\//);
    expect((await page.request.get(path)).headers()['cache-control'], path).toBe('public, max-age=31536000, immutable');
  }
  for (const path of ['/launch?iss=x&launch=y', '/', '/mock-service-worker.js']) {
    expect((await page.request.get(path)).headers()['cache-control'], path).toBe('no-cache');
  }
});
