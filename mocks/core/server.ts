import { protocolError } from './errors';
import type { Clock, Store } from './store';

/**
 * A mock server is a plain fetch-style function: a Request in, a Response out,
 * or undefined when the request is not for it. The same function is served by
 * MSW's worker in the browser, by msw/node in tests and over real HTTP by
 * `npm run mock-server` (see mocks/handlers.ts and mocks/http-server.ts).
 */
export type MockServer = (request: Request) => Promise<Response | undefined>;

export interface MockEnv {
  store: Store;
  now: Clock;
  /**
   * Origins whose `/callback` (and other) redirect URIs the built-in clients
   * have registered, besides the serving origin itself. Exact match is still
   * required; this only says which apps are known.
   */
  appOrigins: string[];
  /** 'worker' | 'node' | 'http': over 'http' an interactive authorize is a real 302 or an HTML page. */
  transport: 'worker' | 'node' | 'http';
  /**
   * The origin this server publishes (issuer, endpoints, the built-in clients'
   * redirect URIs, back-channel addresses). Over HTTP it is configured
   * (PUBLIC_ORIGIN): a request's Host header is never trusted for it. Unset in
   * the browser's worker and msw/node, where the request's own URL is the
   * page's (or the test's) origin and cannot be named by a client.
   */
  publicOrigin?: string;
  /**
   * SHA-256 done at once, when the transport has it (node:crypto over HTTP). WebCrypto's
   * digest is a trip through a worker thread and back, which under load waits its turn
   * behind other requests; the browser has only that, and uses it when this is unset.
   */
  sha256?: (data: Uint8Array) => Uint8Array;
}

/** The one answer to "what is my origin?" for every mock server. */
export function ownOrigin(env: MockEnv, request: Request): string {
  return env.publicOrigin ?? requestUrl(request).origin;
}

const parsedUrls = new WeakMap<Request, URL>();

/**
 * The request's URL, parsed once per request: the inspector, the lazy servers
 * and the routers each ask for it. Shared, so read it; never change it.
 */
export function requestUrl(request: Request): URL {
  let url = parsedUrls.get(request);
  if (!url) {
    url = new URL(request.url);
    parsedUrls.set(request, url);
  }
  return url;
}

/**
 * Bodies whose text is known without reading their stream: what json() put in
 * an answer, what the HTTP server read off the socket into a request. Reading a
 * body stream costs more than the rest of a small answer; the text is the same.
 */
const bodyTexts = new WeakMap<Request | Response, string>();

/** Say that this message's body is exactly `text` (set where the message is made, from that text). */
export function rememberBodyText(message: Request | Response, text: string): void {
  bodyTexts.set(message, text);
}

/** The body's text when it is known and the body was not read yet; undefined otherwise (then read the body). */
export function knownBodyText(message: Request | Response): string | undefined {
  return message.bodyUsed ? undefined : bodyTexts.get(message);
}

interface RouteMatch {
  params: Record<string, string>;
  url: URL;
}

export type RouteHandler = (request: Request, match: RouteMatch) => Promise<Response>;

interface Route {
  /** An HTTP method, or '*' for any. */
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

/**
 * A tiny path router. Patterns use `:name` for one segment and `*rest` for the
 * remainder, e.g. `/mock/smart/s/:scenario/fhir/*rest`.
 */
export class Router {
  private readonly routes: Route[] = [];

  // method: an HTTP method, or '*' for any.
  on(method: string, path: string, handler: RouteHandler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((seg) => {
        if (seg.startsWith(':')) {
          names.push(seg.slice(1));
          return '([^/]+)';
        }
        if (seg.startsWith('*')) {
          names.push(seg.slice(1));
          return '(.*)';
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  get(path: string, handler: RouteHandler): this {
    return this.on('GET', path, handler);
  }
  post(path: string, handler: RouteHandler): this {
    return this.on('POST', path, handler);
  }

  /**
   * Resolve a request; undefined when no route matches the path, 405 (with
   * Allow) when only the method is wrong, 400 when a path segment is not valid
   * percent-encoding: each in the endpoint's own error shape.
   */
  async handle(request: Request): Promise<Response | undefined> {
    const url = requestUrl(request);
    // HEAD is GET without the body (RFC 9110 §9.3.2); the transports drop the body.
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const m = route.pattern.exec(url.pathname);
      if (!m) continue;
      if (request.method === 'OPTIONS') return preflight(request);
      if (route.method !== '*' && route.method !== method) {
        allowed.add(route.method);
        continue;
      }
      const params = decodeParams(route.names, m);
      if (!params) {
        return withCors(
          request,
          protocolError(url.pathname, 400, `The URL path has a malformed percent-encoding (a "%" not followed by two hex digits of UTF-8): ${url.pathname}`),
        );
      }
      const response = await route.handler(request, { params, url });
      return withCors(request, response);
    }
    if (allowed.size) {
      const allow = [...allowed, ...(allowed.has('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
      return withCors(request, protocolError(url.pathname, 405, `${request.method} is not allowed here; use ${allow}.`, { Allow: allow }));
    }
    return undefined;
  }
}

function decodeParams(names: string[], m: RegExpExecArray): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  try {
    names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? '')));
  } catch {
    return undefined;
  }
  return params;
}

/** Compose servers: the first that answers wins. */
export function combine(...servers: MockServer[]): MockServer {
  return async (request) => {
    for (const server of servers) {
      const res = await server(request);
      if (res) return res;
    }
    return undefined;
  };
}

// CORS: browser clients on any origin may call the mocks (a real SMART server
// must allow the app's origin too). Credentials are never needed: tokens go in headers.
function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': request.headers.get('access-control-request-headers') ?? 'authorization, content-type, accept, prefer',
    'Access-Control-Expose-Headers': 'WWW-Authenticate, Location, Content-Location, ETag',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

function preflight(request: Request): Response {
  return new Response(null, { status: 204, headers: corsHeaders(request) });
}

function withCors(request: Request, response: Response): Response {
  // Redirects (302) and opaque bodies keep their headers; we only add CORS ones.
  const cors = Object.entries(corsHeaders(request));
  try {
    // The handler's own answer, its headers completed in place: no copy of the response and its body stream.
    for (const [k, v] of cors) if (!response.headers.has(k)) response.headers.set(k, v);
    return response;
  } catch {
    // Immutable headers (Response.redirect, Response.error): a copy that carries them.
    const headers = new Headers(response.headers);
    for (const [k, v] of cors) if (!headers.has(k)) headers.set(k, v);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'application/json; charset=utf-8');
  const text = JSON.stringify(body, null, 2);
  const response = new Response(text, { ...init, headers });
  rememberBodyText(response, text);
  return response;
}

/** Read an application/x-www-form-urlencoded body; undefined when the content type is wrong. */
export async function readForm(request: Request): Promise<URLSearchParams | undefined> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  return new URLSearchParams(knownBodyText(request) ?? (await request.text()));
}
