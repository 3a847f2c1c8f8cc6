import type { RouteObject } from 'react-router';
import { EHR_PREFIX } from '../../paths';
import { EhrPage } from './EhrPage';

/** The mock EHR's launch page. */
export const ehrRoutes: RouteObject[] = [{ path: EHR_PREFIX, element: <EhrPage /> }];
