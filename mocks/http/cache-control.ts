/**
 * How long a browser may keep a file of the build, as `vite preview`
 * (vite.config.ts) and `npm run mock-server` (static-app.ts) both serve it.
 * Vite names every file under /assets/ after a hash of its content, so a new
 * build has new names: those are kept for good. Everything else (index.html,
 * the service worker, the favicon) is asked for each time, so a rebuild
 * reaches the next page load.
 */
export function cacheControlFor(pathname: string): string {
  return isHashedAsset(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export function isHashedAsset(pathname: string): boolean {
  return pathname.startsWith('/assets/');
}
