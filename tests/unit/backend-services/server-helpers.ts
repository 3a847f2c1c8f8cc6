import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { MockEnv } from '../../../mocks/core/server';
import { MemoryStore } from '../../../mocks/core/store';
import { JWT_BEARER_ASSERTION_TYPE } from '../../../mocks/smart-auth/backend/client-assertion';
import { createBackendRegistrationServer } from '../../../mocks/smart-auth/backend/registration';
import { smartEndpoints } from '../../../mocks/smart-auth/endpoints';

export const ORIGIN = 'http://localhost';
export const endpoints = smartEndpoints(ORIGIN);

export function testEnv(start = Date.UTC(2025, 0, 15, 12, 0, 0)) {
  let t = start;
  const clock = () => t;
  const env: MockEnv = { store: new MemoryStore(clock), now: clock, appOrigins: [], transport: 'node' };
  return { env, advance: (seconds: number) => (t += seconds * 1000), nowSeconds: () => Math.floor(t / 1000) };
}

export interface TestKey {
  alg: 'RS384' | 'ES384';
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function makeKey(alg: 'RS384' | 'ES384' = 'RS384'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { alg, kid, privateKey, publicJwk: { ...jwk, kid, alg } };
}

export async function postJson(env: MockEnv, url: string, body: unknown): Promise<Response> {
  const server = createBackendRegistrationServer(env);
  const res = await server(new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  if (!res) throw new Error(`no route for ${url}`);
  return res;
}

export async function registerByValue(env: MockEnv, key: TestKey, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await postJson(env, endpoints.register, {
    client_name: 'Lab export job',
    token_endpoint_auth_method: 'private_key_jwt',
    grant_types: ['client_credentials'],
    scope: 'system/Patient.rs',
    jwks: { keys: [key.publicJwk] },
    ...extra,
  });
  if (res.status !== 201) throw new Error(`registration failed: ${await res.text()}`);
  return ((await res.json()) as { client_id: string }).client_id;
}

export async function hostJwks(env: MockEnv, key: TestKey): Promise<string> {
  const res = await postJson(env, endpoints.jwksHost, { keys: [key.publicJwk] });
  if (res.status !== 201) throw new Error(`hosting failed: ${await res.text()}`);
  return ((await res.json()) as { url: string }).url;
}

export async function registerByUrl(env: MockEnv, jwksUri: string): Promise<string> {
  const res = await postJson(env, endpoints.register, {
    token_endpoint_auth_method: 'private_key_jwt',
    grant_types: ['client_credentials'],
    jwks_uri: jwksUri,
  });
  if (res.status !== 201) throw new Error(`registration failed: ${await res.text()}`);
  return ((await res.json()) as { client_id: string }).client_id;
}

/** A good assertion for the client, with any claim or header overridden (undefined removes it). */
export async function assertion(
  key: TestKey,
  clientId: string,
  nowSeconds: number,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const payload: Record<string, unknown> = {
    iss: clientId,
    sub: clientId,
    aud: endpoints.token,
    exp: nowSeconds + 240,
    iat: nowSeconds,
    jti: crypto.randomUUID(),
    ...claims,
  };
  for (const k of Object.keys(payload)) if (payload[k] === undefined) delete payload[k];
  const h: Record<string, unknown> = { alg: key.alg, kid: key.kid, typ: 'JWT', ...header };
  for (const k of Object.keys(h)) if (h[k] === undefined) delete h[k];
  return new SignJWT(payload).setProtectedHeader(h as { alg: string }).sign(key.privateKey);
}

export function form(clientAssertion: string, extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    scope: 'system/Patient.rs',
    client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
    client_assertion: clientAssertion,
    ...extra,
  });
}
