import type { Store } from './store';

/**
 * What the SMART authorization server remembers about an access token it
 * issued. The FHIR server reads the same record to enforce scopes and the
 * patient compartment, and introspection answers from it.
 */
export interface AccessTokenRecord {
  token: string;
  clientId: string;
  /** The granted scope, space separated. */
  scope: string;
  /** epoch seconds */
  iat: number;
  exp: number;
  /** The issuer (the FHIR base, scenario segment included). */
  iss: string;
  /** The id_token's sub and fhirUser, when an id_token was issued. */
  sub?: string;
  fhirUser?: string;
  patient?: string;
  encounter?: string;
  /** Identifies the authorization grant (the code) so a replayed code can revoke everything it issued. */
  grantId?: string;
  /** client_credentials (backend services) tokens have no user. */
  grantType: 'authorization_code' | 'refresh_token' | 'client_credentials';
}

const accessKey = (token: string) => `smart:access:${token}`;
/** Kept a little past expiry so introspection and the FHIR server can say "expired" rather than "unknown". */
const ACCESS_KEEP_AFTER_EXPIRY_SECONDS = 3600;

/** How long the store keeps an access token record: its life, then the keep window. */
export function accessTokenTtlSeconds(record: AccessTokenRecord, now: number): number {
  return Math.max(1, record.exp - Math.floor(now / 1000)) + ACCESS_KEEP_AFTER_EXPIRY_SECONDS;
}

export async function saveAccessToken(store: Store, record: AccessTokenRecord, now: number): Promise<void> {
  await store.set(accessKey(record.token), record, accessTokenTtlSeconds(record, now));
}

export async function findAccessToken(store: Store, token: string): Promise<AccessTokenRecord | undefined> {
  return store.get<AccessTokenRecord>(accessKey(token));
}

export async function revokeAccessToken(store: Store, token: string): Promise<void> {
  await store.delete(accessKey(token));
}
