import { defineConfig } from '@playwright/test';

/**
 * Browser tests drive a real headless Chromium: Debian's /usr/bin/chromium
 * (Playwright's own browser download is not used). CHROMIUM_PATH overrides it.
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const APP_ORIGIN = 'http://localhost:4173';
const MOCK_SERVER_ORIGIN = 'http://127.0.0.1:4010';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
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
      command: 'npx vite preview --port 4173 --strictPort',
      url: APP_ORIGIN,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // `npm run mock-server` serving the built app's pages: the live-mode target, over real HTTP.
      command: 'npx tsx mocks/http-server.ts --dist',
      url: `${MOCK_SERVER_ORIGIN}/mock/smart/fhir/metadata`,
      env: { PORT: '4010' },
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
