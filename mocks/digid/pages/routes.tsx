import type { RouteObject } from 'react-router';
import { DigidLoginPage } from './DigidLoginPage';

/** DigiD's login page, with and without the playground's scenario segment. */
export const digidRoutes: RouteObject[] = [
  { path: '/mock/digid/sso', element: <DigidLoginPage /> },
  { path: '/mock/digid/s/:scenario/sso', element: <DigidLoginPage /> },
];
