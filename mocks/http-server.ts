/**
 * The mock servers over real HTTP: `npm run mock-server` (127.0.0.1:4010, PORT to change).
 *
 * The same fetch-style handlers as in the browser, so a browser, curl or any
 * client library can do a whole flow for real: authorize is a real 302, and the
 * servers' own pages (login, patient picker, consent, DigiD) are the playground's
 * pages, served by this same server (Vite in middleware mode, or the built app
 * with --dist).
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryStore } from './core/store';
import type { MockEnv, MockServer } from './core/server';
import { createMockServers } from './servers';
import { smartEndpoints } from './smart-auth/endpoints';
import { EHR_PREFIX, MEDMIJ_PREFIX } from './paths';

export const SERVE_APP_HEADER = 'x-mock-serve-app';

/** The apps that usually talk to this server: the dev server and the preview of the built app. */
export const DEFAULT_APP_ORIGINS = [
  'http://localhost:5173',
  'http://127.0.0.1:5173',
  'http://localhost:4173',
  'http://127.0.0.1:4173',
];

export interface MockHttpOptions {
  port?: number;
  host?: string;
  /** Serve the playground's pages too: through Vite (dev), from dist/, or not at all (API-only tests). */
  serveApp?: 'vite' | 'dist' | false;
  appOrigins?: string[];
  now?: () => number;
}

export interface MockHttpServer {
  origin: string;
  env: MockEnv;
  close(): Promise<void>;
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

// Tells the playground it is served by the mock server: its pages then talk to
// this server over HTTP instead of starting the in-browser worker.
const FLAG_SCRIPT = '<script>window.__PLAYGROUND_MOCK_SERVER__ = true</script>';

export async function startMockHttpServer(options: MockHttpOptions = {}): Promise<MockHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const env: MockEnv = {
    store: new MemoryStore(now),
    now,
    appOrigins: options.appOrigins ?? DEFAULT_APP_ORIGINS,
    transport: 'http',
  };
  const mocks = createMockServers(env);
  const app = await appMiddleware(options.serveApp ?? false);

  const server = createHttpServer((req, res) => {
    handle(mocks, app, req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Mock server error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 4010, host, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const origin = `http://${host}:${port}`;
  return {
    origin,
    env,
    close: async () => {
      await app.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

async function handle(mocks: MockServer, app: AppServer, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = await toRequest(req);
  const response = await mocks(request);
  if (response && !response.headers.has(SERVE_APP_HEADER)) return send(res, response);
  // Either not a mock route (the app's own pages and assets), or an interactive
  // endpoint that wants the playground to render its page.
  app.middleware(req, res, () => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Not found: ${req.url}. This server serves the mock servers under /mock/. Start it without --no-app to serve the playground's pages too.`);
  });
}

async function toRequest(req: IncomingMessage): Promise<Request> {
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let body: Buffer | undefined;
  if (hasBody) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    body = Buffer.concat(chunks);
  }
  return new Request(url, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

interface AppServer {
  middleware: Middleware;
  close(): Promise<void>;
}

async function appMiddleware(kind: 'vite' | 'dist' | false): Promise<AppServer> {
  if (kind === 'vite') {
    const { createServer } = await import('vite');
    const vite = await createServer({
      root,
      configFile: join(root, 'vite.config.ts'),
      appType: 'spa',
      server: { middlewareMode: true, hmr: false },
      plugins: [{ name: 'mock-server-flag', transformIndexHtml: (html) => html.replace('<head>', `<head>${FLAG_SCRIPT}`) }],
      logLevel: 'warn',
    });
    return { middleware: vite.middlewares as unknown as Middleware, close: () => vite.close() };
  }
  if (kind === 'dist') {
    const dist = resolve(root, process.env.MOCK_DIST_DIR ?? 'dist');
    if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/index.html is missing: run `npm run build` first, or start without --dist.');
    return { middleware: staticMiddleware(dist), close: async () => {} };
  }
  return { middleware: (_req, _res, next) => next(), close: async () => {} };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function staticMiddleware(dist: string): Middleware {
  return (req, res) => {
    void (async () => {
      const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
      const file = join(dist, path);
      if (file.startsWith(dist) && extname(file) && existsSync(file)) {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(await readFile(file));
        return;
      }
      // The SPA's history fallback, with the flag that says who serves it.
      const html = (await readFile(join(dist, 'index.html'), 'utf8')).replace('<head>', `<head>${FLAG_SCRIPT}`);
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      res.end(html);
    })();
  };
}

function isMain(): boolean {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  const port = Number(process.env.PORT ?? 4010);
  const serveApp = process.argv.includes('--no-app') ? false : process.argv.includes('--dist') ? 'dist' : 'vite';
  const extra = (process.env.APP_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const started = await startMockHttpServer({ port, serveApp, appOrigins: [...DEFAULT_APP_ORIGINS, ...extra] });
  const smart = smartEndpoints(started.origin);
  console.log(`Health OAuth Playground mock servers on ${started.origin}`);
  console.log(`  SMART FHIR base (iss):  ${smart.fhirBase}`);
  console.log(`  SMART discovery:        ${smart.fhirBase}/.well-known/smart-configuration`);
  console.log(`  SMART authorize/token:  ${smart.authorize}  ${smart.token}`);
  console.log(`  Mock EHR:               ${started.origin}${EHR_PREFIX}`);
  console.log(`  MedMij lists:           ${started.origin}${MEDMIJ_PREFIX}/lists/zal.xml (ocl.xml, gnl.xml)`);
  if (serveApp) console.log(`  Playground (served here): ${started.origin}/`);
  console.log('Registered redirect URIs: <origin>/callback for', [started.origin, ...started.env.appOrigins].join(', '));
  const stop = () => void started.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
