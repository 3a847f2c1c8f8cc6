import { json, ownOrigin, Router, type MockEnv, type MockServer } from '../../core/server';
import { SMART_PREFIX } from '../../paths';
import { parseScope, splitScope } from '../scopes';
import { isBackendRegistration, registerApp } from '../app-registration';
import { INSPECTOR_PREFIX } from '../../paths';
import { inspectClient } from '../../inspector/store';
import { saveBackendClient, type BackendClientRecord } from './client-record';
import { validatePublicJwks } from './jwks';
import { findHostedJwks, hostedJwksUrl, idFromFile, JWKS_HOST_PATH, ownHostedId, saveHostedJwks } from './jwks-host';

/**
 * Dynamic registration of SMART backend clients (RFC 7591) and the JWKS host
 * that lets a browser user register "by URL".
 */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** RFC 7591 §3.2.2: an error response is JSON with status 400. */
function registrationError(description: string): Response {
  return json({ error: 'invalid_client_metadata', error_description: description }, { status: 400, headers: NO_STORE });
}

type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

async function readJson(request: Request, what: string): Promise<Parsed<unknown>> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!type.startsWith('application/json') && !type.startsWith('application/jwk-set+json')) {
    return { ok: false, response: registrationError(`${what} must be sent as application/json, got content-type "${type || 'none'}"`) };
  }
  try {
    return { ok: true, value: JSON.parse(await request.text()) as unknown };
  } catch {
    return { ok: false, response: registrationError(`${what} is not valid JSON`) };
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A jwks_uri the server will fetch keys from: https, loopback http, or this mock's own JWKS host. */
async function checkJwksUri(env: MockEnv, raw: unknown, ownOrigin: string): Promise<string | undefined> {
  if (typeof raw !== 'string') return 'jwks_uri must be a string (a URL)';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `jwks_uri must be an absolute URL, got ${JSON.stringify(raw)}`;
  }
  if (url.hash) return `jwks_uri must not have a fragment, got ${raw}`;
  const hostedId = ownHostedId(url, ownOrigin);
  if (hostedId !== undefined) {
    const hosted = await findHostedJwks(env.store, hostedId);
    return hosted ? undefined : `jwks_uri ${raw} is on this server's JWKS host but nothing is published there`;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return undefined;
  return `jwks_uri must use https (or http on a loopback host, or this server's JWKS host ${ownOrigin}${JWKS_HOST_PATH}/...), got ${raw}`;
}

function checkScope(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') return 'scope must be a space-separated string';
  for (const s of splitScope(raw)) {
    const parsed = parseScope(s);
    if (!parsed.ok) return parsed.reason;
    if (parsed.scope.kind !== 'resource' || parsed.scope.context !== 'system') {
      return `scope "${s}" is not a system/ scope: a backend client acts for itself, not for a patient or user`;
    }
  }
  return undefined;
}

async function registerBackendClient(env: MockEnv, request: Request): Promise<Response> {
  const body = await readJson(request, 'The registration request');
  if (!body.ok) return body.response;
  const meta = body.value;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    return registrationError('The registration request must be a JSON object of client metadata');
  }
  const m = meta as Record<string, unknown>;
  // One registration_endpoint (the one discovery advertises) for apps and backend services.
  if (!isBackendRegistration(m)) return registerApp(env, request, m);
  if (m.client_name !== undefined && typeof m.client_name !== 'string') return registrationError('client_name must be a string');
  if (m.token_endpoint_auth_method !== 'private_key_jwt') {
    return registrationError(
      `token_endpoint_auth_method must be "private_key_jwt" (SMART Backend Services), got ${JSON.stringify(m.token_endpoint_auth_method ?? null)}` +
        (m.token_endpoint_auth_method === undefined ? ' (RFC 7591 would default to client_secret_basic)' : ''),
    );
  }
  const grants = m.grant_types;
  if (!Array.isArray(grants) || grants.length !== 1 || grants[0] !== 'client_credentials') {
    return registrationError(
      `grant_types must be ["client_credentials"], got ${JSON.stringify(grants ?? null)}` +
        (grants === undefined ? ' (RFC 7591 would default to ["authorization_code"])' : ''),
    );
  }
  if (Array.isArray(m.redirect_uris) && m.redirect_uris.length > 0) {
    return registrationError('redirect_uris must be left out: a backend client never receives a redirect');
  }
  const scopeProblem = checkScope(m.scope);
  if (scopeProblem) return registrationError(scopeProblem);

  const hasJwks = m.jwks !== undefined;
  const hasUri = m.jwks_uri !== undefined;
  if (hasJwks === hasUri) {
    return registrationError(
      hasJwks
        ? 'Send jwks or jwks_uri, not both (RFC 7591 §2): the server must know which one holds the keys'
        : 'Send the public keys: jwks (by value) or jwks_uri (by URL)',
    );
  }
  const origin = ownOrigin(env, request);
  const record: BackendClientRecord = {
    client_id: `backend-${crypto.randomUUID()}`,
    client_name: m.client_name,
    token_endpoint_auth_method: 'private_key_jwt',
    grant_types: ['client_credentials'],
    scope: m.scope as string | undefined,
    registeredAt: Math.floor(env.now() / 1000),
  };
  if (hasJwks) {
    const check = await validatePublicJwks(m.jwks);
    if (!check.ok) return registrationError(check.reason);
    record.jwks = check.jwks;
  } else {
    const problem = await checkJwksUri(env, m.jwks_uri, origin);
    if (problem) return registrationError(problem);
    record.jwks_uri = m.jwks_uri as string;
  }
  await saveBackendClient(env.store, record);
  const registrationAccessToken = await inspectClient(env, {
    client_id: record.client_id,
    kind: 'backend',
    ...(record.client_name ? { client_name: record.client_name } : {}),
    registration: {
      token_endpoint_auth_method: 'private_key_jwt',
      redirect_uris: [],
      ...(record.scope ? { scope: record.scope } : {}),
      ...(record.jwks ? { keys: record.jwks.keys.map((k) => ({ kid: k.kid ?? '', ...(k.alg ? { alg: k.alg } : {}) })) } : {}),
      ...(record.jwks_uri ? { jwks_uri: record.jwks_uri } : {}),
    },
  });
  const { registeredAt, ...metadata } = record;
  return json(
    {
      ...metadata,
      client_id_issued_at: registeredAt,
      registration_access_token: registrationAccessToken,
      inspector_uri: `${origin}${INSPECTOR_PREFIX}/clients/${record.client_id}`,
    },
    { status: 201, headers: NO_STORE },
  );
}

async function publishJwks(env: MockEnv, request: Request): Promise<Response> {
  const body = await readJson(request, 'The JWKS');
  if (!body.ok) return body.response;
  const check = await validatePublicJwks(body.value);
  if (!check.ok) return json({ error: 'invalid_request', error_description: check.reason }, { status: 400 });
  const id = crypto.randomUUID();
  await saveHostedJwks(env.store, id, check.jwks);
  const url = hostedJwksUrl(ownOrigin(env, request), id);
  return json({ url }, { status: 201, headers: { Location: url } });
}

async function serveJwks(env: MockEnv, file: string): Promise<Response> {
  const id = idFromFile(file);
  const jwks = id ? await findHostedJwks(env.store, id) : undefined;
  if (!jwks) return json({ error: 'not_found', error_description: `No JWKS is published at ${file}` }, { status: 404 });
  return json(jwks, { headers: { 'content-type': 'application/jwk-set+json', 'Cache-Control': 'no-cache' } });
}

export function createBackendRegistrationServer(env: MockEnv): MockServer {
  const router = new Router()
    .post(`${SMART_PREFIX}/auth/register`, (req) => registerBackendClient(env, req))
    .post(`${SMART_PREFIX}/s/:scenario/auth/register`, (req) => registerBackendClient(env, req))
    .post(JWKS_HOST_PATH, (req) => publishJwks(env, req))
    .get(`${JWKS_HOST_PATH}/:file`, (_req, { params }) => serveJwks(env, params.file));
  return (request) => router.handle(request);
}
