import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { MockEnv } from '../../../mocks/core/server';
import { saveBackendClient } from '../../../mocks/smart-auth/backend/client-record';
import type { MockServer } from '../../../mocks/core/server';
import { call, form } from './helpers';

/** A registered backend client with an ES384 key, and fresh assertions for it. */
export async function registerBackendClient(env: MockEnv, clientId = 'backend-app', scope?: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES384' };
  await saveBackendClient(env.store, {
    client_id: clientId,
    token_endpoint_auth_method: 'private_key_jwt',
    grant_types: ['client_credentials'],
    jwks: { keys: [publicJwk] },
    ...(scope ? { scope } : {}),
    registeredAt: Math.floor(env.now() / 1000),
  });
  let n = 0;
  return {
    clientId,
    async assertion(tokenEndpoint: string): Promise<Record<string, string>> {
      const now = Math.floor(env.now() / 1000);
      const jwt = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES384', kid: 'k1', typ: 'JWT' })
        .setIssuer(clientId)
        .setSubject(clientId)
        .setAudience(tokenEndpoint)
        .setExpirationTime(now + 240)
        .setJti(`jti-${now}-${++n}`)
        .sign(privateKey);
      return {
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: jwt,
      };
    },
  };
}

export type BackendClient = Awaited<ReturnType<typeof registerBackendClient>>;

/** client_credentials at `tokenEndpoint` with a fresh assertion, made for `audience` (the token endpoint unless a test says otherwise). */
export async function requestSystemToken(
  server: MockServer,
  backend: BackendClient,
  tokenEndpoint: string,
  scope = 'system/Patient.rs',
  audience = tokenEndpoint,
): Promise<Response> {
  return call(server, tokenEndpoint, form({ grant_type: 'client_credentials', scope, ...(await backend.assertion(audience)) }));
}
