/**
 * How the flow runner sends the browser away. In mock mode, with the mocks in
 * this page, a location on the app's own origin (a mock server's page, the
 * callback) is a router navigation: the run stays in one document. Live mode
 * keeps real navigations: a real server answers with real redirects, even when
 * it is `npm run mock-server` on another origin (or this one).
 */
export function runnerNavigation(options: {
  /** The router's navigate. */
  navigate: (to: string) => unknown;
  /** Whether same-origin locations are answered in this page (mock mode with the in-browser mocks). */
  sameDocument: boolean;
  location?: Pick<Location, 'href' | 'origin' | 'assign'>;
}): (url: string) => void {
  const location = options.location ?? window.location;
  return (url) => {
    const target = new URL(url, location.href);
    if (options.sameDocument && target.origin === location.origin) void options.navigate(`${target.pathname}${target.search}${target.hash}`);
    else location.assign(target.href);
  };
}
