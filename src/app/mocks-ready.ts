/**
 * The in-browser mock servers, as the page sees them. `inPageMocksReady`
 * resolves when they answer the page's own calls (or at once when they are
 * not needed): the app renders without waiting; a flow and a mock server's
 * page wait before their first request, so starting the mocks and loading
 * the page's code overlap. `inPageMocks` lets the page's own calls be
 * answered by the mocks' handlers without the service worker.
 */
export interface InPageMocks {
  /** MSW's handlers' answer to a request, or undefined when no mock server takes it. */
  respond(request: Request): Promise<Response | undefined>;
  /** Resolves when the service worker answers too (plain fetches, other scripts); `respond` is ready before it. */
  worker?: Promise<void>;
}

let mocks: Promise<InPageMocks | undefined> = Promise.resolve(undefined);

let want: () => void = () => {};
const wanted = new Promise<void>((resolve) => (want = resolve));

/**
 * The home page sends nothing to the mocks, so it does not load them: they
 * start when the user heads somewhere that may (a pointer over a link, a link
 * in focus) or leaves the home page, while the next page's code loads.
 */
export function wantMocks(): void {
  want();
}

/** Resolves once something on the home page asked for the mocks. */
export function mocksWanted(): Promise<void> {
  return wanted;
}

export function setMocksReady(promise: Promise<InPageMocks | undefined>): void {
  mocks = promise;
}

/** The mocks answer the page's own fetch (src/app/mock-fetch.ts): a flow's steps need no more, so a run need not wait for the worker. */
export function inPageMocksReady(): Promise<void> {
  return mocks.then(() => undefined);
}

/** The in-page mocks once started; undefined when the page runs without them (live mode) or they failed to start. */
export function inPageMocks(): Promise<InPageMocks | undefined> {
  return mocks.catch(() => undefined);
}
