import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

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

// The mock servers live under /mock/* on the app's own origin, so their pages
// (login, patient picker, consent, DigiD) are ordinary SPA routes: Vite's
// history fallback serves index.html for those navigations.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
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
  build: { target: 'es2022', sourcemap: false },
});
