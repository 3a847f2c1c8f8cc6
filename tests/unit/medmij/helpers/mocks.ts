import { combine, type MockEnv, type MockServer } from '../../../../mocks/core/server';
import { MemoryStore } from '../../../../mocks/core/store';
import { createDigidServer } from '../../../../mocks/digid/server';
import { createMedMijServer } from '../../../../mocks/medmij/server';

export const ORIGIN = 'http://localhost';

/** MedMij and DigiD mocks called directly; the authorization server's back channel reaches DigiD in-process. */
export function createTestMocks(options: { now?: () => number; transport?: MockEnv['transport'] } = {}) {
  // Real time: the data set's birth dates are computed from today.
  let clock = Date.now();
  const now = options.now ?? (() => clock);
  const env: MockEnv = { store: new MemoryStore(now), now, appOrigins: [], transport: options.transport ?? 'node' };
  const digid = createDigidServer(env);
  const backChannelFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await digid(new Request(input, init));
    return res ?? new Response('not found', { status: 404 });
  }) as typeof fetch;
  const medmij = createMedMijServer(env, { backChannelFetch });
  const server = combine(medmij, digid);
  return {
    env,
    server,
    advance(ms: number) {
      clock += ms;
    },
  };
}

export async function call(server: MockServer, url: string, init?: RequestInit): Promise<Response> {
  const res = await server(new Request(url, init));
  if (!res) throw new Error(`No mock server answers ${init?.method ?? 'GET'} ${url}`);
  return res;
}

export type BrowseEnd =
  { kind: 'callback'; url: string; params: URLSearchParams } | { kind: 'page'; url: string } | { kind: 'response'; url: string; response: Response };

/** A browser: follow 302s until the app's callback, a page the app renders, or another answer. */
export async function browse(server: MockServer, start: string, callbackPrefix = `${ORIGIN}/callback`): Promise<BrowseEnd> {
  let url = start;
  for (let hops = 0; hops < 20; hops++) {
    if (url.startsWith(callbackPrefix)) return { kind: 'callback', url, params: new URL(url).searchParams };
    const res = await call(server, url, { redirect: 'manual' });
    if (res.status === 302) {
      url = new URL(res.headers.get('location')!, url).href;
      continue;
    }
    if (res.headers.get('x-mock-serve-app') === '1') return { kind: 'page', url };
    return { kind: 'response', url, response: res };
  }
  throw new Error('Too many redirects');
}

/** What a page does: POST its action with its own query to its own path. */
export async function pageAction(server: MockServer, pageUrl: string, body: Record<string, unknown>) {
  const u = new URL(pageUrl);
  const res = await call(server, `${u.origin}${u.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, query: u.search }),
  });
  return { status: res.status, screen: (await res.json()) as { kind: string; location?: string; page?: unknown; message?: string } };
}
