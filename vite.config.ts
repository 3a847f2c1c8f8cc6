import { defineConfig, type Plugin, type Rolldown } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { cacheControlFor, isHashedAsset } from './mocks/http/cache-control.ts';

/**
 * The built app's Content-Security-Policy: no inline script, no eval, nothing
 * framed or embedded. `connect-src` stays open to http and https because live
 * mode talks to whatever SMART server the user names (a workshop server on the
 * room's network is plain http). frame-ancestors cannot be set in a meta tag:
 * the servers that serve the app send it as a header.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' http: https:",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

// Only the build gets the policy: Vite's dev server injects inline scripts of its own (React refresh).
function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
  };
}

/**
 * The build's chunks: one per part of the app the browser loads at once. Left to itself
 * the bundler makes a chunk of every set of modules two lazy parts share: some 30 small
 * files for a flow page, and a browser opens at most 6 connections to a server, so the
 * first page of a run waited on rounds of requests. Here the entry and the app shell
 * (App.tsx and what it imports: what every page loads) stay as they are, and the rest is
 * jose, the flow page with what it shows, the part of the mocks the app may name
 * (mocks/public.ts), the in-browser mock servers, one chunk per flow, the labs and the
 * mock servers' pages. A group takes the modules its members import unless a group of
 * higher priority has them.
 */
function routeChunks(): { plugin: Plugin; groups: Rolldown.CodeSplittingGroup[] } {
  const entry = new Set<string>(); // main.tsx and what it imports
  const shell = new Set<string>(); // App.tsx and what it imports
  const mocks = new Set<string>(); // mocks/browser.ts and what it imports
  const plugin: Plugin = {
    name: 'route-chunks',
    apply: 'build',
    // The module graph is complete here, and chunking has not begun.
    buildEnd() {
      const closure = (root: RegExp, into: Set<string>) => {
        const stack = [...this.getModuleIds()].filter((id) => root.test(slashed(id)));
        while (stack.length) {
          const id = stack.pop()!;
          if (into.has(id)) continue;
          into.add(id);
          stack.push(...(this.getModuleInfo(id)?.importedIds ?? []));
        }
      };
      closure(/\/src\/main\.tsx$/, entry);
      closure(/\/src\/app\/App\.tsx$/, shell);
      closure(/\/mocks\/browser\.ts$/, mocks);
    },
  };
  const slashed = (id: string) => id.replaceAll('\\', '/');
  const lazy = (id: string) => !entry.has(id) && !shell.has(id);
  const under = (pattern: RegExp) => (id: string) => pattern.test(slashed(id)) && lazy(id);
  const groups: Rolldown.CodeSplittingGroup[] = [
    // What main.tsx imports, apart from main.tsx itself (the entry chunk): no other group can take it,
    // so index.js imports App.js only dynamically and an App.js that cannot load leaves main.tsx to say so.
    { name: 'boot', test: (id) => entry.has(id) && !/\/src\/main\.tsx$/.test(slashed(id)), priority: 11 },
    { name: 'App', test: (id) => shell.has(id) && !entry.has(id), priority: 10 },
    { name: 'jose', test: under(/\/node_modules\/jose\//), priority: 9 },
    {
      name: 'flow-page',
      test: under(/\/src\/(pages\/(?!labs\/)|ui\/|journal\/|protocol\/|app\/(?!MockPages)|flows\/[^/]+$)|\/node_modules\/@tanstack\//),
      priority: 8,
    },
    { name: 'mock-public', test: under(/\/mocks\/public\.ts$/), priority: 7 },
    { name: 'mocks', test: (id) => mocks.has(id) && lazy(id), priority: 6 },
    { name: 'smart-launch', test: under(/\/src\/flows\/smart-launch\/|\/node_modules\/oidc-client-ts\//), priority: 5 },
    { name: 'backend-services', test: under(/\/src\/flows\/backend-services\//), priority: 5 },
    { name: 'medmij', test: under(/\/src\/flows\/medmij\//), priority: 5 },
    { name: 'labs', test: under(/\/src\/(labs|pages\/labs)\//), priority: 4 },
    { name: 'mock-pages', test: under(/\/mocks\/.*\/pages\/|\/src\/app\/MockPages/), priority: 4 },
  ];
  return { plugin, groups };
}

/**
 * `vite preview` serves the build as a production host would: Vite names the files under /assets/ after a hash of
 * their content, so the browser keeps them for good (a launch, a reload, the next page of a run take them from its
 * cache); index.html and the service worker are asked for each time (Vite's default, no-cache).
 * `npm run mock-server` serves the build the same way (mocks/http/static-app.ts).
 */
function cacheHashedAssets(): Plugin {
  return {
    name: 'cache-hashed-assets',
    configurePreviewServer(server) {
      // Before Vite's file server, which keeps a Cache-Control that is already set.
      server.middlewares.use((req, res, next) => {
        const pathname = new URL(req.url ?? '/', 'http://preview.invalid').pathname;
        if (isHashedAsset(pathname)) res.setHeader('Cache-Control', cacheControlFor(pathname));
        next();
      });
    },
  };
}

/** Every page loads App.js right after the entry: the browser fetches it alongside, not once the entry has run. */
function preloadApp(): Plugin {
  return {
    name: 'preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, ctx) => {
        const app = Object.values(ctx.bundle ?? {}).find((chunk) => chunk.type === 'chunk' && chunk.name === 'App');
        return app ? [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: '', href: `/${app.fileName}` }, injectTo: 'head' }] : [];
      },
    },
  };
}
const chunks = routeChunks();

// The mock servers live under /mock/* on the app's own origin, so their pages
// (login, patient picker, consent, DigiD) are ordinary SPA routes: Vite's
// history fallback serves index.html for those navigations.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), chunks.plugin, preloadApp(), cacheHashedAssets()],
  // `npm run bench` gives its dev server a dependency cache of its own (a really cold first run).
  cacheDir: process.env.PLAYGROUND_VITE_CACHE_DIR ?? 'node_modules/.vite',
  resolve: {
    alias: [
      // MSW's cookie store needs tough-cookie, which brings the public-suffix list (tldts, ~250 KB
      // minified); the mock servers set no cookies, all on one origin: a small jar does (see the stub).
      { find: /^tough-cookie$/, replacement: fileURLToPath(new URL('./mocks/browser-stubs/tough-cookie.ts', import.meta.url)) },
    ],
  },
  server: {
    host: 'localhost',
    port: 5173,
    // Compile what a first visit and a flow need as the server starts, not one request at a time.
    warmup: {
      clientFiles: [
        './src/main.tsx',
        './src/app/App.tsx',
        './src/app/MockPages.tsx',
        './src/pages/*.tsx',
        './src/flows/**/*.{ts,tsx}',
        './mocks/browser.ts',
        './mocks/*/server.ts', // loaded by the mocks on their first request
        './mocks/*/pages/*.{ts,tsx}',
      ],
    },
    // Builds (dist-*), test output and the bench's files are not sources: a build written there
    // must not reload the pages open in the dev server in the middle of a flow.
    watch: { ignored: ['**/dist/**', '**/dist-*/**', '**/test-results*/**', '**/playwright-report/**', '**/.bench/**'] },
  },
  optimizeDeps: {
    // The app has one page; scanning every *.html (builds in dist-*, test reports) finds nothing but stale files.
    entries: ['index.html'],
    // Every dependency the browser side imports, bundled before the first page asks: a dependency
    // found late makes Vite reload the page, which would cut a running flow short.
    include: ['react', 'react/jsx-dev-runtime', 'react-dom/client', 'react-router', '@tanstack/react-query', 'jose', 'oidc-client-ts', 'msw', 'msw/browser'],
  },
  preview: { host: 'localhost', port: 4173, headers: { 'Content-Security-Policy': "frame-ancestors 'none'" } },
  build: { target: 'es2022', sourcemap: false, rolldownOptions: { output: { codeSplitting: { groups: chunks.groups } } } },
});
