import type { MockEnv } from '../core/server';
import { authenticateClientAssertion } from './backend/client-assertion';
import { findClient, isConfidential, type RegisteredClient, type TokenEndpointAuthMethod } from './clients';
import type { SmartEndpoints } from './endpoints';
import { invalidClient, tokenError } from './oauth-errors';
import type { Scenario } from './scenario';

/**
 * Client authentication at the token endpoint (RFC 6749 §2.3, RFC 7523 §2.2):
 * a public client names itself with client_id; a confidential client proves
 * itself with exactly one method: client_secret_basic, client_secret_post or
 * private_key_jwt.
 */
export type ClientAuthentication = { ok: true; client: RegisteredClient; method: TokenEndpointAuthMethod } | { ok: false; response: Response };

interface BasicCredentials {
  clientId: string;
  secret: string;
}

/** `Authorization: Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1). */
export function parseBasic(header: string | null): BasicCredentials | 'malformed' | undefined {
  if (!header || !/^basic\s/i.test(header)) return undefined;
  try {
    const decoded = atob(header.replace(/^basic\s+/i, '').trim());
    const colon = decoded.indexOf(':');
    if (colon < 0) return 'malformed';
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return 'malformed';
  }
}

function fail(response: Response): ClientAuthentication {
  return { ok: false, response };
}

export async function authenticateClient(
  env: MockEnv,
  endpoints: SmartEndpoints,
  scenario: Scenario,
  request: Request,
  form: URLSearchParams,
  origin: string,
  /**
   * The client the grant itself names (a refresh token's). RFC 6749 §6 asks a
   * public client for nothing but grant_type and refresh_token, so the server
   * knows who asks from the token; a confidential client must still authenticate.
   */
  impliedClientId?: string,
): Promise<ClientAuthentication> {
  const basic = parseBasic(request.headers.get('authorization'));
  const postSecret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  const used = [basic !== undefined, postSecret !== null, assertion !== null].filter(Boolean).length;
  if (used > 1) {
    return fail(tokenError('invalid_request', 'The client used more than one authentication method; use exactly one (RFC 6749 §2.3).'));
  }
  const formClientId = form.get('client_id');

  if (assertion !== null) {
    const check = await authenticateClientAssertion(env, endpoints, form);
    if (!check.ok) {
      return fail(check.error === 'invalid_client' ? invalidClient(check.description) : tokenError('invalid_request', check.description));
    }
    if (formClientId !== null && formClientId !== check.clientId) {
      return fail(invalidClient(`client_id "${formClientId}" does not match the assertion's issuer "${check.clientId}".`));
    }
    const client = (await findClient(env, check.clientId, origin)) ?? {
      client_id: check.clientId,
      auth_methods: ['private_key_jwt'],
      redirect_uris: [],
      grant_types: ['client_credentials'],
    };
    return { ok: true, client, method: 'private_key_jwt' };
  }

  if (basic === 'malformed') return fail(invalidClient('The Authorization header is not valid Basic credentials (base64 of client_id:client_secret).'));

  const method: TokenEndpointAuthMethod = basic ? 'client_secret_basic' : postSecret !== null ? 'client_secret_post' : 'none';
  const clientId = basic ? basic.clientId : (formClientId ?? impliedClientId);
  if (!clientId) return fail(tokenError('invalid_request', 'The client_id parameter is missing; the server cannot tell which client is asking.'));
  if (basic && formClientId !== null && formClientId !== basic.clientId) {
    return fail(invalidClient(`client_id "${formClientId}" in the body differs from "${basic.clientId}" in the Authorization header.`));
  }
  const client = await findClient(env, clientId, origin);
  if (!client) return fail(invalidClient(`client_id "${clientId}" is not registered at this authorization server.`));

  if (method === 'none') {
    if (isConfidential(client)) {
      return fail(invalidClient(`Client "${clientId}" is confidential and must authenticate (${client.auth_methods.join(' or ')}); no credentials were sent.`));
    }
    return { ok: true, client, method };
  }

  if (!client.auth_methods.includes(method)) {
    return fail(invalidClient(`Client "${clientId}" is registered for ${client.auth_methods.join(' or ')}, not ${method}.`));
  }
  const secret = basic ? basic.secret : (postSecret ?? '');
  if (scenario.error === 'auth_invalid_client_secret') {
    return fail(invalidClient(`The client secret of "${clientId}" is wrong (simulated error auth_invalid_client_secret).`));
  }
  if (!client.client_secret || secret !== client.client_secret) {
    return fail(invalidClient(`The client secret sent with ${method} is wrong for client "${clientId}".`));
  }
  return { ok: true, client, method };
}
