import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';
import { smartAuthRoutes } from '../../mocks/smart-auth/pages/routes';
import { ehrRoutes } from '../../mocks/ehr/pages/routes';
import { medmijRoutes } from '../../mocks/medmij/pages/routes';
import { digidRoutes } from '../../mocks/digid/pages/routes';
import { MockErrorBanner } from './App';
import { RouteError } from './RouteError';
import './mock-pages.css';

/**
 * The mock servers' own pages. MSW's worker does not see navigations, so these
 * pages are routes of the playground under each server's path; their decisions
 * go to the server as fetch POSTs.
 */
const routes: RouteObject[] = [
  ...smartAuthRoutes,
  ...ehrRoutes,
  ...medmijRoutes,
  ...digidRoutes,
  {
    path: '*',
    element: (
      <main className="mock-page">
        <h1>No such mock page</h1>
        <p>This path belongs to the mock servers, but no page lives here. Go back to the <a href="/">playground</a>.</p>
      </main>
    ),
  },
].map((r) => ({ errorElement: <RouteError />, ...r }));

const router = createBrowserRouter(routes);

export function MockPages({ mockError }: { mockError?: string }) {
  return (
    <>
      {mockError && <MockErrorBanner message={mockError} />}
      <RouterProvider router={router} />
    </>
  );
}
