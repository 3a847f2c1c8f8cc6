import type { MockEnv } from '../core/server';

/**
 * The clients this authorization server knows: two built in (the playground's
 * own public and confidential apps) and any registered dynamically (RFC 7591),
 * apps and backend services alike (stored at `smart:client:{client_id}`).
 */
export type TokenEndpointAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

export interface RegisteredClient {
  client_id: string;
  client_name?: string;
  /** The methods the client may use at the token endpoint. */
  auth_methods: TokenEndpointAuthMethod[];
  client_secret?: string;
  /** Exact-match redirect URIs. */
  redirect_uris: string[];
  /** Registered scope ceiling (dynamic registrations), space separated. */
  scope?: string;
  /** The grant types it may use at the token endpoint (RFC 7591 §2). */
  grant_types: string[];
}

/** The playground's own apps sign in users and refresh their tokens. */
const BUILT_IN_GRANT_TYPES = ['authorization_code', 'refresh_token'];

/** RFC 7591 §2: a registration without grant_types uses only authorization_code. */
const DEFAULT_GRANT_TYPES = ['authorization_code'];

/** The record the registration endpoint stores (shared shape). */
export interface DynamicClientRecord {
  client_id: string;
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  redirect_uris?: string[];
  jwks?: unknown;
  jwks_uri?: string;
  scope?: string;
  client_name?: string;
  client_secret?: string;
  grant_types?: string[];
  /** An app's launch URL (EHR launch), see app-registration.ts. */
  launch_uri?: string;
}

export const PUBLIC_CLIENT_ID = 'playground-public';
export const CONFIDENTIAL_CLIENT_ID = 'playground-confidential';
export const CONFIDENTIAL_CLIENT_SECRET = 'playground-secret';

export const clientKey = (clientId: string) => `smart:client:${clientId}`;

/** `{origin}/callback` for the serving origin and every known app origin. */
function builtInRedirectUris(requestOrigin: string, appOrigins: string[]): string[] {
  return [...new Set([requestOrigin, ...appOrigins])].map((o) => `${o}/callback`);
}

export async function findClient(env: MockEnv, clientId: string, requestOrigin: string): Promise<RegisteredClient | undefined> {
  const redirect_uris = builtInRedirectUris(requestOrigin, env.appOrigins);
  if (clientId === PUBLIC_CLIENT_ID) {
    return { client_id: clientId, client_name: 'Playground app (public client)', auth_methods: ['none'], redirect_uris, grant_types: BUILT_IN_GRANT_TYPES };
  }
  if (clientId === CONFIDENTIAL_CLIENT_ID) {
    return {
      client_id: clientId,
      client_name: 'Playground app (confidential client)',
      auth_methods: ['client_secret_basic', 'client_secret_post'],
      client_secret: CONFIDENTIAL_CLIENT_SECRET,
      redirect_uris,
      grant_types: BUILT_IN_GRANT_TYPES,
    };
  }
  const record = await env.store.get<DynamicClientRecord>(clientKey(clientId));
  if (!record) return undefined;
  return {
    client_id: record.client_id,
    client_name: record.client_name ?? record.client_id,
    auth_methods: [record.token_endpoint_auth_method],
    client_secret: record.client_secret,
    redirect_uris: record.redirect_uris ?? [],
    scope: record.scope,
    grant_types: record.grant_types ?? DEFAULT_GRANT_TYPES,
  };
}

/**
 * How a requested redirect_uri is compared with the registered ones. `exact`
 * is simple string comparison (RFC 9700 §4.1.3, §2.1); `prefix` is the
 * weakened matching some servers do, which lets `{registered}/../elsewhere`,
 * `{registered}evil` and, for an origin-only registration,
 * `{origin}.evil.example` through (the redirect-uri-prefix lab).
 */
export type RedirectMatching = 'exact' | 'prefix';

export function redirectUriRegistered(client: RegisteredClient, requested: string, matching: RedirectMatching): boolean {
  return matching === 'exact' ? client.redirect_uris.includes(requested) : client.redirect_uris.some((registered) => requested.startsWith(registered));
}

export function isConfidential(client: RegisteredClient): boolean {
  return !client.auth_methods.includes('none');
}
