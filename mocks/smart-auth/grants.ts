import { SignJWT } from 'jose';
import type { MockEnv } from '../core/server';
import { accessTokenTtlSeconds, revokeAccessToken, saveAccessToken, type AccessTokenRecord } from '../core/tokens';
import { markRevoked, recordIssued, type Issued } from './grant-index';
import { randomValue } from './random';
import { CODE_LIFETIME_BOUNDS } from './scenario';
import { signingKey, ID_TOKEN_ALG } from './signing-key';

/**
 * What one authorization (the user's consent) produced, and the records the
 * token endpoint keeps for it: the code, the refresh tokens, the access tokens.
 * All of them are listed under the grant (grant-index.ts), so a replayed code
 * can revoke everything the first redemption issued (RFC 6749 §4.1.2, RFC 9700 §4.5).
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
  /** Absent only when the scenario made PKCE optional and the request sent no challenge. */
  codeChallenge?: string;
  nonce?: string;
  /** epoch ms. How long the code is good for is the scenario's codeLifetime, checked where it is redeemed. */
  issuedAt: number;
  used: boolean;
}

export interface RefreshTokenRecord {
  token: string;
  grant: Grant;
  access: 'offline' | 'online';
  /** epoch ms */
  expiresAt: number;
}

/** RFC 9700 §4.1.3 / RFC 6749 §4.1.2: a short code lifetime; a scenario may lengthen it for teaching (see scenario.ts). */
const MAX_CODE_LIFETIME_SECONDS = CODE_LIFETIME_BOUNDS.max;
const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
export const BACKEND_TOKEN_LIFETIME_SECONDS = 300;
/** offline_access survives the user's session; online_access lasts about one working session. */
const OFFLINE_REFRESH_LIFETIME_SECONDS = 30 * 24 * 3600;
const ONLINE_REFRESH_LIFETIME_SECONDS = 8 * 3600;
// Records are kept past their expiry so the server can say "expired" or "already used", not "unknown".
const KEEP_AFTER_EXPIRY_SECONDS = 3600;
/** An unused code is kept for the longest lifetime a scenario may give it, then the keep window. */
const CODE_RECORD_TTL_SECONDS = MAX_CODE_LIFETIME_SECONDS + KEEP_AFTER_EXPIRY_SECONDS;

const codeKey = (code: string) => `smart:code:${code}`;
const refreshKey = (token: string) => `smart:refresh:${token}`;

export async function saveCode(env: MockEnv, input: Omit<CodeRecord, 'code' | 'issuedAt' | 'used'>): Promise<CodeRecord> {
  const record: CodeRecord = { ...input, code: randomValue(), issuedAt: env.now(), used: false };
  await env.store.set(codeKey(record.code), record, CODE_RECORD_TTL_SECONDS);
  await recordIssued(env, record.grant.grantId, [{ kind: 'code', id: record.code, until: env.now() + CODE_RECORD_TTL_SECONDS * 1000 }]);
  return record;
}

export async function findCode(env: MockEnv, code: string): Promise<CodeRecord | undefined> {
  return env.store.get<CodeRecord>(codeKey(code));
}

/** What happened when a request tried to redeem a code. */
export type CodeClaim =
  | { kind: 'unknown' }
  /** Issued by another issuer (another scenario's server): not this server's code to redeem. */
  | { kind: 'other-issuer'; issuer: string }
  | { kind: 'replayed'; record: CodeRecord }
  /** This request is the one redemption: it may issue tokens (if the rest of the request checks out). */
  | { kind: 'claimed'; record: CodeRecord };

/**
 * Mark a code used in one atomic step, before anything is issued: of two
 * requests racing with the same code exactly one claims it.
 */
export async function claimCode(env: MockEnv, code: string, issuer: string): Promise<CodeClaim> {
  const { before } = await env.store.update<CodeRecord>(codeKey(code), (current) =>
    current && !current.used && current.grant.iss === issuer ? { value: { ...current, used: true }, ttlSeconds: KEEP_AFTER_EXPIRY_SECONDS } : undefined,
  );
  if (!before) return { kind: 'unknown' };
  if (before.grant.iss !== issuer) return { kind: 'other-issuer', issuer: before.grant.iss };
  return before.used ? { kind: 'replayed', record: before } : { kind: 'claimed', record: before };
}

export async function findRefreshToken(env: MockEnv, token: string): Promise<RefreshTokenRecord | undefined> {
  return env.store.get<RefreshTokenRecord>(refreshKey(token));
}

/** Spend a refresh token (rotation) in one atomic step: false when another request spent it first. */
export async function spendRefreshToken(env: MockEnv, token: string): Promise<boolean> {
  return (await env.store.take<RefreshTokenRecord>(refreshKey(token))) !== undefined;
}

export async function deleteRefreshToken(env: MockEnv, token: string): Promise<void> {
  await env.store.delete(refreshKey(token));
}

/**
 * Revoke every access and refresh token a grant produced, and any code of it
 * not yet redeemed. Reads the grant's own index, never the whole store.
 */
export async function revokeGrant(env: MockEnv, grantId: string): Promise<number> {
  const issued = await markRevoked(env, grantId);
  for (const item of issued) await withdraw(env, item);
  return issued.filter((i) => i.kind !== 'code').length;
}

async function withdraw(env: MockEnv, item: Issued): Promise<void> {
  switch (item.kind) {
    case 'access':
      return revokeAccessToken(env.store, item.id);
    case 'refresh':
      return deleteRefreshToken(env, item.id);
    case 'code':
      // Kept, but used: a later replay still hears "already used".
      await env.store.update<CodeRecord>(codeKey(item.id), (current) =>
        current && !current.used ? { value: { ...current, used: true }, ttlSeconds: KEEP_AFTER_EXPIRY_SECONDS } : undefined,
      );
  }
}

interface UserTokenResponse {
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
function wantsIdToken(scope: string): boolean {
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

/** Tokens, or nothing because the grant was revoked (a replayed code) while they were being issued. */
export type UserTokenIssue = { ok: true; response: UserTokenResponse } | { ok: false; reason: 'grant_revoked' };

/**
 * The token response for a user grant (authorization_code or refresh_token):
 * an access token saved for the FHIR server and introspection, an id_token,
 * a rotated refresh token, and the launch context. Everything issued is
 * recorded under the grant, so revoking the grant reaches it.
 */
export async function issueUserTokens(
  env: MockEnv,
  grant: Grant,
  scope: string,
  grantType: 'authorization_code' | 'refresh_token',
  nonce?: string,
  /** The refresh token this issue rotates out of the grant's index. */
  replaces?: string,
  /** Whether the client is registered for the refresh_token grant (RFC 7591 §2): if not, it gets no refresh token. */
  clientMayRefresh = true,
): Promise<UserTokenIssue> {
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
  const issued: Issued[] = [{ kind: 'access', id: record.token, until: env.now() + accessTokenTtlSeconds(record, env.now()) * 1000 }];

  const response: UserTokenResponse = {
    access_token: record.token,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
    scope,
    ...(idToken ? { id_token: idToken } : {}),
    ...grant.context,
  };

  // The refresh token follows the original grant (RFC 6749 §6): offline or online access.
  const asked = hasScope(grant.scope, 'offline_access') ? 'offline' : hasScope(grant.scope, 'online_access') ? 'online' : undefined;
  const access = clientMayRefresh ? asked : undefined;
  if (access) {
    const lifetime = access === 'offline' ? OFFLINE_REFRESH_LIFETIME_SECONDS : ONLINE_REFRESH_LIFETIME_SECONDS;
    const refresh: RefreshTokenRecord = {
      token: randomValue(),
      grant,
      access,
      expiresAt: env.now() + lifetime * 1000,
    };
    const ttl = lifetime + KEEP_AFTER_EXPIRY_SECONDS;
    await env.store.set(refreshKey(refresh.token), refresh, ttl);
    issued.push({ kind: 'refresh', id: refresh.token, until: env.now() + ttl * 1000 });
    response.refresh_token = refresh.token;
  }

  // Saved first, recorded second: a revocation in between finds the mark refused here, not a live token.
  if (!(await recordIssued(env, grant.grantId, issued, replaces ? [replaces] : []))) {
    for (const item of issued) await withdraw(env, item);
    return { ok: false, reason: 'grant_revoked' };
  }
  return { ok: true, response };
}
