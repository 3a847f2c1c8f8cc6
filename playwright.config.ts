import { defineConfig } from '@playwright/test';

/**
 * Browser tests drive a real headless Chromium: Debian's /usr/bin/chromium
 * (Playwright's own browser download is not used). CHROMIUM_PATH overrides it.
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

import { APP_ORIGIN, APP_PORT, DIST_DIR, MOCK_SERVER_ORIGIN, MOCK_SERVER_PORT } from './tests/e2e/origins';

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
    baseURL: APP_ORIGIN,
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: [
    {
      // The built playground, as a user gets it from `npm run build`: mock mode runs in the browser.
      command: `npx vite preview --port ${APP_PORT} --strictPort --outDir ${DIST_DIR}`,
      url: APP_ORIGIN,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
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
