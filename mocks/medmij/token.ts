import { json, ownOrigin, readForm, type MockEnv } from '../core/server';
import { codeKey, type CodeRecord } from './consent';
import { oclHostnames } from './lists/build';
import type { MedMijScenario } from './scenario';
import { parseMedMijScope } from './scope';

const ACCESS_TOKEN_TTL_SECONDS = 900;
/** A used code is kept as long as the token it gave can live, so a replay, however late, still revokes it. */
const KEEP_USED_CODE_SECONDS = ACCESS_TOKEN_TTL_SECONDS + 60;

export interface MedMijAccessToken {
  token: string;
  za: string;
  clientId: string;
  dienst: string;
  scope: string;
  /** The person, known to the zorgaanbieder only; the token itself carries nothing. */
  bsn: string;
  patientId?: string;
  /** epoch ms */
  expiresAt: number;
}
export const tokenKey = (token: string) => `medmij:token:${token}`;

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** RFC 6749 §5.2: the token endpoint's errors, as JSON, never cached. */
function tokenError(error: string, description: string, status = 400, extra: Record<string, string> = {}): Response {
  return json({ error, error_description: description }, { status, headers: { ...NO_STORE, ...extra } });
}

/**
 * The token interface (RFC 6749 §4.1.3): the PGO Server exchanges the code.
 * MedMij RFC0015: only the errors of RFC 6749 §5.2 are answered here — never
 * access_denied.
 */
export async function token(env: MockEnv, request: Request, slug: string, scenario: MedMijScenario): Promise<Response> {
  const form = await readForm(request);
  if (!form) return tokenError('invalid_request', 'The token request must be application/x-www-form-urlencoded');
  for (const [name] of form) {
    if (form.getAll(name).length > 1) return tokenError('invalid_request', `${name} appears more than once`);
  }
  const grantType = form.get('grant_type');
  if (!grantType) return tokenError('invalid_request', 'grant_type is required');
  if (grantType !== 'authorization_code') {
    return tokenError('unsupported_grant_type', `grant_type "${grantType}" is not supported here; a MedMij token request uses authorization_code`);
  }
  const clientId = form.get('client_id');
  if (!clientId) return tokenError('invalid_request', 'client_id is required: the PGO identifies itself by its hostname');
  const origin = ownOrigin(env, request);
  if (!oclHostnames(origin, env.appOrigins).includes(clientId)) {
    // The client is unknown: client authentication failed (RFC 6749 §5.2 allows 401 with a challenge).
    return tokenError('invalid_client', `client_id "${clientId}" is not a Hostname on the OAuth Client List (OCL)`, 401, {
      'www-authenticate': `Basic realm="${slug} token endpoint", error="invalid_client"`,
    });
  }
  if (scenario.token === 'unauthorized_client') {
    return tokenError(
      'unauthorized_client',
      `Simulated: ${clientId} is on the OCL, but this authorization server has not enabled the authorization_code grant for it`,
    );
  }
  const code = form.get('code');
  if (!code) return tokenError('invalid_request', 'code is required');
  const redirectUri = form.get('redirect_uri');
  if (!redirectUri) return tokenError('invalid_request', 'redirect_uri is required: the same value as in the authorization request');

  const record = await env.store.get<CodeRecord>(codeKey(code));
  if (!record || record.za !== slug) return tokenError('invalid_grant', 'The code is unknown or expired (codes live 900 seconds)');
  // Before the expiry check: a used code comes back only as a replay, however late, and it revokes what it gave.
  if (record.used) return replayed(env, code);
  if (record.expiresAt <= env.now()) return tokenError('invalid_grant', 'The code has expired (codes live 900 seconds)');
  if (record.clientId !== clientId) return tokenError('invalid_grant', `The code was issued to client "${record.clientId}", not "${clientId}"`);
  if (record.redirectUri !== redirectUri) {
    return tokenError('invalid_grant', `redirect_uri "${redirectUri}" differs from the one in the authorization request ("${record.redirectUri}")`);
  }
  const scope = form.get('scope');
  if (scope !== null) {
    const parsed = parseMedMijScope(scope, slug);
    if (!parsed.ok || parsed.dienst !== record.dienst) {
      return tokenError('invalid_scope', `scope "${scope}" is not the gegevensdienst the person gave consent for ("${record.scope}")`);
    }
  }
  // Claimed in one step: of two requests racing with the same code, one claims it and the other is a replay.
  const claim = await env.store.update<CodeRecord>(codeKey(code), (current) =>
    current && !current.used ? { value: { ...current, used: true }, ttlSeconds: KEEP_USED_CODE_SECONDS } : undefined,
  );
  if (!claim.before) return tokenError('invalid_grant', 'The code is unknown or expired (codes live 900 seconds)');
  if (claim.before.used) return replayed(env, code);

  const accessToken = crypto.randomUUID();
  const issued: MedMijAccessToken = {
    token: accessToken,
    za: slug,
    clientId,
    dienst: record.dienst,
    scope: record.scope,
    bsn: record.bsn,
    patientId: record.patientId,
    expiresAt: env.now() + ACCESS_TOKEN_TTL_SECONDS * 1000,
  };
  await env.store.set(tokenKey(accessToken), issued, ACCESS_TOKEN_TTL_SECONDS + 3600);
  const noted = await env.store.update<CodeRecord>(codeKey(code), (current) =>
    current && !current.replayed ? { value: { ...current, tokens: [...current.tokens, accessToken] }, ttlSeconds: KEEP_USED_CODE_SECONDS } : undefined,
  );
  if (!noted.after?.tokens.includes(accessToken)) {
    // Replayed while this token was being issued: the replay revoked what the code had given, and this token too.
    await env.store.delete(tokenKey(accessToken));
    return tokenError('invalid_grant', 'The code was used twice; a code is single use, and nothing it gave is valid');
  }
  return json(
    { access_token: accessToken, token_type: 'bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS, scope: record.scope },
    { status: 200, headers: NO_STORE },
  );
}

/** RFC 6749 §4.1.2: a code used twice is refused, and what it gave is revoked. */
async function replayed(env: MockEnv, code: string): Promise<Response> {
  const marked = await env.store.update<CodeRecord>(codeKey(code), (current) =>
    current ? { value: { ...current, replayed: true }, ttlSeconds: KEEP_USED_CODE_SECONDS } : undefined,
  );
  for (const t of marked.before?.tokens ?? []) await env.store.delete(tokenKey(t));
  return tokenError('invalid_grant', 'The code was already used; a code is single use, and the access token issued for it is now revoked');
}
