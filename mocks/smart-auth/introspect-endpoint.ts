import { readForm, type MockEnv } from '../core/server';
import { findAccessToken } from '../core/tokens';
import { authenticateClientAssertion } from './backend/client-assertion';
import { parseBasic } from './client-auth';
import { findClient } from './clients';
import type { SmartEndpoints } from './endpoints';
import { noStoreJson, tokenError } from './oauth-errors';

/**
 * Token introspection (RFC 7662, SMART App Launch 2.2 "Token Introspection").
 * Only an authorized caller may ask: a resource server with an active access
 * token of this server, a confidential client with its secret, or a backend
 * client with a signed assertion. Anyone else gets 401.
 */
export interface IntrospectContext {
  env: MockEnv;
  endpoints: SmartEndpoints;
  origin: string;
}

function unauthorized(description: string): Response {
  return noStoreJson({ error: 'invalid_client', error_description: description }, 401, {
    'WWW-Authenticate': 'Bearer realm="SMART mock introspection", Basic realm="SMART mock introspection"',
  });
}

async function authorizeCaller(ctx: IntrospectContext, request: Request, form: URLSearchParams): Promise<string | undefined> {
  const header = request.headers.get('authorization');
  const now = Math.floor(ctx.env.now() / 1000);
  if (header && /^bearer\s/i.test(header)) {
    const record = await findAccessToken(ctx.env.store, header.replace(/^bearer\s+/i, '').trim());
    if (!record || record.exp <= now) return 'The Bearer token of the caller is not an active access token of this server.';
    return undefined;
  }
  const basic = parseBasic(header);
  if (basic === 'malformed') return 'The Authorization header is not valid Basic credentials.';
  if (basic) {
    const client = await findClient(ctx.env, basic.clientId, ctx.origin);
    if (!client?.client_secret || client.client_secret !== basic.secret) {
      return `The client credentials of "${basic.clientId}" are not valid.`;
    }
    return undefined;
  }
  if (form.get('client_assertion') !== null) {
    const check = await authenticateClientAssertion(ctx.env, ctx.endpoints, form);
    return check.ok ? undefined : check.description;
  }
  return 'Introspection requires authorization: a Bearer access token, client_secret_basic, or a client_assertion.';
}

export async function introspectEndpoint(ctx: IntrospectContext, request: Request): Promise<Response> {
  const form = await readForm(request);
  if (!form) return tokenError('invalid_request', 'The introspection request body must be application/x-www-form-urlencoded (RFC 7662 §2.1).');
  const problem = await authorizeCaller(ctx, request, form);
  if (problem) return unauthorized(problem);
  const token = form.get('token');
  if (!token) return tokenError('invalid_request', 'The token parameter is missing.');

  const record = await findAccessToken(ctx.env.store, token);
  const now = Math.floor(ctx.env.now() / 1000);
  // Unknown, expired and revoked tokens all look the same: inactive, nothing more (RFC 7662 §2.2).
  if (!record || record.exp <= now) return noStoreJson({ active: false });
  return noStoreJson({
    active: true,
    scope: record.scope,
    client_id: record.clientId,
    exp: record.exp,
    iat: record.iat,
    iss: record.iss,
    token_type: 'Bearer',
    ...(record.sub ? { sub: record.sub } : {}),
    ...(record.fhirUser ? { fhirUser: record.fhirUser } : {}),
    ...(record.patient ? { patient: record.patient } : {}),
    ...(record.encounter ? { encounter: record.encounter } : {}),
  });
}
