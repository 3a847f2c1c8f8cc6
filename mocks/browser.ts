import { setupWorker } from 'msw/browser';
import { SessionStorageStore } from './core/store';
import type { MockEnv } from './core/server';
import { createMockServers } from './servers';
import { createMswHandlers } from './handlers';

let started: Promise<void> | undefined;

/** The mock store, so "Start over" can make the mock servers forget. */
export const mockStore = new SessionStorageStore(window.sessionStorage);

/**
 * Start MSW's worker with the mock servers. Loaded lazily (a chunk of its
 * own) only when the playground needs the in-browser mocks.
 */
export function startMockWorker(): Promise<void> {
  started ??= (async () => {
    const env: MockEnv = { store: mockStore, now: Date.now, appOrigins: [window.location.origin], transport: 'worker' };
    const worker = setupWorker(...createMswHandlers(createMockServers(env), { origin: window.location.origin }));
    await worker.start({ onUnhandledRequest: 'bypass', quiet: true, serviceWorker: { url: '/mockServiceWorker.js' } });
  })();
  return started;
}
