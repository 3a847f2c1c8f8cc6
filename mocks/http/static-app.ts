import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { errorText } from '../../src/protocol/step-failure';
import { cacheControlFor } from './cache-control';

/**
 * The built playground (dist/) as the mock server serves it: files that exist
 * in the build folder, and index.html for the app's own routes (the SPA's
 * history fallback). Nothing outside the folder, and no fallback for paths
 * that look like files or tooling (`/package.json`, `/@fs/...`, `/src/...`):
 * those are 404, not the app.
 */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

// A meta tag, not an inline script: the built app's Content-Security-Policy allows no inline script.
export const FLAG_SCRIPT = '<meta name="playground-served-by" content="mock-server">';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** First segments that are never an app route: tooling and source paths of a dev server. */
const NOT_ROUTES = /^\/(?:@|node_modules(?:\/|$)|src(?:\/|$)|mocks(?:\/|$)|\.)/;

/** The decoded pathname, or undefined when it is not one a file server should look at (bad escape, NUL, `..`, backslash). */
export function safePathname(rawUrl: string | undefined): string | undefined {
  const raw = (rawUrl ?? '/').split('?')[0].split('#')[0];
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return undefined;
  if (decoded.split('/').some((s) => s === '..' || s === '.')) return undefined;
  return decoded;
}

export function isAppRoute(pathname: string): boolean {
  return !extname(pathname) && !NOT_ROUTES.test(pathname);
}

export async function staticApp(distDir: string): Promise<Middleware> {
  const dist = resolve(distDir);
  const index = (await readFile(resolve(dist, 'index.html'), 'utf8')).replace('<head>', `<head>${FLAG_SCRIPT}`);
  const notFound = (res: ServerResponse, what: string) => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Not found: ${what}. This server serves the built playground and the mock servers under /mock/.`);
  };
  return (req, res) => {
    void (async () => {
      const pathname = safePathname(req.url);
      if (pathname === undefined) return notFound(res, 'a path with a bad escape or a dot segment');
      const file = resolve(dist, `.${pathname}`);
      if (pathname !== '/' && file.startsWith(dist + sep)) {
        const info = await stat(file).catch(() => undefined);
        if (info?.isFile()) {
          res.writeHead(200, {
            'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
            'content-length': info.size,
            'cache-control': cacheControlFor(pathname),
          });
          res.end(await readFile(file));
          return;
        }
      }
      if (pathname !== '/' && !isAppRoute(pathname)) return notFound(res, pathname);
      // The SPA's history fallback, with the flag that says who serves it.
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' });
      res.end(index);
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Could not read the built app: ${errorText(e)}`);
    });
  };
}
