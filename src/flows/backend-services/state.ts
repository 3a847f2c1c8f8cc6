import type { JWK } from 'jose';
import type { Mode } from '../flow';

/** The two signing algorithms SMART Backend Services allows for the client assertion. */
export type SigningAlg = 'RS384' | 'ES384';

/** "Try the failures": each one breaks one rule the server must check. */
export const ATTACKS = ['none', 'replayed-jti', 'exp-10-min', 'wrong-aud', 'unregistered-key', 'alg-hs256'] as const;
export type Attack = (typeof ATTACKS)[number];

export const ATTACK_LABELS: Record<Attack, string> = {
  none: 'No failure: do it right',
  'replayed-jti': 'Send the same assertion twice (replayed jti)',
  'exp-10-min': 'exp 10 minutes ahead (more than 5)',
  'wrong-aud': 'aud is the FHIR base, not the token endpoint',
  'unregistered-key': 'Sign with a fresh key that was never registered',
  'alg-hs256': 'Sign with HS256 (a shared secret) instead of RS384/ES384',
};

export const DEFAULT_SCOPE = 'system/Patient.rs system/Observation.rs';
export const V1_SCOPE = 'system/*.read';

/** What the backend services flow remembers between steps. JSON only: CryptoKeys live in the key store. */
export interface BackendState extends Record<string, unknown> {
  mode: Mode;
  /** The FHIR base; discovery starts here. */
  fhirBase: string;
  alg: SigningAlg;
  keySource: 'generate' | 'import';
  /** The pasted private key (PKCS#8 PEM or a private JWK) when keySource is 'import'. */
  importText: string;
  /** Reuse the key this browser made last time (kept in IndexedDB), so a key registered elsewhere keeps working. */
  keepKey: boolean;
  registration: 'by-value' | 'by-url';
  scope: string;
  /** Filled by registration in mock mode; typed by the user in live mode. */
  client_id: string;
  /** The key's id: the RFC 7638 thumbprint of the public key (or the imported JWK's own kid). */
  kid: string;
  attack: Attack;

  // Filled in by the steps.
  publicJwk?: JWK;
  jwksUri?: string;
  tokenEndpoint?: string;
  introspectionEndpoint?: string;
  /** introspection_endpoint_auth_methods_supported as discovered; undefined when the document has none. */
  introspectionAuthMethods?: string[];
  assertionHeader?: Record<string, unknown>;
  assertionClaims?: Record<string, unknown>;
  /** The key store entry the assertion is signed with (differs from kid for the key attacks). */
  signingKeyId?: string;
  clientAssertion?: string;
  accessToken?: string;
  grantedScope?: string;
  expiresIn?: number;
}

export function initialBackendState(env: { origin: string; mode: Mode }): BackendState {
  return {
    mode: env.mode,
    fhirBase: env.mode === 'mock' ? `${env.origin}/mock/smart/fhir` : '',
    alg: 'RS384',
    keySource: 'generate',
    importText: '',
    keepKey: env.mode === 'live',
    registration: 'by-value',
    scope: DEFAULT_SCOPE,
    client_id: '',
    kid: '',
    attack: 'none',
  };
}
