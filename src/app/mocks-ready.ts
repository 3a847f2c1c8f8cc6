/**
 * Resolves when the in-browser mock servers answer (or at once when they are
 * not needed). The app renders without waiting for them; a flow waits before
 * its first request, so starting the worker and loading the flow overlap.
 */
let ready: Promise<void> = Promise.resolve();

export function setMocksReady(promise: Promise<void>): void {
  ready = promise;
}

export function mocksReady(): Promise<void> {
  return ready;
}
