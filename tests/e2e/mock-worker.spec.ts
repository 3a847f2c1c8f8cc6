import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchFromEhr } from './flow-drivers';
import { mockWorkerControls, step } from './helpers';
import { DIST_DIR } from './origins';

/**
 * The in-browser mocks in the built app: MSW's worker with the small cookie
 * jar that stands in for tough-cookie, a worker that only the mock servers'
 * requests reach, and the flows' own calls answered in the page.
 */
test.describe('the in-browser mock servers (built app)', () => {
  test("a request to the mocks works with cookies in the document and in MSW's stored jar, and nothing throws", async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    // A cookie MSW persisted earlier (its localStorage format) and a cookie of the page's own.
    await page.addInitScript(() => {
      localStorage.setItem(
        '__msw-cookie-store__',
        JSON.stringify([{ key: 'kept', value: '1', domain: location.hostname, path: '/', expires: 'Infinity', hostOnly: true }]),
      );
      document.cookie = 'page-cookie=2; path=/';
    });
    await page.goto('/mock/ehr');
    await page.getByRole('heading', { name: 'Launch a SMART app from the EHR' }).waitFor();
    await mockWorkerControls(page);
    const answer = await page.evaluate(async () => {
      const res = await fetch('/mock/smart/fhir/metadata', { credentials: 'include', headers: { accept: 'application/fhir+json' } });
      return { status: res.status, type: ((await res.json()) as { resourceType: string }).resourceType };
    });
    expect(answer).toEqual({ status: 200, type: 'CapabilityStatement' });
    expect(errors).toEqual([]);
  });

  test('the built files carry no public-suffix list (tldts) and no chunk over 500 KB', () => {
    const assets = join(DIST_DIR, 'assets');
    for (const file of readdirSync(assets).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(join(assets, file), 'utf8');
      expect(code.includes('blogspot'), `${file} carries the public-suffix list`).toBe(false);
      expect(code.length, file).toBeLessThan(500 * 1024);
    }
  });

  test('the home page loads no mock code; a pointer over a flow link starts the mocks, and the flow then runs', async ({ page }) => {
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    await page.goto('/', { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'Open SMART patient standalone launch' }).waitFor();
    const registrations = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
    expect(await registrations()).toBe(0);
    const before = scripts.length;

    await page.getByRole('link', { name: 'Open SMART patient standalone launch' }).hover();
    await expect.poll(registrations, { timeout: 30_000 }).toBe(1);
    expect(scripts.length).toBeGreaterThan(before); // the mocks' chunk came with the intent, not with the page
    await page.getByRole('link', { name: 'Open SMART patient standalone launch' }).click();
    await page
      .getByRole('button', { name: /^Continue/ })
      .first()
      .click();
    await expect(page.getByTestId('step-discover')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  });

  test('a keyboard user reaching a flow link starts the mocks too', async ({ page }) => {
    await page.goto('/', { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'Open SMART EHR launch' }).focus();
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), { timeout: 30_000 }).toBe(1);
  });

  test("the app's files do not pass through the service worker; the mocks' requests do", async ({ page }) => {
    await page.goto('/mock/ehr');
    await page.getByRole('heading', { name: 'Launch a SMART app from the EHR' }).waitFor();
    await mockWorkerControls(page);
    // A second document, now controlled by the worker.
    const assets: { url: string; viaWorker: boolean }[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/assets/')) assets.push({ url: r.url(), viaWorker: r.fromServiceWorker() });
    });
    await page.goto('/mock/ehr');
    await page.getByRole('heading', { name: 'Launch a SMART app from the EHR' }).waitFor();
    const mockResponse = page.waitForResponse((r) => r.url().endsWith('/mock/smart/fhir/metadata'));
    await page.evaluate(() => fetch('/mock/smart/fhir/metadata').then((r) => r.text()));
    expect((await mockResponse).fromServiceWorker()).toBe(true);
    expect(assets.length).toBeGreaterThan(0);
    expect(assets.filter((a) => a.viaWorker)).toEqual([]);
  });

  test("a flow's back-channel calls are answered in the page: no token or FHIR request reaches the network or the worker", async ({ page }) => {
    const backChannel: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (/\/auth\/token$|\/fhir\/(Patient|Observation)/.test(path)) backChannel.push(path);
    });
    await launchFromEhr(page, { patient: 'Grace Okafor', auto: true, skip: true });
    await expect(page.getByText('Flow complete')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('step-read-patient').getByText('Grace Okafor').first()).toBeVisible();
    // The journal still records them.
    await expect(page.getByTestId('step-token').getByTestId('exchange').first()).toHaveAttribute('aria-label', /^POST .*\/auth\/token$/);
    expect(backChannel).toEqual([]);
  });

  test('a page load keeps the worker registered: the next page is under it from the start, with no worker to install again', async ({ page }) => {
    await page.goto('/mock/ehr');
    await page.getByRole('heading', { name: 'Launch a SMART app from the EHR' }).waitFor();
    await mockWorkerControls(page);
    // What the next document finds as it starts, before the app's code runs.
    await page.addInitScript(() => {
      void navigator.serviceWorker.getRegistrations().then((all) => sessionStorage.setItem('test:registrations-at-load', String(all.length)));
      navigator.serviceWorker.addEventListener('controllerchange', () => sessionStorage.setItem('test:controller-changed', '1'));
    });
    await page.goto('/flows/ehr-launch');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('test:registrations-at-load'))).toBe('1');
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    // A request of the page's to the mocks goes through the worker.
    const answer = page.waitForResponse((r) => r.url().endsWith('/mock/smart/fhir/metadata'));
    await page.evaluate(() => fetch('/mock/smart/fhir/metadata').then((r) => r.text()));
    expect((await answer).fromServiceWorker()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('test:controller-changed'))).toBeNull();
  });

  test('a hard reload (the page is not under the worker): the page loads once more under it, and a run going on by itself starts only there', async ({
    page,
  }) => {
    await page.goto('/flows/backend-services');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await mockWorkerControls(page);
    // How many steps of the run had begun when each later document went.
    await page.addInitScript(() =>
      addEventListener('pagehide', () => {
        const journal = JSON.parse(sessionStorage.getItem('journal:backend-services') ?? '{"steps":[]}') as { steps: { status: { kind: string } }[] };
        const begun = journal.steps.filter((s) => s.status.kind !== 'pending').length;
        sessionStorage.setItem('test:begun-when-left', `${sessionStorage.getItem('test:begun-when-left') ?? ''}${begun},`);
      }),
    );
    await page.evaluate(() => history.replaceState(null, '', '/flows/backend-services?auto=1'));
    // A hard reload (Shift+Reload) bypasses service workers: the page it loads is not under the worker.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.reload', { ignoreCache: true });

    await expect(step(page, 'introspect-unknown')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    await expect(page.getByText('reloaded while this step was running')).toHaveCount(0);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    // The page the hard reload loaded went again at once, before the run had begun any step.
    expect(await page.evaluate(() => sessionStorage.getItem('test:begun-when-left'))).toBe('0,');
  });
});
