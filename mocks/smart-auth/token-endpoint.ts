import { base64url } from 'jose';
import { readForm, type MockEnv } from '../core/server';
import { saveAccessToken } from '../core/tokens';
import { authenticateClient } from './client-auth';
import type { RegisteredClient } from './clients';
import type { SmartEndpoints } from './endpoints';
import {
  BACKEND_TOKEN_LIFETIME_SECONDS,
  claimCode,
  deleteRefreshToken,
  findCode,
  findRefreshToken,
  issueUserTokens,
  revokeGrant,
  spendRefreshToken,
} from './grants';
import { invalidClient, noStoreJson, tokenError } from './oauth-errors';
import { randomValue } from './random';
import { codeLifetimeSeconds, isWeakened, type Scenario } from './scenario';
import { parseScope, splitScope, uncoveredScopes } from './scopes';

/** The token endpoint (RFC 6749 §3.2, §4.1.3, §6; SMART Backend Services). */
export interface TokenContext {
  env: MockEnv;
  endpoints: SmartEndpoints;
  scenario: Scenario;
  origin: string;
}

export async function tokenEndpoint(ctx: TokenContext, request: Request): Promise<Response> {
  const form = await readForm(request);
  if (!form) {
    return tokenError('invalid_request', 'The token request body must be application/x-www-form-urlencoded (RFC 6749 §4.1.3).');
  }
  for (const [name] of form) {
    if (form.getAll(name).length > 1) return tokenError('invalid_request', `The ${name} parameter is repeated (RFC 6749 §3.2).`);
  }
  const grantType = form.get('grant_type');
  switch (grantType) {
    case 'authorization_code':
      return authorizationCodeGrant(ctx, request, form);
    case 'refresh_token':
      return refreshTokenGrant(ctx, request, form);
    case 'client_credentials':
      return clientCredentialsGrant(ctx, request, form);
    case null:
      return tokenError('invalid_request', 'The grant_type parameter is missing.');
    default:
      return tokenError('unsupported_grant_type', `grant_type "${grantType}" is not supported; use authorization_code, refresh_token or client_credentials.`);
  }
}

/**
 * RFC 6749 §5.2 `unauthorized_client`: the client authenticated, but its registration does not name this grant
 * type (RFC 7591 §2 grant_types; the built-in apps have authorization_code and refresh_token).
 */
function unregisteredGrant(client: RegisteredClient, grantType: string): Response | undefined {
  if (client.grant_types.includes(grantType)) return undefined;
  return tokenError(
    'unauthorized_client',
    `Client "${client.client_id}" is registered for grant_types ${JSON.stringify(client.grant_types)}, not "${grantType}": ` +
      `register it with "${grantType}" in grant_types (RFC 7591 §2) to use this grant.`,
  );
}

function revokedWhileIssuing(): Response {
  return tokenError(
    'invalid_grant',
    'The grant was revoked while these tokens were being issued: its authorization code was used twice, so nothing it issued is valid.',
  );
}

/** RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) must equal the code_challenge. */
async function s256(env: MockEnv, verifier: string): Promise<string> {
  const ascii = new TextEncoder().encode(verifier);
  const digest = env.sha256 ? env.sha256(ascii) : new Uint8Array(await crypto.subtle.digest('SHA-256', ascii));
  return base64url.encode(digest);
}

async function authorizationCodeGrant(ctx: TokenContext, request: Request, form: URLSearchParams): Promise<Response> {
  const { env, scenario } = ctx;
  const auth = await authenticateClient(env, ctx.endpoints, scenario, request, form, ctx.origin);
  if (!auth.ok) return auth.response;
  const unregistered = unregisteredGrant(auth.client, 'authorization_code');
  if (unregistered) return unregistered;

  const code = form.get('code');
  const redirectUri = form.get('redirect_uri');
  const verifier = form.get('code_verifier') || undefined;
  const pkceOptional = isWeakened(scenario, 'pkce-optional');
  const missingVerifier = () => tokenError('invalid_request', 'The code_verifier parameter is missing; the code was issued with a PKCE code_challenge.');
  if (!code) return tokenError('invalid_request', 'The code parameter is missing.');
  if (!redirectUri) return tokenError('invalid_request', 'The redirect_uri parameter is missing; it must be the one sent to the authorize endpoint.');
  if (!verifier && !pkceOptional) return missingVerifier();
  if (verifier !== undefined && !/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) {
    return tokenError('invalid_request', 'code_verifier must be 43 to 128 characters from A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1).');
  }
  if (scenario.error === 'token_invalid_token') {
    return tokenError('invalid_grant', 'The authorization code is invalid (simulated error token_invalid_token).');
  }
  if (!verifier) {
    // pkce-optional: only a code issued without a challenge comes without a verifier. Looked at, not
    // claimed, so this refusal (like the strict one above) does not spend the code.
    const unclaimed = await findCode(env, code);
    if (unclaimed?.codeChallenge !== undefined) return missingVerifier();
  }

  // Claimed (marked used) in one step before anything else: of two racing redemptions only one gets here.
  const claim = await claimCode(env, code, ctx.endpoints.fhirBase);
  if (claim.kind === 'unknown') return tokenError('invalid_grant', 'The authorization code is unknown to this server.');
  if (claim.kind === 'other-issuer') {
    return tokenError(
      'invalid_grant',
      `The authorization code was issued by ${claim.issuer}, not by this server (${ctx.endpoints.fhirBase}): ` +
        'a code is redeemed only at the token endpoint of the issuer that issued it.',
    );
  }
  if (claim.kind === 'replayed' && !isWeakened(scenario, 'code-reuse')) {
    // A second redemption means the code leaked: everything the first one issued is revoked (RFC 6749 §4.1.2),
    // and the grant is marked so tokens the first one is still issuing are refused too.
    // (The code-reuse lab switches this off: the replay is redeemed like the first use.)
    await revokeGrant(env, claim.record.grant.grantId);
    return tokenError('invalid_grant', 'The authorization code was already used. Codes are single use; the tokens issued for it have been revoked.');
  }
  const record = claim.record;
  const lifetime = codeLifetimeSeconds(scenario);
  if (env.now() >= record.issuedAt + lifetime * 1000) {
    return tokenError('invalid_grant', `The authorization code has expired (codes live ${lifetime} seconds).`);
  }
  if (record.grant.clientId !== auth.client.client_id) {
    return tokenError('invalid_grant', `The authorization code was issued to another client, not to "${auth.client.client_id}".`);
  }
  if (record.redirectUri !== redirectUri) {
    return tokenError(
      'invalid_grant',
      `redirect_uri "${redirectUri}" differs from "${record.redirectUri}" sent to the authorize endpoint; they must match exactly.`,
    );
  }
  if (record.codeChallenge === undefined) {
    // Only under pkce-optional. A verifier for a code without a challenge is a PKCE downgrade (RFC 9700 §4.8).
    if (verifier !== undefined) {
      return tokenError(
        'invalid_grant',
        'A code_verifier was sent, but the authorization request had no code_challenge: refused as a PKCE downgrade (RFC 9700 §4.8.2).',
      );
    }
  } else if (verifier === undefined) {
    return missingVerifier();
  } else if ((await s256(env, verifier)) !== record.codeChallenge) {
    return tokenError('invalid_grant', 'The code_verifier does not match the code_challenge: BASE64URL(SHA-256(code_verifier)) differs (RFC 7636 §4.6).');
  }
  if (scenario.error === 'token_invalid_scope') {
    return tokenError('invalid_scope', `The granted scope "${record.grant.scope}" is refused (simulated error token_invalid_scope).`);
  }
  // A client registered without the refresh_token grant gets no refresh token, whatever offline_access says.
  const mayRefresh = auth.client.grant_types.includes('refresh_token');
  const issued = await issueUserTokens(env, record.grant, record.grant.scope, 'authorization_code', record.nonce, undefined, mayRefresh);
  if (!issued.ok) return revokedWhileIssuing();
  return noStoreJson(issued.response);
}

async function refreshTokenGrant(ctx: TokenContext, request: Request, form: URLSearchParams): Promise<Response> {
  const { env, scenario } = ctx;
  const token = form.get('refresh_token');
  const found = token ? await findRefreshToken(env, token) : undefined;
  const auth = await authenticateClient(env, ctx.endpoints, scenario, request, form, ctx.origin, found?.grant.clientId);
  if (!auth.ok) return auth.response;
  const unregistered = unregisteredGrant(auth.client, 'refresh_token');
  if (unregistered) return unregistered;

  if (!token) return tokenError('invalid_request', 'The refresh_token parameter is missing.');
  const record = found;
  if (!record) return tokenError('invalid_grant', 'The refresh token is unknown, was revoked, or was already exchanged (refresh tokens rotate).');
  if (record.grant.iss !== ctx.endpoints.fhirBase) {
    return tokenError(
      'invalid_grant',
      `The refresh token was issued by ${record.grant.iss}, not by this server (${ctx.endpoints.fhirBase}): ` +
        'a refresh token is redeemed only at the token endpoint of the issuer that issued it.',
    );
  }
  if (record.grant.clientId !== auth.client.client_id) {
    return tokenError('invalid_grant', `The refresh token was issued to another client, not to "${auth.client.client_id}".`);
  }
  if (scenario.error === 'token_expired_refresh_token') {
    return tokenError('invalid_grant', 'The refresh token has expired (simulated error token_expired_refresh_token).');
  }
  if (env.now() >= record.expiresAt) {
    await deleteRefreshToken(env, token);
    return tokenError('invalid_grant', `The refresh token has expired (${record.access}_access refresh tokens have a limited life).`);
  }
  const original = splitScope(record.grant.scope);
  const requested = form.has('scope') ? splitScope(form.get('scope')) : original;
  const beyond = uncoveredScopes(original, requested);
  if (beyond.length > 0) {
    return tokenError('invalid_scope', `A refresh can only narrow the original grant; not granted before: ${beyond.join(', ')}.`);
  }
  if (scenario.error === 'token_invalid_scope') {
    return tokenError('invalid_scope', `The requested scope "${requested.join(' ')}" is refused (simulated error token_invalid_scope).`);
  }
  // Rotation: the old refresh token is spent; the new one carries the original grant (RFC 6749 §6, RFC 9700 §4.14).
  // Spent in one step, so two refreshes racing with the same token get one new token between them.
  if (!(await spendRefreshToken(env, token))) {
    return tokenError('invalid_grant', 'The refresh token was just exchanged by another request (refresh tokens rotate and are single use).');
  }
  const issued = await issueUserTokens(env, record.grant, requested.join(' '), 'refresh_token', undefined, token);
  if (!issued.ok) return revokedWhileIssuing();
  return noStoreJson(issued.response);
}

async function clientCredentialsGrant(ctx: TokenContext, request: Request, form: URLSearchParams): Promise<Response> {
  const { env, scenario } = ctx;
  if (form.get('client_assertion') === null) {
    return invalidClient('client_credentials requires private_key_jwt: send client_assertion_type and a signed client_assertion (SMART Backend Services).');
  }
  const auth = await authenticateClient(env, ctx.endpoints, scenario, request, form, ctx.origin);
  if (!auth.ok) return auth.response;
  const unregistered = unregisteredGrant(auth.client, 'client_credentials');
  if (unregistered) return unregistered;
  const clientId = auth.client.client_id;
  if (scenario.error === 'token_invalid_jti') {
    return invalidClient(`The assertion's jti was already used (simulated error token_invalid_jti); every assertion needs a new jti.`);
  }
  if (scenario.error === 'token_expired_registration_token') {
    return invalidClient(`The registration of client "${clientId}" has expired (simulated error token_expired_registration_token).`);
  }

  const requested = splitScope(form.get('scope'));
  if (requested.length === 0) return tokenError('invalid_request', 'The scope parameter is missing; backend services ask for system/ scopes.');
  for (const raw of requested) {
    const parsed = parseScope(raw);
    if (!parsed.ok) return tokenError('invalid_scope', parsed.reason);
    if (parsed.scope.kind !== 'resource' || parsed.scope.context !== 'system') {
      return tokenError('invalid_scope', `"${raw}" is not a system/ scope; client_credentials grants only system/ scopes.`);
    }
  }
  if (auth.client.scope) {
    const beyond = uncoveredScopes(splitScope(auth.client.scope), requested);
    if (beyond.length > 0) return tokenError('invalid_scope', `Client "${clientId}" is not registered for ${beyond.join(', ')}.`);
  }
  if (scenario.error === 'token_invalid_scope') {
    return tokenError('invalid_scope', `The requested scope "${requested.join(' ')}" is refused (simulated error token_invalid_scope).`);
  }

  const now = Math.floor(env.now() / 1000);
  const token = randomValue();
  const scope = requested.join(' ');
  await saveAccessToken(
    env.store,
    {
      token,
      clientId,
      scope,
      iat: now,
      exp: now + BACKEND_TOKEN_LIFETIME_SECONDS,
      iss: ctx.endpoints.fhirBase,
      grantType: 'client_credentials',
    },
    env.now(),
  );
  return noStoreJson({ access_token: token, token_type: 'Bearer', expires_in: BACKEND_TOKEN_LIFETIME_SECONDS, scope });
}
