import { inPageMocks, type InPageMocks } from './mocks-ready';

const MOCK_PATH = '/mock/';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20; // as fetch does (WHATWG Fetch, HTTP-redirect fetch step 5)

export interface MockFetchOptions {
  /** The page's origin: only its `/mock/*` requests are the in-browser mocks'. */
  origin: string;
  /** The mocks' handlers, when the page runs them. */
  mocks: () => Promise<InPageMocks | undefined>;
  /** Everything else (and anything the handlers do not answer). */
  fetch: typeof fetch;
}

/**
 * A fetch for the page's own calls: a same-origin `/mock/*` request is handed
 * to MSW's handlers in the page, the same handlers the service worker uses,
 * so it skips the round trip page → worker → page. Every other request goes
 * to the real fetch. A request with `redirect` other than 'follow' also goes
 * to the real fetch, which alone can make an opaque redirect.
 */
export function createMockFetch(options: MockFetchOptions): typeof fetch {
  async function mockFetch(input: RequestInfo | URL, init?: RequestInit, hops = 0): Promise<Response> {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== options.origin || !url.pathname.startsWith(MOCK_PATH) || request.redirect !== 'follow') {
      return options.fetch(request);
    }
    const mocks = await options.mocks();
    if (!mocks) return options.fetch(request);
    // The handlers read a copy: if none answers, the network gets the request with its body unread.
    const response = await mocks.respond(request.clone());
    if (!response || response.headers.get('x-msw-intention') === 'passthrough') return options.fetch(request);
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || location === null) return response;
    if (hops >= MAX_REDIRECTS) throw new TypeError(`Failed to fetch: more than ${MAX_REDIRECTS} redirects from ${request.url}`);
    return mockFetch(new URL(location, request.url), await redirectInit(request, response.status), hops + 1);
  }
  return (input, init) => mockFetch(input, init);
}

/** What a browser sends after a redirect: 303 (and 301/302 after a POST) becomes a GET without a body. */
async function redirectInit(request: Request, status: number): Promise<RequestInit> {
  const toGet = (status === 303 && request.method !== 'HEAD') || ((status === 301 || status === 302) && request.method === 'POST');
  const headers = new Headers(request.headers);
  if (toGet) for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(name);
  const body = toGet || request.body === null ? undefined : await request.arrayBuffer();
  return { method: toGet ? 'GET' : request.method, headers, body, credentials: request.credentials, signal: request.signal };
}

/** The page's fetch with the in-browser mocks answered in the page: the flow runner's base fetch. */
let page: typeof fetch | undefined;
export const pageFetch: typeof fetch = (input, init) =>
  (page ??= createMockFetch({ origin: window.location.origin, mocks: inPageMocks, fetch: (i, o) => fetch(i, o) }))(input, init);

/**
 * What the in-browser mocks answer a browser's GET of `url` with (a 302, or a
 * page the app shows), without following redirects; undefined when the mocks
 * do not run in this page.
 */
export async function answerInPage(url: string): Promise<Response | undefined> {
  const mocks = await inPageMocks();
  return mocks?.respond(new Request(url, { headers: { accept: 'text/html' }, redirect: 'manual' }));
}
