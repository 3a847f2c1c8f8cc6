import type { JWK } from 'jose';
import type { MockEnv } from '../../core/server';
import type { SmartEndpoints } from '../endpoints';
import type { BackendClientRecord } from './client-record';
import { findHostedJwks, ownHostedId } from './jwks-host';
import { validatePublicJwks } from './jwks';

/** The public keys a client registered: by value, or fetched from its jwks_uri. */
export type ClientKeys = { ok: true; keys: JWK[]; source: string } | { ok: false; reason: string };

const FETCH_TIMEOUT_MS = 5000;

export async function resolveClientKeys(env: MockEnv, endpoints: SmartEndpoints, client: BackendClientRecord): Promise<ClientKeys> {
  if (client.jwks) return { ok: true, keys: client.jwks.keys, source: 'the JWKS registered by value' };
  if (!client.jwks_uri) return { ok: false, reason: `client ${client.client_id} has neither jwks nor jwks_uri registered` };
  const url = new URL(client.jwks_uri);
  const hostedId = ownHostedId(url, new URL(endpoints.jwksHost).origin);
  // The server's own JWKS host is read from the store: a server does not fetch from itself.
  const fetched: Fetched =
    hostedId !== undefined ? hostedJwks(await findHostedJwks(env.store, hostedId), client.jwks_uri) : await fetchJwks(client.jwks_uri);
  if (!fetched.ok) return fetched;
  const check = await validatePublicJwks(fetched.value, `the JWKS at ${client.jwks_uri}`);
  if (!check.ok) return { ok: false, reason: check.reason };
  return { ok: true, keys: check.jwks.keys, source: `the registered jwks_uri ${client.jwks_uri}` };
}

type Fetched = { ok: true; value: unknown } | { ok: false; reason: string };

function hostedJwks(value: unknown, uri: string): Fetched {
  return value === undefined ? { ok: false, reason: `the registered jwks_uri ${uri} has no JWKS published` } : { ok: true, value };
}

/** The JSON at a jwks_uri, or a sentence saying why it could not be had. */
async function fetchJwks(uri: string): Promise<Fetched> {
  let response: Response;
  try {
    response = await fetch(uri, {
      headers: { accept: 'application/jwk-set+json, application/json' },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (e) {
    return { ok: false, reason: `the registered jwks_uri ${uri} could not be fetched: ${(e as Error).message}` };
  }
  if (!response.ok) return { ok: false, reason: `the registered jwks_uri ${uri} answered HTTP ${response.status}, not a JWKS` };
  try {
    return { ok: true, value: (await response.json()) as unknown };
  } catch {
    return { ok: false, reason: `the registered jwks_uri ${uri} did not answer JSON` };
  }
}
