import type { SpecRef } from './types';

/** The spec sections the checks cite. */
const SMART = 'https://hl7.org/fhir/smart-app-launch/STU2.2';
const rfc = (n: number, section: string, label: string): SpecRef => ({
  label: `RFC ${n} §${section} ${label}`,
  url: `https://www.rfc-editor.org/rfc/rfc${n}#section-${section}`,
});

export const SPECS = {
  smartDiscovery: { label: 'SMART App Launch 2.2 §Discovery', url: `${SMART}/app-launch.html#step-3-discovery` },
  smartConformance: { label: 'SMART App Launch 2.2 Conformance', url: `${SMART}/conformance.html` },
  smartAuthorize: { label: 'SMART App Launch 2.2 §Obtain authorization code', url: `${SMART}/app-launch.html#step-4-authorization-code` },
  smartEhrLaunch: { label: 'SMART App Launch 2.2 §EHR launch', url: `${SMART}/app-launch.html#step-2-launch-ehr` },
  smartToken: { label: 'SMART App Launch 2.2 §Obtain access token', url: `${SMART}/app-launch.html#step-5-access-token` },
  smartFhir: { label: 'SMART App Launch 2.2 §Access FHIR API', url: `${SMART}/app-launch.html#step-6-fhir-api` },
  smartRefresh: { label: 'SMART App Launch 2.2 §Refresh access token', url: `${SMART}/app-launch.html#step-7-refresh` },
  smartScopes: { label: 'SMART App Launch 2.2 Scopes and launch context', url: `${SMART}/scopes-and-launch-context.html` },
  smartSymmetric: { label: 'SMART App Launch 2.2 Client authentication: symmetric', url: `${SMART}/client-confidential-symmetric.html` },
  smartAsymmetric: {
    label: 'SMART App Launch 2.2 Client authentication: asymmetric',
    url: `${SMART}/client-confidential-asymmetric.html#authenticating-to-the-token-endpoint`,
  },
  smartBackend: { label: 'SMART App Launch 2.2 Backend Services', url: `${SMART}/backend-services.html` },
  csrf: rfc(6749, '10.12', 'Cross-site request forgery'),
  guessing: rfc(6749, '10.10', 'Credentials-guessing attacks'),
  tokenRequest: rfc(6749, '4.1.3', 'Access token request'),
  clientPassword: rfc(6749, '2.3.1', 'Client password'),
  codeGrant: rfc(6749, '4.1.2', 'Authorization response (code single use, short-lived)'),
  refresh: rfc(6749, '6', 'Refreshing an access token'),
  bearerHeader: rfc(6750, '2.1', 'Authorization request header field'),
  bearerQuery: rfc(6750, '2.3', 'URI query parameter (SHOULD NOT)'),
  pkceVerifier: rfc(7636, '4.1', 'Client creates a code verifier'),
  pkceChallenge: rfc(7636, '4.2', 'Client creates the code challenge'),
  bcpPkce: rfc(9700, '2.1.1', 'Authorization code grant: PKCE'),
  bcpTokenInUrl: rfc(9700, '4.3.2', 'Access token leakage in browser history'),
  jwtAssertion: rfc(7523, '3', 'JWT format and processing requirements'),
  idToken: { label: 'OpenID Connect Core 1.0 §3.1.3.7 ID Token validation', url: 'https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation' },
} as const satisfies Record<string, SpecRef>;
