import type { SpecLink } from '../journal/types';

/**
 * The spec sections the protocol helpers point learners to. Kept in one place
 * so a link is written once and every error that cites it stays consistent.
 */
const rfc = (n: number, section: string, label: string): SpecLink => ({
  label: `RFC ${n} §${section} ${label}`,
  url: `https://www.rfc-editor.org/rfc/rfc${n}#section-${section}`,
});

const SMART = 'https://hl7.org/fhir/smart-app-launch/STU2.2';

export const SPEC = {
  authorizationErrors: rfc(6749, '4.1.2.1', 'Authorization error response'),
  tokenErrors: rfc(6749, '5.2', 'Token error response'),
  scope: rfc(6749, '3.3', 'Access token scope'),
  csrf: rfc(6749, '10.12', 'Cross-site request forgery'),
  bearerErrors: rfc(6750, '3.1', 'Bearer token error codes'),
  pkceVerifier: rfc(7636, '4.1', 'Client creates a code verifier'),
  pkceChallenge: rfc(7636, '4.2', 'Client creates the code challenge'),
  cors: { label: 'Fetch standard: CORS protocol', url: 'https://fetch.spec.whatwg.org/#http-cors-protocol' },
  mixedContent: { label: 'Mixed Content', url: 'https://www.w3.org/TR/mixed-content/' },
  smartDiscovery: { label: 'SMART App Launch 2.2: Conformance (smart-configuration)', url: `${SMART}/conformance.html` },
  smartScopes: { label: 'SMART App Launch 2.2: Scopes and launch context', url: `${SMART}/scopes-and-launch-context.html` },
  smartLaunch: { label: 'SMART App Launch 2.2: App launch', url: `${SMART}/app-launch.html` },
  oidcDiscovery: {
    label: 'OpenID Connect Discovery 1.0 §4',
    url: 'https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig',
  },
  idTokenValidation: {
    label: 'OpenID Connect Core 1.0 §3.1.3.7 ID Token validation',
    url: 'https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation',
  },
  jwt: rfc(7519, '7.2', 'Validating a JWT'),
  jwks: rfc(7517, '5', 'JWK Set format'),
} as const satisfies Record<string, SpecLink>;
