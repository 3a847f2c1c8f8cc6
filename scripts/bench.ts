/**
 * `npm run bench`: the playground's speed and size figures, measured in the
 * same headless Chromium the browser tests use. Figures go in the README.
 *
 *  1. Initial JavaScript (gzip) with the mocks off (live mode), home page.
 *  2. Cold load of the built app to interactive (the flow list rendered): median of 10.
 *  3. EHR launch with ?auto=1 in mock mode (skip-login/consent scenario):
 *     from navigation to the Patient's name on screen, median of 10, and the
 *     same measured from the moment the page is interactive.
 */
import { chromium, type Browser } from '@playwright/test';
import { spawn, execSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';

const PORT = 4180;
const ORIGIN = `http://localhost:${PORT}`;
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function waitForServer(url: string) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  throw new Error(`${url} did not come up`);
}

async function initialJs(browser: Browser) {
  const context = await browser.newContext();
  await context.addInitScript(() => localStorage.setItem('playground:mode', 'live'));
  const page = await context.newPage();
  const scripts = new Map<string, number>();
  page.on('response', async (res) => {
    if (res.request().resourceType() !== 'script') return;
    try {
      scripts.set(res.url(), gzipSync(await res.body(), { level: 9 }).length);
    } catch {
      /* a script without a body */
    }
  });
  await page.goto(ORIGIN, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { name: 'Learn healthcare OAuth by doing it' }).waitFor();
  await context.close();
  const total = [...scripts.values()].reduce((a, b) => a + b, 0);
  return { total, files: [...scripts.entries()].map(([u, n]) => `${new URL(u).pathname} ${kb(n)}`) };
}

async function coldLoad(browser: Browser) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    await context.addInitScript(() => localStorage.setItem('playground:mode', 'live'));
    const page = await context.newPage();
    await page.goto(ORIGIN, { waitUntil: 'commit' });
    await page.getByRole('link', { name: 'Open SMART EHR launch' }).waitFor();
    times.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  return median(times);
}

async function ehrLaunch(browser: Browser) {
  const fromNavigation: number[] = [];
  const fromInteractive: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Warm the worker and ask the mock EHR for a launch (this is set-up, not measured).
    // The mock EHR's page waits for the mock servers, so the launch request below reaches them.
    await page.goto(`${ORIGIN}/mock/ehr`);
    await page.getByRole('heading', { name: 'Launch a SMART app from the EHR' }).waitFor();
    const launchLocation: string = await page.evaluate(async (): Promise<string> => {
      const scenario = btoa(JSON.stringify({ skipLogin: true, skipConsent: true })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      const res: Response = await fetch('/mock/ehr/launch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ patient: 'p-anna', practitioner: 'pr-lotte', launchUrl: `${location.origin}/launch?auto=1`, fhirBase: `${location.origin}/mock/smart/s/${scenario}/fhir` }),
      });
      return ((await res.json()) as { location: string }).location;
    });
    // Wall-clock from Node: the run crosses several full page loads (launch, authorize, callback).
    const t0 = performance.now();
    await page.goto(launchLocation, { waitUntil: 'load' });
    const tInteractive = performance.now();
    await page.waitForFunction(() => document.querySelector('[data-testid="step-read-patient"]')?.textContent?.includes('Anna de Vries'), undefined, { polling: 'raf', timeout: 30_000 });
    const t1 = performance.now();
    fromNavigation.push(t1 - t0);
    fromInteractive.push(t1 - tInteractive);
    await context.close();
  }
  return { fromNavigation: median(fromNavigation), fromInteractive: median(fromInteractive) };
}

async function main() {
  console.log('Building…');
  execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' });
  try {
    await waitForServer(ORIGIN);
    const browser = await chromium.launch({ executablePath, args });
    const js = await initialJs(browser);
    const cold = await coldLoad(browser);
    const ehr = await ehrLaunch(browser);
    await browser.close();
    console.log('\nHealth OAuth Playground benchmark (headless Chromium, built app, median of %d runs)\n', RUNS);
    console.log(`| figure | measured | target |`);
    console.log(`|---|---|---|`);
    console.log(`| Initial JavaScript, mocks off (gzip) | ${kb(js.total)} | ≤ 130 KB |`);
    console.log(`| Cold load to interactive (flow list on screen) | ${cold.toFixed(0)} ms | ≤ 800 ms |`);
    console.log(`| EHR launch ?auto=1, mock mode: navigation → Patient name | ${ehr.fromNavigation.toFixed(0)} ms | — |`);
    console.log(`| EHR launch ?auto=1, mock mode: after interactive → Patient name | ${ehr.fromInteractive.toFixed(0)} ms | ≤ 300 ms |`);
    console.log('\nInitial scripts:\n  ' + js.files.join('\n  '));
  } finally {
    server.kill();
  }
}

await main();
