/**
 * `npm run bench`: the playground's speed and size figures, measured in the
 * same headless Chromium the browser tests use. Every figure is a median of
 * N runs (BENCH_RUNS or `--runs N`, 10 by default), each in a fresh browser
 * context (no cache, no service worker), as a first visit.
 *
 *  1. EHR launch with ?auto=1 in mock mode, skip-login/consent scenario, built
 *     app: from opening the launch URL to the Patient's name on screen, and
 *     from the launch page's first render (the `playground:rendered` mark
 *     src/main.tsx sets) to the same; documents loaded per run. The launch is
 *     opened from a mock EHR page at rest, and (reported apart) a few
 *     milliseconds after that page loaded (see LaunchTiming).
 *  2. First visit's JavaScript (gzip) in mock mode (the default) and in live mode.
 *  3. Cold load of the home page to interactive: the flow list on screen,
 *     from navigation start.
 *  4. The same EHR launch in `npm run dev` (its own dev server and dependency
 *     cache, so the first run is really cold; reported apart).
 *
 * Times are taken in the page (performance.timeOrigin + performance.now()),
 * not by polling from Node. The bench builds into .bench/dist (or serves
 * BENCH_DIST as it is, to compare an older build), starts its servers on free
 * localhost ports, stops them, prints a table and writes .bench/last.json.
 * `--no-dev` (or BENCH_DEV=0) leaves out the dev server, `--dev-only` measures only it.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { createServer } from 'node:net';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const runsArg = process.argv.indexOf('--runs');
const RUNS = Number(runsArg > 0 ? process.argv[runsArg + 1] : (process.env.BENCH_RUNS ?? 10));
const SKIP_DEV = process.argv.includes('--no-dev') || process.env.BENCH_DEV === '0';
const ONLY_DEV = process.argv.includes('--dev-only');
const PREBUILT = process.env.BENCH_DIST;
const DIST = PREBUILT ?? '.bench/dist';
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const PATIENT = 'Anna de Vries';

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : '—');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, 'localhost', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitForServer(url: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server for ${url} exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  throw new Error(`${url} did not come up`);
}

function start(command: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  // Its own process group, so stopping it stops the npx/node children too.
  return spawn('npx', command, { stdio: 'ignore', detached: true, env: { ...process.env, ...env } });
}
function stop(child: ChildProcess) {
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

/**
 * In every document: record (in sessionStorage, so it survives the run's
 * navigations) when the app first rendered and when the Patient's name
 * showed, as epoch milliseconds; and when the flow list showed, from
 * navigation start. Only the first of each counts, and only once the bench
 * has armed the tab. A string, not a function: tsx would wrap a function in
 * helpers that do not exist in the page.
 */
const RECORD_MARKS = `(() => {
  const once = (key, at) => {
    if (sessionStorage.getItem('bench:armed') && !sessionStorage.getItem(key)) sessionStorage.setItem(key, String(at));
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'playground:rendered') once('bench:rendered', performance.timeOrigin + e.startTime);
  }).observe({ type: 'mark', buffered: true });
  const check = () => {
    const now = performance.now();
    if (document.querySelector('[data-testid="step-read-patient"]')?.textContent?.includes(${JSON.stringify(PATIENT)})) once('bench:patient', performance.timeOrigin + now);
    if ([...document.querySelectorAll('a')].some((a) => a.textContent === 'Open SMART EHR launch')) once('bench:flow-list', now);
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

async function newContext(browser: Browser, mode: 'mock' | 'live' = 'mock'): Promise<BrowserContext> {
  const context = await browser.newContext();
  if (mode === 'live') await context.addInitScript({ content: `localStorage.setItem('playground:mode', 'live')` });
  await context.addInitScript({ content: RECORD_MARKS });
  return context;
}

async function readMark(page: Page, key: string, timeout = 60_000): Promise<number> {
  const handle = await page.waitForFunction((k) => sessionStorage.getItem(k), key, { timeout, polling: 100 });
  return Number(await handle.jsonValue());
}

interface LaunchRun {
  /** The mock EHR's page on the run's first visit, from opening it to its heading (set-up, not part of the launch). */
  firstPage: number;
  fromOpen: number;
  fromRender: number;
  documents: number;
}

/**
 * How the launch URL is opened after the mock EHR's page has loaded:
 * - `at-rest`: once the EHR page is at rest (Playwright's `networkidle`: no request for 500 ms), as when a person
 *   reads it and picks a patient before launching. This is the figure the target is set for.
 * - `at-once`: a few milliseconds after the EHR page loaded. The browser is still busy with that page's own start
 *   (the mock servers' code arriving, V8 compiling and optimizing what ran), and the launch shares the two cores
 *   with it: reported apart, to show what that costs.
 */
type LaunchTiming = 'at-rest' | 'at-once';

/** One EHR launch: the mock EHR asks for a launch (set-up, not measured), then the launch URL is opened. */
async function ehrLaunchOnce(browser: Browser, origin: string, timing: LaunchTiming = 'at-rest'): Promise<LaunchRun> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${origin}/mock/ehr`);
    await page.getByRole('heading', { name: 'Launch a SMART app from the EHR' }).waitFor({ timeout: 120_000 });
    const firstPage = Date.now() - started;
    // The page's own calls are answered in the page; the bench's plain fetch below goes through MSW's worker.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
    if (timing === 'at-rest') await page.waitForLoadState('networkidle', { timeout: 120_000 });
    const launchLocation: string = await page.evaluate(async (): Promise<string> => {
      const scenario = btoa(JSON.stringify({ skipLogin: true, skipConsent: true }))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
      const res: Response = await fetch('/mock/ehr/launch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          patient: 'p-anna',
          practitioner: 'pr-lotte',
          launchUrl: `${location.origin}/launch?auto=1`,
          fhirBase: `${location.origin}/mock/smart/s/${scenario}/fhir`,
        }),
      });
      if (!res.ok) throw new Error(`the mock EHR refused the launch: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { location: string }).location;
    });
    await page.evaluate(() => {
      for (const k of Object.keys(sessionStorage)) if (k.startsWith('bench:')) sessionStorage.removeItem(k);
      sessionStorage.setItem('bench:armed', '1');
    });
    let documents = 0;
    page.on('request', (r) => {
      if (r.isNavigationRequest() && r.frame() === page.mainFrame()) documents++;
    });
    const opened = Date.now();
    await page.goto(launchLocation, { waitUntil: 'commit' });
    const patientAt = await readMark(page, 'bench:patient', 120_000);
    const renderedAt = await readMark(page, 'bench:rendered');
    return { firstPage, fromOpen: patientAt - opened, fromRender: patientAt - renderedAt, documents };
  } finally {
    await context.close();
  }
}

const launchFigures = (all: LaunchRun[]) => ({
  runs: all,
  fromOpen: median(all.map((r) => r.fromOpen)),
  fromRender: median(all.map((r) => r.fromRender)),
  documents: median(all.map((r) => r.documents)),
});

/** `runs` launches at rest and, with `alsoAtOnce`, as many at once, taken in turn so both see the same machine. */
async function ehrLaunch(browser: Browser, origin: string, runs: number, alsoAtOnce = false) {
  const atRest: LaunchRun[] = [];
  const atOnce: LaunchRun[] = [];
  for (let i = 0; i < runs; i++) {
    atRest.push(await ehrLaunchOnce(browser, origin, 'at-rest'));
    if (alsoAtOnce) atOnce.push(await ehrLaunchOnce(browser, origin, 'at-once'));
  }
  return { ...launchFigures(atRest), atOnce: alsoAtOnce ? launchFigures(atOnce) : undefined };
}

/** The scripts a first visit of the home page loads, once the page has settled (the mock chunk included). */
async function firstVisitJs(browser: Browser, origin: string, mode: 'mock' | 'live') {
  const context = await newContext(browser, mode);
  try {
    const page = await context.newPage();
    const bodies: Promise<[string, number, number]>[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() !== 'script') return;
      bodies.push(
        res.body().then(
          (b) => [new URL(res.url()).pathname, b.length, gzipSync(b).length] as [string, number, number],
          () => [new URL(res.url()).pathname, 0, 0] as [string, number, number],
        ),
      );
    });
    await page.goto(origin, { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'Open SMART EHR launch' }).waitFor();
    await page.waitForLoadState('networkidle');
    const files = await Promise.all(bodies);
    return { gzip: files.reduce((a, f) => a + f[2], 0), raw: files.reduce((a, f) => a + f[1], 0), count: files.length, files };
  } finally {
    await context.close();
  }
}

/** Cold load: a first visit of the home page until the flow list is on screen, from navigation start. */
async function coldLoad(browser: Browser, origin: string, mode: 'mock' | 'live', runs: number) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await newContext(browser, mode);
    await context.addInitScript({ content: `sessionStorage.setItem('bench:armed', '1')` });
    const page = await context.newPage();
    await page.goto(origin, { waitUntil: 'commit' });
    times.push(await readMark(page, 'bench:flow-list'));
    await context.close();
  }
  return median(times);
}

interface BuiltFigures {
  ehrLaunch: {
    fromOpenMs: number;
    fromRenderMs: number;
    documents: number;
    samples: LaunchRun[];
    /** The same launch opened a few milliseconds after the EHR page loaded (LaunchTiming 'at-once'). */
    atOnce: { fromOpenMs: number; samples: LaunchRun[] };
  };
  firstVisitJs: Record<'mock' | 'live', { gzipBytes: number; rawBytes: number; scripts: number; files: [string, number, number][] }>;
  coldLoadMs: Record<'mock' | 'live', number>;
}
interface DevFigures {
  coldFirstPageMs: number;
  firstRunMs: number;
  fromOpenMs: number;
  fromRenderMs: number;
  documents: number;
  samples: LaunchRun[];
}

const servers: ChildProcess[] = [];

/** The built app under `vite preview`. */
async function measureBuilt(browser: Browser): Promise<BuiltFigures> {
  if (!PREBUILT) {
    console.log('Building into .bench/dist…');
    execSync(`npx vite build --outDir ${DIST} --emptyOutDir --logLevel warn`, { stdio: 'inherit' });
  }
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const preview = start(['vite', 'preview', '--outDir', DIST, '--port', String(port), '--strictPort', '--host', 'localhost']);
  servers.push(preview);
  try {
    await waitForServer(origin, preview);
    const ehr = await ehrLaunch(browser, origin, RUNS, true);
    const js = { mock: await firstVisitJs(browser, origin, 'mock'), live: await firstVisitJs(browser, origin, 'live') };
    const cold = { mock: await coldLoad(browser, origin, 'mock', RUNS), live: await coldLoad(browser, origin, 'live', RUNS) };
    const jsFigures = (j: Awaited<ReturnType<typeof firstVisitJs>>) => ({ gzipBytes: j.gzip, rawBytes: j.raw, scripts: j.count, files: j.files });
    return {
      ehrLaunch: {
        fromOpenMs: ehr.fromOpen,
        fromRenderMs: ehr.fromRender,
        documents: ehr.documents,
        samples: ehr.runs,
        atOnce: { fromOpenMs: ehr.atOnce!.fromOpen, samples: ehr.atOnce!.runs },
      },
      firstVisitJs: { mock: jsFigures(js.mock), live: jsFigures(js.live) },
      coldLoadMs: cold,
    };
  } finally {
    stop(preview);
  }
}

/** `npm run dev` just started, with its own dependency cache emptied first: what a newcomer's first visit pays. */
async function measureDev(browser: Browser): Promise<DevFigures> {
  const cacheDir = '.bench/vite-cache';
  rmSync(cacheDir, { recursive: true, force: true });
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const server = start(['vite', '--port', String(port), '--strictPort', '--host', 'localhost'], { PLAYGROUND_VITE_CACHE_DIR: cacheDir });
  servers.push(server);
  try {
    await waitForServer(origin, server);
    const first = await ehrLaunchOnce(browser, origin);
    const rest = await ehrLaunch(browser, origin, RUNS);
    return {
      coldFirstPageMs: first.firstPage,
      firstRunMs: first.fromOpen,
      fromOpenMs: rest.fromOpen,
      fromRenderMs: rest.fromRender,
      documents: rest.documents,
      samples: [first, ...rest.runs],
    };
  } finally {
    stop(server);
  }
}

function print(built: BuiltFigures | undefined, dev: DevFigures | undefined) {
  console.log(`\nHealth OAuth Playground benchmark (headless Chromium, median of ${RUNS} runs, each a first visit)\n`);
  console.log('| figure | measured | target |');
  console.log('|---|---|---|');
  if (built) {
    const { ehrLaunch: ehr, firstVisitJs: js, coldLoadMs: cold } = built;
    console.log(`| EHR launch ?auto=1, mock mode, built, from the mock EHR at rest: launch URL opened → Patient's name | ${ms(ehr.fromOpenMs)} | ≤ 300 ms |`);
    console.log(`| The same, from the launch page's first render → Patient's name | ${ms(ehr.fromRenderMs)} | — |`);
    console.log(`| The same, opened a few ms after the mock EHR's page loaded (the browser still busy with that page) | ${ms(ehr.atOnce.fromOpenMs)} | — |`);
    console.log(`| EHR launch: documents loaded per run | ${ehr.documents} | 1 |`);
    console.log(`| First visit JavaScript, mock mode (gzip) | ${kb(js.mock.gzipBytes)} in ${js.mock.scripts} scripts | ≤ 180 KB |`);
    console.log(`| First visit JavaScript, live mode (gzip) | ${kb(js.live.gzipBytes)} in ${js.live.scripts} scripts | ≤ 130 KB |`);
    console.log(`| Cold load to interactive (flow list on screen), mock mode | ${ms(cold.mock)} | ≤ 800 ms |`);
    console.log(`| Cold load to interactive (flow list on screen), live mode | ${ms(cold.live)} | ≤ 800 ms |`);
  }
  if (dev) {
    console.log(`| \`npm run dev\` just started (empty dependency cache): first page (the mock EHR) on screen | ${ms(dev.coldFirstPageMs)} | — |`);
    console.log(`| EHR launch in \`npm run dev\`, its first run | ${ms(dev.firstRunMs)} | — |`);
    console.log(`| EHR launch in \`npm run dev\`, from the mock EHR at rest: launch URL opened → Patient's name | ${ms(dev.fromOpenMs)} | ≤ 1 s |`);
    console.log(`| EHR launch in \`npm run dev\`: documents per run | ${dev.documents} | — |`);
  }
  if (built) console.log('\nFirst visit scripts, mock mode (gzip):\n  ' + built.firstVisitJs.mock.files.map(([p, , g]) => `${p} ${kb(g)}`).join('\n  '));
}

async function main() {
  mkdirSync('.bench', { recursive: true });
  const onSignal = () => {
    servers.forEach(stop);
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const browser = await chromium.launch({ executablePath, args });
  try {
    const built = ONLY_DEV ? undefined : await measureBuilt(browser);
    const dev = SKIP_DEV ? undefined : await measureDev(browser);
    const figures = { runs: RUNS, when: new Date().toISOString(), dist: DIST, built, dev };
    writeFileSync('.bench/last.json', JSON.stringify(figures, null, 2) + '\n');
    print(built, dev);
    console.log('\nFigures written to .bench/last.json');
  } finally {
    servers.forEach(stop);
    await browser.close();
  }
}

await main();
