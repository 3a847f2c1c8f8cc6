import { createBrowserRouter, RouterProvider } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Layout } from './Layout';
import { HomePage } from '../pages/HomePage';
import { CallbackPage } from '../pages/CallbackPage';
import { LaunchPage } from '../pages/LaunchPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { RouteError } from './RouteError';
import { inPageMocksReady, wantMocks } from './mocks-ready';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });

const loading = (
  <p className="page-loading" role="status">
    Loading the playground…
  </p>
);

/**
 * One router for the app and the mock servers' pages: in mock mode a redirect
 * to a mock page or back to /callback is a router navigation, so a whole run
 * stays in one document (a reload or a real 302 still loads the page afresh).
 */
const router = createBrowserRouter([
  {
    // The mock servers' pages (no app header: they belong to the servers). A page talks to its server at once: wait for
    // the mocks in the page (its calls go to them, src/app/mock-fetch.ts), not for MSW's service worker as well.
    path: '/mock/*',
    errorElement: <RouteError />,
    hydrateFallbackElement: loading,
    lazy: async () => {
      const [{ MockPages }] = await Promise.all([import('./MockPages'), inPageMocksReady().catch(() => undefined)]);
      return { Component: MockPages };
    },
  },
  {
    element: <Layout />,
    errorElement: <RouteError />,
    // Shown while a lazy route's code loads on the first render (the router warns without one).
    hydrateFallbackElement: loading,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/flows/:flowId', lazy: async () => ({ Component: (await import('../pages/FlowPage')).FlowPage }) },
      { path: '/callback', element: <CallbackPage /> },
      { path: '/launch', element: <LaunchPage /> },
      { path: '/inspect', lazy: async () => ({ Component: (await import('../pages/InspectPage')).InspectPage }) },
      { path: '/labs', lazy: async () => ({ Component: (await import('../pages/labs/LabsPage')).LabsPage }) },
      { path: '/labs/:labId', lazy: async () => ({ Component: (await import('../pages/labs/LabPage')).LabPage }) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

// Leaving the home page (a link, Back, a navigation from code) may lead to a page that needs the mocks.
router.subscribe((state) => {
  if ((state.navigation.location ?? state.location).pathname !== '/') wantMocks();
});

export function App({ mockError }: { mockError?: string }) {
  return (
    <QueryClientProvider client={queryClient}>
      {mockError && <MockErrorBanner message={mockError} />}
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}

function MockErrorBanner({ message }: { message: string }) {
  return (
    <div role="alert" className="banner banner-error">
      <strong>The in-browser mock servers did not start.</strong> {message} Mock Service Worker needs a secure context (https, or http on localhost / 127.0.0.1)
      and service workers enabled. Open the playground at http://localhost:5173, or run <code>npm run mock-server</code> and use live mode.
    </div>
  );
}
