import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

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
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
  };
}

// The mock servers live under /mock/* on the app's own origin, so their pages
// (login, patient picker, consent, DigiD) are ordinary SPA routes: Vite's
// history fallback serves index.html for those navigations.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  server: { host: 'localhost', port: 5173 },
  preview: { host: 'localhost', port: 4173, headers: { 'Content-Security-Policy': "frame-ancestors 'none'" } },
  build: { target: 'es2022', sourcemap: false },
});
