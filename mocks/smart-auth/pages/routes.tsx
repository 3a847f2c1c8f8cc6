import type { RouteObject } from 'react-router';
import { SMART_PREFIX } from '../../paths';
import { AuthorizePage } from './AuthorizePage';

/** The SMART authorization server's page, with and without a scenario in the URL. */
export const smartAuthRoutes: RouteObject[] = [
  { path: `${SMART_PREFIX}/auth/authorize`, element: <AuthorizePage /> },
  { path: `${SMART_PREFIX}/s/:scenario/auth/authorize`, element: <AuthorizePage /> },
];
