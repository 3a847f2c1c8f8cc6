import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { FLAG_SCRIPT, isAppRoute, safePathname, type Middleware } from './static-app';

/**
 * `npm run mock-server -- --dev`, for contributors: the playground through
 * Vite's dev middleware. In dev mode the browser does load module sources, so
 * this serves what the app imports and nothing else of the project:
 *   - src/**, the public/ files, node_modules (dependencies), Vite's own /@vite, /@id/__x00__ and /@react-refresh;
 *   - of mocks/, only the modules src/ reaches by static imports (the mock
 *     servers' pages and what they import). The mock servers themselves, with
 *     the built-in client secret, run here in Node, not in the browser;
 *   - /@fs/ only inside those roots.
 * Everything else (package.json, vite.config.ts, tests/, .git, /@fs/etc/...)
 * is a 404 before Vite sees it, and Vite's own fs.allow/deny say the same.
 */

const MODULE_EXTS = ['.ts', '.tsx', '.js', '.mjs', '.jsx', '.css', '.json'];
// Static imports and re-exports; `import('...')` (lazy chunks) is deliberately not followed.
// Type-only imports (`import type ...`) are erased, so the browser never asks for them.
const STATIC_IMPORT = /(?:^|[;\n])\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;

function resolveModule(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [base, ...MODULE_EXTS.map((e) => base + e), ...MODULE_EXTS.map((e) => join(base, `index${e}`))];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (MODULE_EXTS.some((e) => entry.name.endsWith(e))) out.push(path);
  }
  return out;
}

/** The files under mocks/ that src/ reaches through static imports. */
function mocksModulesForApp(root: string): Set<string> {
  const mocks = resolve(root, 'mocks') + sep;
  const seen = new Set<string>();
  const allowed = new Set<string>();
  const queue = listFiles(resolve(root, 'src'));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.startsWith(mocks)) allowed.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) {
      const spec = m[1];
      if (!spec.startsWith('.')) continue;
      const target = resolveModule(file, spec);
      if (target && (target.startsWith(mocks) || target.startsWith(resolve(root, 'src') + sep))) queue.push(target);
    }
  }
  return allowed;
}

interface DevGuard {
  /** Whether this request may reach Vite. */
  allows(rawUrl: string | undefined): boolean;
  fsAllow: string[];
  fsDeny: string[];
}

function devGuard(root: string): DevGuard {
  const src = resolve(root, 'src') + sep;
  const nodeModules = resolve(root, 'node_modules') + sep;
  const publicDir = resolve(root, 'public');
  const mocks = mocksModulesForApp(root);
  const fileAllowed = (file: string) => file.startsWith(src) || file.startsWith(nodeModules) || mocks.has(file);
  return {
    fsAllow: [resolve(root, 'src'), resolve(root, 'node_modules'), resolve(root, 'index.html'), publicDir, ...mocks],
    fsDeny: ['.env', '.env.*', '*.{crt,pem,key}', '**/.git/**', 'package.json', 'package-lock.json'],
    allows(rawUrl) {
      const raw = rawUrl ?? '/';
      // Vite would see the raw URL: no encoded dots or slashes, no backslashes.
      if (/%2e|%2f|%5c|\\/i.test(raw.split('?')[0])) return false;
      const pathname = safePathname(raw);
      if (pathname === undefined) return false;
      if (pathname === '/' || pathname === '/index.html') return true;
      if (pathname.startsWith('/@vite/') || pathname === '/@react-refresh' || pathname.startsWith('/@id/__x00__')) return true;
      if (pathname.startsWith('/@fs/')) return fileAllowed(resolve(pathname.slice('/@fs'.length)));
      if (pathname.startsWith('/@')) return false;
      const file = resolve(root, `.${pathname}`);
      if (fileAllowed(file)) return true;
      const inPublic = resolve(publicDir, `.${pathname}`);
      if (inPublic.startsWith(publicDir + sep) && existsSync(inPublic) && statSync(inPublic).isFile()) return true;
      return isAppRoute(pathname);
    },
  };
}

export interface DevApp {
  middleware: Middleware;
  close(): Promise<void>;
}

export async function devApp(root: string): Promise<DevApp> {
  const guard = devGuard(root);
  const { createServer } = await import('vite');
  const vite = await createServer({
    root,
    configFile: join(root, 'vite.config.ts'),
    appType: 'spa',
    server: { middlewareMode: true, hmr: false, fs: { strict: true, allow: guard.fsAllow, deny: guard.fsDeny } },
    plugins: [{ name: 'mock-server-flag', transformIndexHtml: (html) => html.replace('<head>', `<head>${FLAG_SCRIPT}`) }],
    logLevel: 'warn',
  });
  const viteMiddleware = vite.middlewares as unknown as Middleware;
  return {
    middleware: (req, res, next) => {
      if (!guard.allows(req.url)) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(
          `Not found: ${relative('/', safePathname(req.url) ?? '/')}. In --dev mode this server serves the app's modules (src/, the mock pages) and nothing else of the project.`,
        );
        return;
      }
      viteMiddleware(req, res, next);
    },
    close: () => vite.close(),
  };
}
