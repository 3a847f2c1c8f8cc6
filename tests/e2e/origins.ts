/**
 * Where the browser tests find the playground and `npm run mock-server` (see playwright.config.ts).
 * E2E_APP_PORT, E2E_DEV_PORT, E2E_MOCK_PORT and E2E_DIST let two runs share a machine (each builds into its own folder).
 */
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4173);
export const DEV_PORT = Number(process.env.E2E_DEV_PORT ?? APP_PORT + 1000);
export const MOCK_SERVER_PORT = Number(process.env.E2E_MOCK_PORT ?? 4010);
export const DIST_DIR = process.env.E2E_DIST ?? 'dist';
export const APP_ORIGIN = `http://localhost:${APP_PORT}`;
export const MOCK_SERVER_ORIGIN = `http://127.0.0.1:${MOCK_SERVER_PORT}`;
export const DEV_ORIGIN = `http://localhost:${DEV_PORT}`;
