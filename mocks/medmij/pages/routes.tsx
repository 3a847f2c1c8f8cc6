import type { RouteObject } from 'react-router';
import { ConsentPage } from './ConsentPage';
import { ForwardPage } from './ForwardPage';

const withScenario = (path: string, element: RouteObject['element']): RouteObject[] => [
  { path: `/mock/medmij/:za${path}`, element },
  { path: `/mock/medmij/s/:scenario/:za${path}`, element },
];

/** The MedMij authorization server's pages (navigations the service worker does not see). */
export const medmijRoutes: RouteObject[] = [
  ...withScenario('/oauth/authorize', <ForwardPage what="checking the authorization request" />),
  ...withScenario('/saml/acs', <ForwardPage what="resolving the DigiD artifact" />),
  ...withScenario('/oauth/consent', <ConsentPage />),
];
