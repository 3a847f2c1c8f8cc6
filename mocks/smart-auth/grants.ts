import { SignJWT } from 'jose';
import type { MockEnv } from '../core/server';
import { listAccessTokens, revokeAccessToken, saveAccessToken, type AccessTokenRecord } from '../core/tokens';
import { randomValue } from './random';
import { signingKey, ID_TOKEN_ALG } from './signing-key';

/**
 * What one authorization (the user's consent) produced, and the records the
 * token endpoint keeps for it: the code, the refresh tokens, the access tokens.
 * All of them carry the grantId, so a replayed code can revoke everything the
 * first redemption issued (RFC 6749 §4.1.2, RFC 9700 §4.5).
 */
export interface LaunchContext {
  patient?: string;
  encounter?: string;
  need_patient_banner?: boolean;
  smart_style_url?: string;
  fhirContext?: { reference: string }[];
}

export interface Grant {
  grantId: string;
  clientId: string;
  /** The FHIR base (iss) the grant is for. */
  iss: string;
  /** The granted scope (after consent), space separated. */
  scope: string;
  /** `Patient/p-anna` or `Practitioner/pr-lotte`: the signed-in user. */
  user: string;
  /** The launch context returned in the token response. */
  context: LaunchContext;
  /** The patient compartment the FHIR server enforces for patient/ scopes. */
  compartmentPatient?: string;
}

export interface CodeRecord {
  code: string;
  grant: Grant;
  redirectUri: string;
  codeChallenge: string;
  nonce?: string;
  /** epoch ms */
  expiresAt: number;
  used: boolean;
}

export interface RefreshTokenRecord {
  token: string;
  grant: Grant;
  access: 'offline' | 'online';
  /** epoch ms */
  expiresAt: number;
}

export const CODE_LIFETIME_SECONDS = 60;
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
export const BACKEND_TOKEN_LIFETIME_SECONDS = 300;
/** offline_access survives the user's session; online_access lasts about one working session. */
export const OFFLINE_REFRESH_LIFETIME_SECONDS = 30 * 24 * 3600;
export const ONLINE_REFRESH_LIFETIME_SECONDS = 8 * 3600;
// Records are kept past their expiry so the server can say "expired" or "already used", not "unknown".
const KEEP_AFTER_EXPIRY_SECONDS = 3600;

const codeKey = (code: string) => `smart:code:${code}`;
const refreshKey = (token: string) => `smart:refresh:${token}`;

export async function saveCode(
  env: MockEnv,
  input: Omit<CodeRecord, 'code' | 'expiresAt' | 'used'>,
): Promise<CodeRecord> {
  const record: CodeRecord = {
    ...input,
    code: randomValue(),
    expiresAt: env.now() + CODE_LIFETIME_SECONDS * 1000,
    used: false,
  };
  await env.store.set(codeKey(record.code), record, CODE_LIFETIME_SECONDS + KEEP_AFTER_EXPIRY_SECONDS);
  return record;
}

export async function findCode(env: MockEnv, code: string): Promise<CodeRecord | undefined> {
  return env.store.get<CodeRecord>(codeKey(code));
}

export async function markCodeUsed(env: MockEnv, record: CodeRecord): Promise<void> {
  await env.store.set(codeKey(record.code), { ...record, used: true }, KEEP_AFTER_EXPIRY_SECONDS);
}

export async function findRefreshToken(env: MockEnv, token: string): Promise<RefreshTokenRecord | undefined> {
  return env.store.get<RefreshTokenRecord>(refreshKey(token));
}

export async function deleteRefreshToken(env: MockEnv, token: string): Promise<void> {
  await env.store.delete(refreshKey(token));
}

/** Revoke every access and refresh token a grant produced. */
export async function revokeGrant(env: MockEnv, grantId: string): Promise<number> {
  let revoked = 0;
  for (const record of await listAccessTokens(env.store)) {
    if (record.grantId === grantId) {
      await revokeAccessToken(env.store, record.token);
      revoked++;
    }
  }
  for (const key of await env.store.keys('smart:refresh:')) {
    const record = await env.store.get<RefreshTokenRecord>(key);
    if (record?.grant.grantId === grantId) {
      await env.store.delete(key);
      revoked++;
    }
  }
  return revoked;
}

export interface UserTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  id_token?: string;
  refresh_token?: string;
  patient?: string;
  encounter?: string;
  need_patient_banner?: boolean;
  smart_style_url?: string;
  fhirContext?: { reference: string }[];
}

function hasScope(scope: string, name: string): boolean {
  return scope.split(' ').includes(name);
}

/** An id_token is issued when openid and fhirUser or profile were granted (SMART sso-openid-connect). */
export function wantsIdToken(scope: string): boolean {
  return hasScope(scope, 'openid') && (hasScope(scope, 'fhirUser') || hasScope(scope, 'profile'));
}

async function signIdToken(env: MockEnv, grant: Grant, nonce: string | undefined): Promise<string> {
  const key = await signingKey(env.store);
  const fhirUser = `${grant.iss}/${grant.user}`;
  const now = Math.floor(env.now() / 1000);
  const claims: Record<string, unknown> = { fhirUser, profile: fhirUser };
  if (nonce !== undefined) claims.nonce = nonce;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ID_TOKEN_ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(grant.iss)
    .setSubject(grant.user)
    .setAudience(grant.clientId)
    .setIssuedAt(now)
    .setExpirationTime(now + ACCESS_TOKEN_LIFETIME_SECONDS)
    .sign(key.privateKey);
}

/**
 * The token response for a user grant (authorization_code or refresh_token):
 * an access token saved for the FHIR server and introspection, an id_token,
 * a rotated refresh token, and the launch context.
 */
export async function issueUserTokens(
  env: MockEnv,
  grant: Grant,
  scope: string,
  grantType: 'authorization_code' | 'refresh_token',
  nonce?: string,
): Promise<UserTokenResponse> {
  const now = Math.floor(env.now() / 1000);
  const idToken = wantsIdToken(scope) ? await signIdToken(env, grant, nonce) : undefined;
  const record: AccessTokenRecord = {
    token: randomValue(),
    clientId: grant.clientId,
    scope,
    iat: now,
    exp: now + ACCESS_TOKEN_LIFETIME_SECONDS,
    iss: grant.iss,
    sub: idToken ? grant.user : undefined,
    fhirUser: idToken ? `${grant.iss}/${grant.user}` : undefined,
    patient: grant.compartmentPatient,
    encounter: grant.context.encounter,
    grantId: grant.grantId,
    grantType,
  };
  await saveAccessToken(env.store, record, env.now());

  const response: UserTokenResponse = {
    access_token: record.token,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
    scope,
    ...(idToken ? { id_token: idToken } : {}),
    ...grant.context,
  };

  // The refresh token follows the original grant (RFC 6749 §6): offline or online access.
  const access = hasScope(grant.scope, 'offline_access') ? 'offline' : hasScope(grant.scope, 'online_access') ? 'online' : undefined;
  if (access) {
    const lifetime = access === 'offline' ? OFFLINE_REFRESH_LIFETIME_SECONDS : ONLINE_REFRESH_LIFETIME_SECONDS;
    const refresh: RefreshTokenRecord = {
      token: randomValue(),
      grant,
      access,
      expiresAt: env.now() + lifetime * 1000,
    };
    await env.store.set(refreshKey(refresh.token), refresh, lifetime + KEEP_AFTER_EXPIRY_SECONDS);
    response.refresh_token = refresh.token;
  }
  return response;
}
