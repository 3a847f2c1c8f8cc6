import { getResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import { SessionStorageStore } from './core/store';
import type { MockEnv } from './core/server';
import { createMockServers } from './servers';
import { createMswHandlers } from './handlers';
import { mustReloadForWorker } from './worker-control';

/** What the page gets once the mocks run: the handlers, to answer its own calls without the service worker. */
export interface StartedMocks {
  respond(request: Request): Promise<Response | undefined>;
  /** Resolves when MSW's worker runs too: the page's own calls need only `respond`, which is ready before it. */
  worker: Promise<void>;
}

let started: Promise<StartedMocks> | undefined;

const WORKER_URL = '/mock-service-worker.js';

// The mock servers' state lives in sessionStorage: a reload keeps a run's codes and sessions.
const mockStore = new SessionStorageStore(window.sessionStorage);

/**
 * Start MSW's worker with the mock servers. Loaded lazily (a chunk of its
 * own) only when the playground needs the in-browser mocks.
 *
 * The worker script is public/mock-service-worker.js: MSW's own worker behind
 * a filter that lets only `/mock/*` requests reach it, so the app's files
 * never make the round trip worker → page → worker.
 */
export function startMockWorker(): Promise<StartedMocks> {
  started ??= (async () => {
    if (await mustReloadForWorker(navigator.serviceWorker, new URL(WORKER_URL, window.location.href).href)) {
      window.location.reload();
      return new Promise<never>(() => {}); // the page is going: nothing may start in it
    }
    const env: MockEnv = { store: mockStore, now: Date.now, appOrigins: [window.location.origin], transport: 'worker' };
    const handlers = createMswHandlers(createMockServers(env), { origin: window.location.origin });
    const worker = setupWorker(...handlers);
    const running = worker.start({ onUnhandledRequest: 'bypass', quiet: true, serviceWorker: { url: WORKER_URL } }).then(() => undefined);
    // A run reads FHIR a few steps after it starts: the FHIR server's code (loaded on its first request) is fetched now.
    void import('./fhir/server').catch(() => undefined);
    return { respond: (request) => getResponse(handlers, request), worker: running };
  })();
  return started;
}
