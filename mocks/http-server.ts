/**
 * The mock servers over real HTTP: `npm run mock-server`.
 *
 * The same fetch-style handlers as in the browser, so a browser, curl or any
 * client library can do a whole flow for real: authorize is a real 302, and the
 * servers' own pages (login, patient picker, consent, DigiD) are the playground's
 * pages, served by this same server: the built app by default (built once when
 * the folder is missing), Vite's dev middleware with --dev, or none with --no-app.
 *
 * Made for a workshop room: HOST (bind address, 127.0.0.1), PORT (4010) and
 * PUBLIC_ORIGIN (what attendees type) are configuration; a request's Host
 * header decides nothing. Bodies are capped at 1 MB, unknown methods are 405,
 * and every bad request gets the endpoint's own error shape.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryStore } from './core/store';
import { protocolError } from './core/errors';
import { knownBodyText, type MockEnv, type MockServer } from './core/server';
import { createMockServers } from './servers';
import { smartEndpoints } from './smart-auth/endpoints';
import { CONFIDENTIAL_CLIENT_ID, CONFIDENTIAL_CLIENT_SECRET, PUBLIC_CLIENT_ID } from './smart-auth/clients';
import { DIGID_PREFIX, EHR_PREFIX, MEDMIJ_PREFIX, MOCK_PREFIX } from './paths';
import { DEFAULT_HOST, DEFAULT_PORT, loopbackAliases, resolvePublicOrigin } from './http/config';
import { MAX_BODY_BYTES, readRequest, requestPath } from './http/request';
import { safePathname, staticApp, type Middleware } from './http/static-app';
import { ensureBuiltApp } from './http/build-app';
import { SERVE_APP_HEADER } from './core/page-protocol';
import { errorText } from '../src/protocol/step-failure';

/** The apps that usually talk to this server: the dev server and the preview of the built app. */
export const DEFAULT_APP_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4173', 'http://127.0.0.1:4173'];

/** How the playground's own pages are served: the built app, Vite's dev middleware ('vite' is the old name of 'dev'), or not at all. */
export type ServeApp = 'dist' | 'dev' | 'vite' | false;

export interface MockHttpOptions {
  /** 4010 by default; 0 picks a free port. */
  port?: number;
  /** The bind address, 127.0.0.1 by default. */
  host?: string;
  /** The origin the server publishes (issuer, redirect URIs, back channel); `http://{host}:{port}` by default. */
  publicOrigin?: string;
  /** Serve the playground's pages too (API-only tests leave it false). */
  serveApp?: ServeApp;
  /** The built app's folder for 'dist' (MOCK_DIST_DIR or dist/ by default). */
  distDir?: string;
  /** For 'dist': build the app once when the folder has no index.html (otherwise that is an error). */
  buildIfMissing?: boolean;
  appOrigins?: string[];
  now?: () => number;
  maxBodyBytes?: number;
}

export interface MockHttpServer {
  /** The published origin. */
  origin: string;
  /** Where it listens, e.g. http://127.0.0.1:4010. */
  listening: string;
  env: MockEnv;
  close(): Promise<void>;
}

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The methods any endpoint here answers; anything else (TRACE, CONNECT, WebDAV) is 405 before it is read. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const MOCK_ALLOW = 'GET, HEAD, POST, OPTIONS';
const APP_ALLOW = 'GET, HEAD';

export async function startMockHttpServer(options: MockHttpOptions = {}): Promise<MockHttpServer> {
  const host = options.host ?? DEFAULT_HOST;
  const now = options.now ?? Date.now;
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  if (options.publicOrigin) {
    const checked = resolvePublicOrigin(host, 0, options.publicOrigin);
    if (!checked.ok) throw new Error(checked.message);
  }
  const store = new MemoryStore(now);
  const env: MockEnv = {
    store,
    now,
    appOrigins: options.appOrigins ?? DEFAULT_APP_ORIGINS,
    transport: 'http',
    // PKCE's S256 check hashed here and now, not on the thread pool where it would queue behind id_token signatures.
    sha256: (data) => createHash('sha256').update(data).digest(),
  };
  const mocks = createMockServers(env);
  const app = await appServer(options);

  const server = createHttpServer({ requestTimeout: 30_000, headersTimeout: 15_000, keepAliveTimeout: 5_000 }, (req, res) => {
    // No page of the playground or its servers may be framed by another site (clickjacking a consent or sign-in page).
    res.setHeader('content-security-policy', "frame-ancestors 'none'");
    res.setHeader('x-frame-options', 'DENY');
    handle(mocks, app, env.publicOrigin!, maxBody, req, res).catch((error: unknown) => {
      console.error(error);
      const pathname = safePathname(req.url) ?? '/';
      if (!res.headersSent) void send(res, protocolError(pathname, 500, `Mock server error: ${errorText(error)}`));
      else res.end();
    });
  });
  // A malformed request line or header never reaches the handler: answer 400 and close.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nThe request is not valid HTTP/1.1.');
    else socket.destroy();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? DEFAULT_PORT, host, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_PORT);
  const published = resolvePublicOrigin(host, port, options.publicOrigin);
  if (!published.ok) {
    server.close();
    await app.close();
    throw new Error(published.message);
  }
  env.publicOrigin = published.origin;
  // A browser on this machine may spell a loopback origin either way; both are configuration, not a request's say.
  env.appOrigins = [...new Set([...env.appOrigins, ...loopbackAliases(published.origin)])];
  const listening = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    origin: published.origin,
    listening,
    env,
    close: async () => {
      await app.close();
      store.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

async function handle(mocks: MockServer, app: AppServer, publicOrigin: string, maxBody: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const method = req.method ?? 'GET';
  const path = requestPath(req.url);
  const pathname = path === undefined ? '/' : (path.split('?')[0] ?? '/');
  const isMock = pathname === MOCK_PREFIX || pathname.startsWith(`${MOCK_PREFIX}/`);
  if (!KNOWN_METHODS.has(method)) {
    const allow = isMock ? MOCK_ALLOW : APP_ALLOW;
    return send(res, protocolError(pathname, 405, `${method} is not a method this server answers; use ${allow}.`, { Allow: allow }));
  }
  const read = await readRequest(req, publicOrigin, maxBody);
  if (read.kind === 'bad') return send(res, protocolError(read.pathname, 400, read.message));
  if (read.kind === 'too-large') {
    // Sent before the rest of the body is read; the connection is not reused.
    return send(
      res,
      protocolError(read.pathname, 413, `The request body is larger than ${Math.round(read.limit / 1024)} KB, the most this server reads.`, {
        connection: 'close',
      }),
    );
  }
  const response = await mocks(read.request);
  if (response && !response.headers.has(SERVE_APP_HEADER)) {
    // What the server itself spent on the answer (the body read included): a client under load can tell its own delays from the server's.
    res.setHeader('server-timing', `app;dur=${(performance.now() - started).toFixed(1)}`);
    return send(res, response);
  }
  // Either not a mock route (the app's own pages and assets), or an interactive
  // endpoint that wants the playground to render its page.
  if (method !== 'GET' && method !== 'HEAD') {
    return send(res, protocolError(pathname, 405, `${method} ${pathname}: the playground's pages answer GET only.`, { Allow: APP_ALLOW }));
  }
  app.middleware(req, res, () => {
    void send(
      res,
      protocolError(
        pathname,
        404,
        `Not found: ${pathname}. This server serves the mock servers under /mock/; start it without --no-app to serve the playground's pages too.`,
      ),
    );
  });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  // A JSON answer's text is known (json() made it): written as it is, without reading the body's stream.
  const text = knownBodyText(response);
  const body = text === undefined ? Buffer.from(await response.arrayBuffer()) : Buffer.from(text);
  // The whole body is at hand: its length is sent, not chunks (none for HEAD, which has no body here, nor for statuses without one).
  const bodyless = response.status < 200 || response.status === 204 || response.status === 304 || res.req.method === 'HEAD';
  if (!bodyless && !('content-length' in headers)) headers['content-length'] = String(body.byteLength);
  res.writeHead(response.status, response.statusText, headers);
  res.end(body);
}

interface AppServer {
  middleware: Middleware;
  close(): Promise<void>;
}

async function appServer(options: MockHttpOptions): Promise<AppServer> {
  const kind = options.serveApp ?? false;
  if (kind === 'dev' || kind === 'vite') {
    const { devApp } = await import('./http/dev-app');
    return devApp(root);
  }
  if (kind === 'dist') {
    const dist = resolve(root, options.distDir ?? process.env.MOCK_DIST_DIR ?? 'dist');
    if (options.buildIfMissing) await ensureBuiltApp(root, dist);
    if (!existsSync(join(dist, 'index.html')))
      throw new Error(`${join(dist, 'index.html')} is missing: run \`npm run build\` first, or start without --dist (the default builds it once).`);
    return { middleware: await staticApp(dist), close: async () => {} };
  }
  return { middleware: (_req, _res, next) => next(), close: async () => {} };
}

/** The lines to hand out: what attendees type, per flow. */
export function handoutLines(started: MockHttpServer, serveApp: ServeApp): string[] {
  const o = started.origin;
  const smart = smartEndpoints(o);
  const lines = [`Health OAuth Playground mock servers, listening on ${started.listening}`, `Published origin (PUBLIC_ORIGIN): ${o}`, '', 'Hand these out:'];
  if (serveApp) lines.push(`  The playground (served here):  ${o}/`, `  Inspect your own app:          ${o}/inspect`);
  lines.push(
    `  SMART FHIR base (iss):         ${smart.fhirBase}`,
    `  SMART discovery:               ${smart.fhirBase}/.well-known/smart-configuration`,
    `  Public client id:              ${PUBLIC_CLIENT_ID}`,
    `  Confidential client:           ${CONFIDENTIAL_CLIENT_ID} / ${CONFIDENTIAL_CLIENT_SECRET}`,
    `  Redirect URIs (registered):    ${[o, ...started.env.appOrigins.filter((a) => a !== o)].map((a) => `${a}/callback`).join(', ')}`,
    `  Mock EHR:                      ${o}${EHR_PREFIX}`,
    `  MedMij lists:                  ${o}${MEDMIJ_PREFIX}/lists/zal.xml (ocl.xml, gnl.xml)`,
    `  DigiD metadata:                ${o}${DIGID_PREFIX}/saml/idp/metadata`,
    '',
    `In the playground: Live mode, FHIR base URL ${smart.fhirBase}, client id ${PUBLIC_CLIENT_ID}.`,
  );
  return lines;
}

function isMain(): boolean {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  const args = process.argv.slice(2);
  const serveApp: ServeApp = args.includes('--no-app') ? false : args.includes('--dev') ? 'dev' : 'dist';
  const host = process.env.HOST || DEFAULT_HOST;
  const port = Number(process.env.PORT || DEFAULT_PORT);
  const configured = process.env.PUBLIC_ORIGIN || undefined;
  // Checked before listening, so a wildcard bind without a LAN address stops here with its hint. PORT=0 is resolved after listening.
  const checked = resolvePublicOrigin(host, port, configured);
  if (!checked.ok) {
    console.error(checked.message);
    process.exit(1);
  }
  if (checked.note) console.log(checked.note);
  const extra = (process.env.APP_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const appOrigins = [...new Set([...DEFAULT_APP_ORIGINS, ...extra])];
  try {
    const started = await startMockHttpServer({
      host,
      port,
      publicOrigin: port === 0 && !configured ? undefined : checked.origin,
      serveApp,
      // --dist serves what is there (as the browser tests expect); the default builds it once when missing.
      buildIfMissing: !args.includes('--dist'),
      appOrigins,
    });
    console.log(handoutLines(started, serveApp).join('\n'));
    const stop = () => void started.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    console.error(errorText(e));
    process.exit(1);
  }
}
