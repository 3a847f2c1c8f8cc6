/** Where the browser tests find the playground and `npm run mock-server` (see playwright.config.ts). */
export const APP_ORIGIN = 'http://localhost:4173';
export const MOCK_SERVER_ORIGIN = 'http://127.0.0.1:4010';
