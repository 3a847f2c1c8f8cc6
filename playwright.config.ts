import { defineConfig } from '@playwright/test';
import { APP_ORIGIN, APP_PORT, DEV_ORIGIN, DEV_PORT, DIST_DIR, MOCK_SERVER_ORIGIN, MOCK_SERVER_PORT } from './tests/e2e/origins';

/**
 * Browser tests drive a real headless Chromium: Debian's /usr/bin/chromium
 * (Playwright's own browser download is not used). CHROMIUM_PATH overrides it.
 *
 * Two projects: `build` runs against the built app (vite preview), `dev`
 * runs every flow once in the Vite dev server, where React StrictMode runs
 * effects twice.
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: process.env.E2E_DIST ? `test-results-${process.env.E2E_DIST}` : 'test-results',
  use: {
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'build', testIgnore: 'dev/**', use: { baseURL: APP_ORIGIN } },
    // Dev mode compiles modules on first request: slower, so a longer test timeout.
    { name: 'dev', testMatch: 'dev/**/*.spec.ts', timeout: 180_000, use: { baseURL: DEV_ORIGIN } },
  ],
  webServer: [
    {
      // The built playground, as a user gets it from `npm run build`: mock mode runs in the browser.
      command: `npx vite preview --port ${APP_PORT} --strictPort --outDir ${DIST_DIR}`,
      url: APP_ORIGIN,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // `npm run dev`, as a newcomer starts it.
      command: `npx vite --port ${DEV_PORT} --strictPort`,
      url: DEV_ORIGIN,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
    },
    {
      // `npm run mock-server` serving the built app's pages: the live-mode target, over real HTTP.
      command: 'npx tsx mocks/http-server.ts --dist',
      url: `${MOCK_SERVER_ORIGIN}/mock/smart/fhir/metadata`,
      env: { PORT: String(MOCK_SERVER_PORT), MOCK_DIST_DIR: DIST_DIR, APP_ORIGINS: APP_ORIGIN },
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
