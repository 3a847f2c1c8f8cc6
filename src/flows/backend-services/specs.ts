import type { SpecLink } from '../../journal/types';

/** The spec sections this flow cites. */
const SMART = 'https://hl7.org/fhir/smart-app-launch/STU2.2';
const rfc = (n: number, section: string, label: string): SpecLink => ({
  label: `RFC ${n} §${section} ${label}`,
  url: `https://www.rfc-editor.org/rfc/rfc${n}#section-${section}`,
});

export const BACKEND_SPEC = {
  backendServices: { label: 'SMART Backend Services', url: `${SMART}/backend-services.html` },
  registration: {
    label: 'SMART Backend Services: Registering a client',
    url: `${SMART}/backend-services.html#registering-a-smart-backend-service-communicating-public-keys`,
  },
  protocol: { label: 'SMART Backend Services: Protocol details', url: `${SMART}/backend-services.html#protocol-details` },
  authenticationJwt: { label: 'SMART: Client authentication, asymmetric (public key)', url: `${SMART}/client-confidential-asymmetric.html` },
  conformance: { label: 'SMART App Launch 2.2: Conformance (smart-configuration)', url: `${SMART}/conformance.html` },
  asymmetricDiscovery: {
    label: 'SMART App Launch 2.2: Client authentication, asymmetric: advertising server support',
    url: `${SMART}/client-confidential-asymmetric.html#advertising-server-support-for-this-profile`,
  },
  introspection: { label: 'SMART App Launch 2.2: Token introspection', url: `${SMART}/token-introspection.html` },
  introspectionAuthorization: {
    label: 'SMART App Launch 2.2: Authorization to perform token introspection',
    url: `${SMART}/token-introspection.html#authorization-to-perform-token-introspection`,
  },
  serverMetadata: rfc(8414, '2', 'Authorization server metadata'),
  scopes: { label: 'SMART App Launch 2.2: Scopes (system/)', url: `${SMART}/scopes-and-launch-context.html` },
  clientCredentials: rfc(6749, '4.4', 'Client credentials grant'),
  tokenErrors: rfc(6749, '5.2', 'Token error response'),
  bearer: rfc(6750, '2.1', 'Authorization request header'),
  jwtAssertion: rfc(7523, '2.2', 'JWTs for client authentication'),
  jwtAssertionRules: rfc(7523, '3', 'JWT format and processing requirements'),
  dynamicRegistration: rfc(7591, '3.1', 'Client registration request'),
  registrationErrors: rfc(7591, '3.2.2', 'Client registration error response'),
  clientMetadata: rfc(7591, '2', 'Client metadata (jwks, jwks_uri)'),
  jwk: rfc(7517, '4', 'JSON Web Key'),
  thumbprint: rfc(7638, '3', 'JWK thumbprint'),
  introspectionRequest: rfc(7662, '2.1', 'Introspection request'),
  introspectionResponse: rfc(7662, '2.2', 'Introspection response'),
  webCryptoKeys: { label: 'Web Cryptography API: CryptoKey extractable', url: 'https://w3c.github.io/webcrypto/#dfn-CryptoKey-slot-extractable' },
} as const satisfies Record<string, SpecLink>;
