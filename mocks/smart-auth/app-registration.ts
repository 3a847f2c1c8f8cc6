import { json, ownOrigin, type MockEnv } from '../core/server';
import { INSPECTOR_PREFIX } from '../paths';
import { inspectClient } from '../inspector/store';
import { REGISTRATION_LIFETIME_SECONDS } from './backend/client-record';
import { clientKey, type DynamicClientRecord } from './clients';
import { randomValue } from './random';
import { parseScope, splitScope } from './scopes';

/**
 * Dynamic registration of SMART apps (RFC 7591): a public or confidential app
 * with its redirect URIs, an optional launch URL for EHR launches, and a
 * scope ceiling. The authorization server then treats it like its built-in
 * clients, and the inspector records and grades what it does.
 *
 * The launch URL has no standard metadata name: RFC 7591 and SMART define
 * none. It is `launch_uri` here (Medplum's ClientApplication calls it
 * launchUri, EHR portals "Launch URL"); OpenID Connect Dynamic Client
 * Registration's `initiate_login_uri` is accepted as another name for it.
 */
type AppAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post';
const APP_AUTH_METHODS: AppAuthMethod[] = ['none', 'client_secret_basic', 'client_secret_post'];
const APP_GRANTS = ['authorization_code', 'refresh_token'];
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

interface AppClientRecord extends DynamicClientRecord {
  token_endpoint_auth_method: AppAuthMethod;
  redirect_uris: string[];
  grant_types: string[];
  launch_uri?: string;
  /** epoch seconds */
  registeredAt: number;
}

/** RFC 7591 §3.2.2: 400 with the error code and what to fix. */
function refuse(error: 'invalid_redirect_uri' | 'invalid_client_metadata', description: string): Response {
  return json({ error, error_description: description }, { status: 400, headers: NO_STORE });
}

/** An app URL: absolute, no fragment, https, or http on a loopback host (a developer's machine). */
function urlProblem(raw: unknown, what: string): string | undefined {
  if (typeof raw !== 'string' || raw === '') return `${what} must be a URL string, got ${JSON.stringify(raw ?? null)}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${what} "${raw}" is not an absolute URL (scheme, host and path, e.g. https://app.example/callback)`;
  }
  if (url.hash || raw.includes('#')) return `${what} "${raw}" has a fragment (#...); RFC 6749 §3.1.2 forbids one`;
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    return LOOPBACK.has(url.hostname)
      ? undefined
      : `${what} "${raw}" uses http on ${url.hostname}; http is allowed only on a loopback host (localhost, 127.0.0.1, [::1]), anything else must use https`;
  }
  return `${what} "${raw}" uses the scheme ${url.protocol}; use https (or http on localhost)`;
}

function scopeProblem(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') return 'scope must be a space-separated string';
  for (const s of splitScope(raw)) {
    const parsed = parseScope(s);
    if (!parsed.ok) return `scope: ${parsed.reason}`;
    if (parsed.scope.kind === 'resource' && parsed.scope.context === 'system') {
      return `scope "${s}" is a system/ scope, for backend services; an app acts for a user (patient/ or user/ scopes). Register a backend client with jwks for system/ scopes`;
    }
  }
  return undefined;
}

export async function registerApp(env: MockEnv, request: Request, m: Record<string, unknown>): Promise<Response> {
  if (m.client_name !== undefined && typeof m.client_name !== 'string') return refuse('invalid_client_metadata', 'client_name must be a string');

  const method = (m.token_endpoint_auth_method ?? 'client_secret_basic') as AppAuthMethod;
  if (!APP_AUTH_METHODS.includes(method)) {
    return refuse(
      'invalid_client_metadata',
      `token_endpoint_auth_method ${JSON.stringify(m.token_endpoint_auth_method)} is not supported for apps; use "none" (public app, PKCE), "client_secret_basic" or "client_secret_post" (confidential app). A backend service registers with "private_key_jwt", grant_types ["client_credentials"] and its jwks.`,
    );
  }
  const grants = m.grant_types ?? ['authorization_code'];
  if (!Array.isArray(grants) || grants.length === 0 || !grants.includes('authorization_code') || grants.some((g) => !APP_GRANTS.includes(g as string))) {
    return refuse('invalid_client_metadata', `grant_types must include "authorization_code" and may add "refresh_token", got ${JSON.stringify(grants)}`);
  }
  if (m.response_types !== undefined && JSON.stringify(m.response_types) !== '["code"]') {
    return refuse('invalid_client_metadata', `response_types must be ["code"] (the authorization code flow), got ${JSON.stringify(m.response_types)}`);
  }

  const uris = m.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0) {
    return refuse('invalid_redirect_uri', 'redirect_uris is required: a non-empty array of the exact URLs the server may send the browser back to');
  }
  for (const uri of uris) {
    const problem = urlProblem(uri, 'redirect_uri');
    if (problem) return refuse('invalid_redirect_uri', problem);
  }

  const launchRaw = m.launch_uri ?? m.initiate_login_uri;
  if (m.launch_uri !== undefined && m.initiate_login_uri !== undefined && m.launch_uri !== m.initiate_login_uri) {
    return refuse('invalid_client_metadata', "launch_uri and initiate_login_uri name the same thing (the app's launch URL); send one");
  }
  if (launchRaw !== undefined) {
    const problem = urlProblem(launchRaw, 'launch_uri');
    if (problem) return refuse('invalid_client_metadata', problem);
  }
  const badScope = scopeProblem(m.scope);
  if (badScope) return refuse('invalid_client_metadata', badScope);

  const registeredAt = Math.floor(env.now() / 1000);
  const record: AppClientRecord = {
    client_id: `app-${crypto.randomUUID()}`,
    token_endpoint_auth_method: method,
    redirect_uris: uris as string[],
    grant_types: grants as string[],
    registeredAt,
    ...(typeof m.client_name === 'string' ? { client_name: m.client_name } : {}),
    ...(typeof m.scope === 'string' ? { scope: m.scope } : {}),
    ...(typeof launchRaw === 'string' ? { launch_uri: launchRaw } : {}),
    ...(method !== 'none' ? { client_secret: randomValue() } : {}),
  };
  await env.store.set(clientKey(record.client_id), record, REGISTRATION_LIFETIME_SECONDS);
  const registrationAccessToken = await inspectClient(env, {
    client_id: record.client_id,
    kind: 'app',
    ...(record.client_name ? { client_name: record.client_name } : {}),
    registration: {
      token_endpoint_auth_method: method,
      redirect_uris: record.redirect_uris,
      ...(record.scope ? { scope: record.scope } : {}),
      ...(record.launch_uri ? { launch_uri: record.launch_uri } : {}),
    },
  });
  const { registeredAt: _at, client_secret, ...metadata } = record;
  return json(
    {
      ...metadata,
      response_types: ['code'],
      client_id_issued_at: registeredAt,
      ...(client_secret ? { client_secret, client_secret_expires_at: registeredAt + REGISTRATION_LIFETIME_SECONDS } : {}),
      registration_access_token: registrationAccessToken,
      inspector_uri: `${ownOrigin(env, request)}${INSPECTOR_PREFIX}/clients/${record.client_id}`,
    },
    { status: 201, headers: NO_STORE },
  );
}

/**
 * Which registration a request is: a backend service (private_key_jwt, client_credentials or keys)
 * or an app (everything else, with RFC 7591's defaults).
 */
export function isBackendRegistration(m: Record<string, unknown>): boolean {
  return (
    m.token_endpoint_auth_method === 'private_key_jwt' ||
    m.jwks !== undefined ||
    m.jwks_uri !== undefined ||
    (Array.isArray(m.grant_types) && m.grant_types.includes('client_credentials'))
  );
}
