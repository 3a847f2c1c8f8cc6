import type { MockEnv } from '../core/server';
import { findClient, redirectUriRegistered, type RegisteredClient } from './clients';
import type { SmartEndpoints } from './endpoints';
import { findLaunchContext, type LaunchContextRecord } from './launch-context';
import type { AuthorizeErrorCode } from './oauth-errors';
import { isWeakened, type Scenario } from './scenario';
import { parseScope, splitScope, uncoveredScopes } from './scopes';

/**
 * Checking an authorization request (RFC 6749 §4.1.1, RFC 7636, SMART App
 * Launch 2.2). The order matters: until client_id and redirect_uri are known
 * to be good, every problem is shown on an error page and never redirected.
 */
export interface AuthorizeRequest {
  client_id: string;
  redirect_uri: string;
  scope: string[];
  /** Always present unless the scenario switched off state-not-required. */
  state?: string;
  aud: string;
  /** Always present unless the scenario switched off pkce-optional. */
  code_challenge?: string;
  nonce?: string;
  launch?: string;
}

export type AuthorizeValidation =
  | { kind: 'page-error'; error: string; description: string }
  | { kind: 'redirect-error'; redirectUri: string; error: AuthorizeErrorCode; description: string; state?: string }
  | { kind: 'ok'; request: AuthorizeRequest; client: RegisteredClient; launch?: LaunchContextRecord };

const SINGLE_VALUED = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'aud', 'code_challenge', 'code_challenge_method', 'launch', 'nonce'];

function duplicated(params: URLSearchParams, name: string): boolean {
  return params.getAll(name).length > 1;
}

/** `aud` names the FHIR server the token is for; a trailing slash is tolerated. */
function sameBase(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/**
 * What is wrong with the request's PKCE parameters. With pkce-optional (an
 * attack lab) a request without any is let through; a challenge that is sent
 * is still checked.
 */
function pkceProblem(challenge: string | undefined, method: string | null, pkceOptional: boolean): string | undefined {
  if (!challenge) {
    if (pkceOptional && method === null) return undefined;
    return 'The code_challenge parameter is missing; this server requires PKCE (RFC 7636) with S256.';
  }
  if (!method) return 'The code_challenge_method parameter is missing; it must be S256 (the default "plain" is not accepted).';
  if (method === 'plain') return 'code_challenge_method "plain" is not allowed: it protects nothing if the request is seen. Use S256.';
  if (method !== 'S256') return `code_challenge_method "${method}" is not supported; use S256.`;
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
    return 'code_challenge must be the base64url SHA-256 hash of the verifier: 43 characters without padding.';
  }
  return undefined;
}

export async function validateAuthorizeRequest(
  env: MockEnv,
  endpoints: SmartEndpoints,
  scenario: Scenario,
  params: URLSearchParams,
  origin: string,
): Promise<AuthorizeValidation> {
  // 1. The client: without a known client_id nothing can be trusted.
  const clientId = params.get('client_id');
  if (!clientId) return { kind: 'page-error', error: 'invalid_request', description: 'The client_id parameter is missing.' };
  if (duplicated(params, 'client_id')) {
    return { kind: 'page-error', error: 'invalid_request', description: 'The client_id parameter is repeated.' };
  }
  const client = scenario.error === 'auth_invalid_client_id' ? undefined : await findClient(env, clientId, origin);
  if (!client) {
    const simulated = scenario.error === 'auth_invalid_client_id' ? ' (simulated error auth_invalid_client_id)' : '';
    return {
      kind: 'page-error',
      error: 'invalid_client',
      description: `client_id "${clientId}" is not registered at this authorization server${simulated}.`,
    };
  }

  // 2. The redirect URI: exact string match against the registration (prefix match when the lab weakens it).
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri) {
    return { kind: 'page-error', error: 'invalid_request', description: 'The redirect_uri parameter is missing; SMART requires it.' };
  }
  if (duplicated(params, 'redirect_uri')) {
    return { kind: 'page-error', error: 'invalid_request', description: 'The redirect_uri parameter is repeated.' };
  }
  if (scenario.error === 'auth_invalid_redirect_uri') {
    return {
      kind: 'page-error',
      error: 'invalid_request',
      description: `redirect_uri "${redirectUri}" is not registered for client "${clientId}" (simulated error auth_invalid_redirect_uri).`,
    };
  }
  const matching = isWeakened(scenario, 'redirect-uri-prefix') ? 'prefix' : 'exact';
  if (!redirectUriRegistered(client, redirectUri, matching)) {
    const how = matching === 'exact' ? 'exact match only' : 'prefix match, weakened by the scenario';
    return {
      kind: 'page-error',
      error: 'invalid_request',
      description: `redirect_uri "${redirectUri}" is not registered for client "${clientId}". Registered (${how}): ${client.redirect_uris.join(', ') || '(none)'}.`,
    };
  }

  // From here on errors go back to the app's redirect_uri.
  const state = params.get('state') ?? undefined;
  const fail = (error: AuthorizeErrorCode, description: string): AuthorizeValidation => ({
    kind: 'redirect-error',
    redirectUri,
    error,
    description,
    state,
  });

  for (const name of SINGLE_VALUED) {
    if (duplicated(params, name)) return fail('invalid_request', `The ${name} parameter is repeated (RFC 6749 §3.1).`);
  }

  const responseType = params.get('response_type');
  if (!responseType) return fail('invalid_request', 'The response_type parameter is missing; it must be "code".');
  if (responseType !== 'code') {
    return fail('unsupported_response_type', `response_type "${responseType}" is not supported; only "code" is.`);
  }

  if ((state === undefined || state === '') && !isWeakened(scenario, 'state-not-required')) {
    return fail('invalid_request', 'The state parameter is missing; the app needs it to tie the answer to its own request (CSRF protection).');
  }

  // 3. Scopes: grammar first, then what this client may ask for.
  const scope = splitScope(params.get('scope'));
  if (scope.length === 0) return fail('invalid_scope', 'No scope was requested; SMART apps must ask for the scopes they need.');
  if (scenario.error === 'auth_invalid_scope') {
    return fail('invalid_scope', `The requested scope "${scope.join(' ')}" is refused (simulated error auth_invalid_scope).`);
  }
  for (const raw of scope) {
    const parsed = parseScope(raw);
    if (!parsed.ok) return fail('invalid_scope', parsed.reason);
    if (parsed.scope.kind === 'resource' && parsed.scope.context === 'system') {
      return fail('invalid_scope', `"${raw}" is a system scope: those are for backend services (client_credentials), not for a user's authorization.`);
    }
  }
  if (scope.includes('offline_access') && scope.includes('online_access')) {
    return fail('invalid_scope', 'offline_access and online_access exclude each other; ask for one of them.');
  }
  if (client.scope) {
    const beyond = uncoveredScopes(splitScope(client.scope), scope);
    if (beyond.length > 0) return fail('invalid_scope', `Client "${clientId}" is not registered for ${beyond.join(', ')}.`);
  }

  // 4. The audience: the FHIR server the token will be used at.
  const aud = params.get('aud');
  if (!aud) return fail('invalid_request', `The aud parameter is missing; it must be the FHIR base URL ${endpoints.fhirBase}.`);
  if (!sameBase(aud, endpoints.fhirBase)) {
    return fail('invalid_request', `aud "${aud}" must be ${endpoints.fhirBase}, the FHIR server this authorization server protects.`);
  }

  // 5. PKCE (RFC 7636): S256 only.
  const challenge = params.get('code_challenge') || undefined;
  const pkce = pkceProblem(challenge, params.get('code_challenge_method'), isWeakened(scenario, 'pkce-optional'));
  if (pkce) return fail('invalid_request', pkce);

  // 6. The EHR launch: a launch id from the EHR, asked for with the launch scope.
  const launchId = params.get('launch') ?? undefined;
  let launch: LaunchContextRecord | undefined;
  if (launchId !== undefined) {
    if (!scope.includes('launch')) {
      return fail('invalid_scope', 'A launch parameter was sent but the launch scope was not requested; an EHR launch asks for scope "launch".');
    }
    launch = await findLaunchContext(env.store, launchId);
    if (!launch) return fail('invalid_request', `launch "${launchId}" is unknown or has expired; start the app from the EHR again.`);
    if (!sameBase(launch.iss, endpoints.fhirBase)) {
      return fail('invalid_request', `launch "${launchId}" was issued for ${launch.iss}, not for ${endpoints.fhirBase}.`);
    }
  } else if (scope.includes('launch')) {
    return fail(
      'invalid_request',
      "The launch scope asks for the EHR's context, but no launch parameter was sent. A standalone launch uses launch/patient instead.",
    );
  }

  const nonce = params.get('nonce') ?? undefined;
  return {
    kind: 'ok',
    client,
    launch,
    request: {
      client_id: clientId,
      redirect_uri: redirectUri,
      scope,
      ...(state ? { state } : {}),
      aud,
      ...(challenge !== undefined ? { code_challenge: challenge } : {}),
      ...(nonce !== undefined ? { nonce } : {}),
      ...(launchId !== undefined ? { launch: launchId } : {}),
    },
  };
}
