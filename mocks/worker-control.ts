/** The part of `navigator.serviceWorker` the check reads. */
export type WorkerContainer = Pick<ServiceWorkerContainer, 'controller' | 'getRegistrations'>;

/**
 * Whether this page must load again before the mock worker can answer it:
 * the worker is registered, but the page is not under it (it loaded while the
 * worker was still installing, or after a hard reload, which bypasses service
 * workers). MSW's `worker.start()` reloads such a page. The check runs before
 * the in-page mocks start, so no run begins in a page that is about to go (a
 * step cut off by that reload would end as "interrupted").
 */
export async function mustReloadForWorker(container: WorkerContainer | undefined, workerUrl: string): Promise<boolean> {
  if (!container || container.controller) return false;
  const registrations = await container.getRegistrations();
  // As MSW finds its worker: by the script's URL, in any state.
  return registrations.some((r) => [r.active, r.installing, r.waiting].some((w) => w?.scriptURL === workerUrl));
}
