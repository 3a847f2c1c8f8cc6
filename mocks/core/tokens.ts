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

export async function saveAccessToken(store: Store, record: AccessTokenRecord, now: number): Promise<void> {
  const ttl = Math.max(1, record.exp - Math.floor(now / 1000));
  // Kept a little past expiry so introspection and the FHIR server can say "expired" rather than "unknown".
  await store.set(accessKey(record.token), record, ttl + 3600);
}

export async function findAccessToken(store: Store, token: string): Promise<AccessTokenRecord | undefined> {
  return store.get<AccessTokenRecord>(accessKey(token));
}

export async function revokeAccessToken(store: Store, token: string): Promise<void> {
  await store.delete(accessKey(token));
}

export async function listAccessTokens(store: Store): Promise<AccessTokenRecord[]> {
  const keys = await store.keys('smart:access:');
  const out: AccessTokenRecord[] = [];
  for (const k of keys) {
    const r = await store.get<AccessTokenRecord>(k);
    if (r) out.push(r);
  }
  return out;
}
