import { json } from './server';

/**
 * How a mock server's page talks to its own server. Interactive endpoints (an
 * authorize endpoint, DigiD's login, a consent page) are reached by browser
 * navigation. MSW's worker does not see navigations, so the app renders the
 * page for that path and the page POSTs `{action:'view', query}` to learn what
 * to show, then POSTs the user's decision. Over real HTTP the same GET is
 * answered directly: a 302 when no one needs to act, an HTML error page when
 * the server may not redirect, or the app's page (`x-mock-serve-app: 1`) when
 * a user must act.
 */
export type Screen<P> =
  | { kind: 'redirect'; location: string; note?: string }
  | { kind: 'error'; status: number; title: string; message: string; hint?: string; answered?: Answered }
  | { kind: 'page'; page: P };

/** A request the server answered already (its code went back to the app): what a page viewed again says. */
export interface Answered {
  /** When the answer was sent (ISO time). */
  at?: string;
  outcome: 'code' | 'error';
  /** The app's redirect_uri: its origin is where the app lives. */
  redirectUri: string;
  error?: string;
}

export interface PageAction {
  action: string;
  /** The page URL's query string, e.g. `?SAMLRequest=...&RelayState=...` */
  query: string;
  [field: string]: unknown;
}

/** The header that asks the HTTP transport to answer with the built app's index.html: the page takes over. */
export const SERVE_APP_HEADER = 'x-mock-serve-app';

/** The answer to a GET that needs a page: over real HTTP the transport swaps it for the app. */
export function serveAppResponse(extra: Record<string, string> = {}): Response {
  const headers = new Headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  headers.set(SERVE_APP_HEADER, '1');
  return new Response('<!doctype html><title>Loading the page</title>', { status: 200, headers });
}

/**
 * One answer for views that arrive while the first is still being worked out.
 * React's StrictMode (npm run dev) mounts a page twice, so its `view` may
 * arrive twice at once; both reads of the store would see the session
 * untouched and both would act (resolve the artifact, start a session). The
 * second waits for the first's answer instead. Keyed per store: the state it
 * protects lives there.
 */
const viewsInFlight = new WeakMap<object, Map<string, Promise<unknown>>>();

export function sharedView<T>(scope: object, key: string, work: () => Promise<T>): Promise<T> {
  let inFlight = viewsInFlight.get(scope);
  if (!inFlight) viewsInFlight.set(scope, (inFlight = new Map<string, Promise<unknown>>()));
  const running = inFlight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const answer = work().finally(() => inFlight.delete(key));
  inFlight.set(key, answer);
  return answer;
}

/** The action a page posted, or for a GET navigation the implicit `view` of its query. */
export type ReadAction = { kind: 'action'; action: PageAction } | { kind: 'invalid'; error: string };

export async function readAction(request: Request): Promise<ReadAction> {
  if (request.method === 'GET') return { kind: 'action', action: { action: 'view', query: new URL(request.url).search } };
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    return { kind: 'invalid', error: 'Pages post their decisions as application/json: {"action": "...", "query": "?..."}' };
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return { kind: 'invalid', error: 'The request body is not valid JSON' };
  }
  if (!body || typeof body !== 'object') return { kind: 'invalid', error: 'The request body must be a JSON object' };
  const b = body as Record<string, unknown>;
  if (typeof b.action !== 'string') return { kind: 'invalid', error: 'The request body has no "action"' };
  return { kind: 'action', action: { ...b, action: b.action, query: typeof b.query === 'string' ? b.query : '' } };
}

/** Answer a screen: JSON to a page's POST, a real 302 / HTML page / the app's page to a GET. */
export function respondScreen<P>(request: Request, screen: Screen<P>): Response {
  if (request.method !== 'GET') {
    return json(screen, { status: screen.kind === 'error' ? screen.status : 200, headers: { 'cache-control': 'no-store' } });
  }
  switch (screen.kind) {
    case 'redirect':
      return new Response(null, { status: 302, headers: { location: screen.location, 'cache-control': 'no-store' } });
    case 'error':
      // An answered request's page (Back after the callback) is the app's page: it says when the answer went back and leads to the flow.
      return screen.answered ? serveAppResponse() : errorPage(screen.status, screen.title, screen.message, screen.hint);
    case 'page':
      return serveAppResponse();
  }
}

function errorPage(status: number, title: string, message: string, hint?: string): Response {
  const body = [
    '<!doctype html><html lang="en"><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto">',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p data-testid="mock-error-message">${escapeHtml(message)}</p>`,
    hint ? `<p><strong>What to do:</strong> ${escapeHtml(hint)}</p>` : '',
    '</body></html>',
  ].join('\n');
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

function escapeHtml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
