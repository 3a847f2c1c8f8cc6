import { useRoutes, type RouteObject } from 'react-router';
import { smartAuthRoutes } from '../../mocks/smart-auth/pages/routes';
import { ehrRoutes } from '../../mocks/ehr/pages/routes';
import { medmijRoutes } from '../../mocks/medmij/pages/routes';
import { digidRoutes } from '../../mocks/digid/pages/routes';
import { setMockPageEnv } from '../../mocks/core/pages/page-env';
import { pageFetch } from './mock-fetch';
import { servedByMockServer } from './settings';
import './mock-pages.css';

/**
 * The mock servers' own pages. MSW's worker does not see navigations, so these
 * pages are routes of the playground under each server's path (loaded with
 * the first of them); their decisions go to the server as fetch POSTs, which
 * the in-page fetch answers without the service worker. Served by
 * `npm run mock-server`, the pages talk to it over HTTP and its redirects are
 * real ones.
 */
setMockPageEnv({ fetch: pageFetch, sameDocument: !servedByMockServer() });

// The servers name their pages by full path; under the app's `/mock/*` route they match what follows `/mock`.
const underMock = (r: RouteObject): RouteObject => ({ ...r, path: r.path?.replace(/^\/mock(?=\/|$)/, '') || '/' });

const routes: RouteObject[] = [
  ...[...smartAuthRoutes, ...ehrRoutes, ...medmijRoutes, ...digidRoutes].map(underMock),
  {
    path: '*',
    element: (
      <main className="mock-page">
        <h1>No such mock page</h1>
        <p>
          This path belongs to the mock servers, but no page lives here. Go back to the <a href="/">playground</a>.
        </p>
      </main>
    ),
  },
];

/** The `/mock/*` route of the app: the page for this path. */
export function MockPages() {
  return useRoutes(routes);
}
