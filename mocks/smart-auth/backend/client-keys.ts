import type { JWK } from 'jose';
import type { MockEnv } from '../../core/server';
import type { SmartEndpoints } from '../endpoints';
import type { BackendClientRecord } from './client-record';
import { findHostedJwks, ownHostedId } from './jwks-host';
import { validatePublicJwks } from './jwks';
import { JWKS_FETCH_LIMITS, jwksCacheFor } from './jwks-fetch';

/** The public keys a client registered: by value, or fetched from its jwks_uri. */
export type ClientKeys = { ok: true; keys: JWK[]; source: string } | { ok: false; reason: string };

/**
 * One sentence for every way a jwks_uri fetch can fail. Saying "connection
 * refused" for one port and "HTTP 500" for another would let anyone who can
 * register a client map the server's local ports; the detail goes to the log.
 */
function jwksUnavailable(uri: string): string {
  return (
    `the registered jwks_uri ${uri} could not be fetched: no JWKS came back ` +
    `(it must answer 200 with JSON of at most ${JWKS_FETCH_LIMITS.maxBytes / 1024} KB within ${JWKS_FETCH_LIMITS.timeoutMs / 1000} s, ` +
    "without redirects); the mock server's log says what went wrong"
  );
}

export async function resolveClientKeys(env: MockEnv, endpoints: SmartEndpoints, client: BackendClientRecord): Promise<ClientKeys> {
  if (client.jwks) return { ok: true, keys: client.jwks.keys, source: 'the JWKS registered by value' };
  if (!client.jwks_uri) return { ok: false, reason: `client ${client.client_id} has neither jwks nor jwks_uri registered` };
  const url = new URL(client.jwks_uri);
  const hostedId = ownHostedId(url, new URL(endpoints.jwksHost).origin);
  // The server's own JWKS host is read from the store: a server does not fetch from itself.
  const hosted = hostedId !== undefined;
  const fetched: Fetched = hosted ? hostedJwks(await findHostedJwks(env.store, hostedId), client.jwks_uri) : await fetchJwks(env, client.jwks_uri);
  if (!fetched.ok) return fetched;
  const check = await validatePublicJwks(fetched.value, `the JWKS at ${client.jwks_uri}`);
  if (!check.ok) {
    if (hosted) return { ok: false, reason: check.reason };
    // JSON that is no key set would tell a JSON service apart from a closed port: same sentence, detail to the log.
    console.warn(`SMART mock: jwks_uri ${client.jwks_uri} answered no valid JWKS: ${check.reason}`);
    return { ok: false, reason: jwksUnavailable(client.jwks_uri) };
  }
  return { ok: true, keys: check.jwks.keys, source: `the registered jwks_uri ${client.jwks_uri}` };
}

type Fetched = { ok: true; value: unknown } | { ok: false; reason: string };

function hostedJwks(value: unknown, uri: string): Fetched {
  return value === undefined ? { ok: false, reason: `the registered jwks_uri ${uri} has no JWKS published` } : { ok: true, value };
}

async function fetchJwks(env: MockEnv, uri: string): Promise<Fetched> {
  const document = await jwksCacheFor(env).get(uri);
  if (document.ok) return { ok: true, value: document.value };
  console.warn(`SMART mock: jwks_uri ${uri} could not be fetched: ${document.detail}`);
  return { ok: false, reason: jwksUnavailable(uri) };
}
