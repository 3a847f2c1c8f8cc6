import { describe, expect, it } from 'vitest';
import { mustReloadForWorker, type WorkerContainer } from '../../../mocks/worker-control';

const WORKER = 'http://localhost:5173/mock-service-worker.js';

function container(controller: boolean, ...registered: ({ state: 'active' | 'installing' | 'waiting'; url: string } | undefined)[]): WorkerContainer {
  const registrations = registered.map((r) => ({ active: null, installing: null, waiting: null, ...(r && { [r.state]: { scriptURL: r.url } }) }));
  return {
    controller: controller ? ({ scriptURL: WORKER } as ServiceWorker) : null,
    getRegistrations: async () => registrations as unknown as ServiceWorkerRegistration[],
  };
}

describe('a page the mock worker does not control yet', () => {
  it('must load again when the worker is registered but the page is not under it (loaded while it installed, or a hard reload)', async () => {
    expect(await mustReloadForWorker(container(false, { state: 'active', url: WORKER }), WORKER)).toBe(true);
    expect(await mustReloadForWorker(container(false, { state: 'installing', url: WORKER }), WORKER)).toBe(true);
    expect(await mustReloadForWorker(container(false, { state: 'waiting', url: WORKER }), WORKER)).toBe(true);
  });

  it('goes on when the page is under the worker, on the first visit (nothing registered), or when only another worker is registered', async () => {
    expect(await mustReloadForWorker(container(true, { state: 'active', url: WORKER }), WORKER)).toBe(false);
    expect(await mustReloadForWorker(container(false), WORKER)).toBe(false);
    expect(await mustReloadForWorker(container(false, { state: 'active', url: 'http://localhost:5173/other-worker.js' }), WORKER)).toBe(false);
    expect(await mustReloadForWorker(undefined, WORKER)).toBe(false); // no service workers here (not a secure context)
  });
});
