const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20; // as a browser follows them (WHATWG Fetch, HTTP-redirect fetch step 5)
const CALLBACK_PATH = '/callback';
const MOCK_PATH = '/mock/';

export interface RunnerNavigationOptions {
  /** The router's navigate. */
  navigate: (to: string) => unknown;
  /** Whether same-origin locations are answered in this page (mock mode with the in-browser mocks). */
  sameDocument: boolean;
  /**
   * The in-browser mocks' answer to a GET of a mock server's address, as the
   * browser's navigation would get it. A redirect (no one needs to act: a
   * skip scenario, an error sent back to the app) is followed without showing
   * that server's page, as a browser never shows a page that answered 302.
   */
  answerHere?: (url: string) => Promise<Response | undefined>;
  /**
   * The browser is back at this origin's /callback: hand the URL to the run in
   * this page and say where the run is shown now, or undefined to let the
   * callback page take it (as after a real redirect).
   */
  returnHere?: (callbackUrl: string) => string | undefined;
  location?: Pick<Location, 'href' | 'origin' | 'assign'>;
}

/**
 * How the flow runner sends the browser away. In mock mode, with the mocks in
 * this page, a location on the app's own origin (a mock server's page, the
 * callback) is a router navigation: the run stays in one document. Live mode
 * keeps real navigations: a real server answers with real redirects, even when
 * it is `npm run mock-server` on another origin (or this one).
 */
export function runnerNavigation(options: RunnerNavigationOptions): (url: string) => Promise<void> {
  const location = options.location ?? window.location;
  const go = async (url: string, hops: number): Promise<void> => {
    const target = new URL(url, location.href);
    if (!options.sameDocument || target.origin !== location.origin) return location.assign(target.href);
    const path = `${target.pathname}${target.search}${target.hash}`;
    if (target.pathname === CALLBACK_PATH) {
      const shown = options.returnHere?.(target.href);
      // The run is shown where the browser already is: nothing to navigate to (a navigation would draw the page again).
      const here = new URL(location.href);
      if (shown === undefined || shown !== `${here.pathname}${here.search}${here.hash}`) void options.navigate(shown ?? path);
      return;
    }
    if (options.answerHere && target.pathname.startsWith(MOCK_PATH) && hops < MAX_REDIRECTS) {
      const answer = await options.answerHere(target.href).catch(() => undefined);
      const next = answer && REDIRECTS.has(answer.status) ? answer.headers.get('location') : null;
      if (next !== null) return go(new URL(next, target).href, hops + 1);
    }
    void options.navigate(path);
  };
  return (url) => go(url, 0);
}

/**
 * Where the flow page shows a run the browser came back to in this page: the
 * address it is at, so presenter mode (`present=1`) and a set-up link's
 * parameters stay, with `auto=1` only while the run goes on by itself (a
 * stale one would set a run the user paused going again).
 */
export function flowPathAfterReturn(here: string, flowId: string, auto: boolean): string {
  const url = new URL(here);
  const params = new URLSearchParams(url.search);
  if (auto) params.set('auto', '1');
  else params.delete('auto');
  const search = params.toString();
  return `/flows/${flowId}${search ? `?${search}` : ''}${url.hash}`;
}
