import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createBackendRegistrationServer } from '../../../mocks/smart-auth/backend/registration';
import { encodeScenario } from '../../../mocks/smart-auth/scenario';
import { smartEndpoints } from '../../../mocks/smart-auth/endpoints';
import { endpoints, hostJwks, makeKey, ORIGIN, postJson, testEnv } from './server-helpers';

const base = { token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials'] };

async function errorOf(res: Response): Promise<string> {
  expect(res.status).toBe(400);
  const body = (await res.json()) as { error: string; error_description: string };
  expect(body.error).toBe('invalid_client_metadata');
  return body.error_description;
}

describe('backend client registration (RFC 7591)', () => {
  it('registers a client by value and stores what the token endpoint needs', async () => {
    const { env, nowSeconds } = testEnv();
    const key = await makeKey('RS384');
    const res = await postJson(env, endpoints.register, {
      ...base,
      client_name: 'Nightly export',
      scope: 'system/Patient.rs',
      jwks: { keys: [key.publicJwk] },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.client_id).toMatch(/^backend-/);
    expect(body).toMatchObject({
      client_name: 'Nightly export',
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['client_credentials'],
      scope: 'system/Patient.rs',
      client_id_issued_at: nowSeconds(),
    });
    const stored = await env.store.get<Record<string, unknown>>(`smart:client:${body.client_id as string}`);
    expect(stored).toMatchObject({ client_id: body.client_id, jwks: { keys: [key.publicJwk] }, registeredAt: nowSeconds() });
  });

  it('gives each registration its own client_id', async () => {
    const { env } = testEnv();
    const key = await makeKey('ES384');
    const a = (await (await postJson(env, endpoints.register, { ...base, jwks: { keys: [key.publicJwk] } })).json()) as { client_id: string };
    const b = (await (await postJson(env, endpoints.register, { ...base, jwks: { keys: [key.publicJwk] } })).json()) as { client_id: string };
    expect(a.client_id).not.toBe(b.client_id);
  });

  it('answers on a scenario base too', async () => {
    const { env } = testEnv();
    const key = await makeKey('RS384');
    const res = await postJson(env, smartEndpoints(ORIGIN, encodeScenario({ skipLogin: true })).register, { ...base, jwks: { keys: [key.publicJwk] } });
    expect(res.status).toBe(201);
  });

  it('refuses a private key in the JWKS', async () => {
    const { env } = testEnv();
    const { privateKey } = await generateKeyPair('RS384', { extractable: true });
    const priv = { ...(await exportJWK(privateKey)), kid: 'k1' };
    expect(await errorOf(await postJson(env, endpoints.register, { ...base, jwks: { keys: [priv] } }))).toContain('contains the private member "d"');
  });

  it('refuses a key without kid', async () => {
    const { env } = testEnv();
    const key = await makeKey('RS384');
    const { kid: _kid, ...noKid } = key.publicJwk;
    expect(await errorOf(await postJson(env, endpoints.register, { ...base, jwks: { keys: [noKid] } }))).toContain('has no "kid"');
  });

  it('refuses an alg other than RS384/ES384, and a curve other than P-384', async () => {
    const { env } = testEnv();
    const key = await makeKey('RS384');
    expect(await errorOf(await postJson(env, endpoints.register, { ...base, jwks: { keys: [{ ...key.publicJwk, alg: 'RS256' }] } }))).toContain('alg "RS256"');
    const { publicKey } = await generateKeyPair('ES256');
    const p256 = { ...(await exportJWK(publicKey)), kid: 'p256' };
    expect(await errorOf(await postJson(env, endpoints.register, { ...base, jwks: { keys: [p256] } }))).toContain('ES384 needs P-384');
  });

  it('refuses a symmetric key', async () => {
    const { env } = testEnv();
    expect(await errorOf(await postJson(env, endpoints.register, { ...base, jwks: { keys: [{ kty: 'oct', kid: 's', k: 'c2VjcmV0' }] } }))).toContain(
      'private member "k"',
    );
  });

  it('refuses both jwks and jwks_uri, and neither', async () => {
    const { env } = testEnv();
    const key = await makeKey('RS384');
    expect(
      await errorOf(await postJson(env, endpoints.register, { ...base, jwks: { keys: [key.publicJwk] }, jwks_uri: 'https://example.org/jwks.json' })),
    ).toContain('not both');
    expect(await errorOf(await postJson(env, endpoints.register, base))).toContain('jwks (by value) or jwks_uri (by URL)');
  });

  it('refuses other auth methods and grant types, and says what RFC 7591 would default to', async () => {
    const { env } = testEnv();
    const key = await makeKey('RS384');
    const jwks = { keys: [key.publicJwk] };
    expect(await errorOf(await postJson(env, endpoints.register, { grant_types: ['client_credentials'], jwks }))).toContain('default to client_secret_basic');
    expect(await errorOf(await postJson(env, endpoints.register, { ...base, token_endpoint_auth_method: 'client_secret_post', jwks }))).toContain(
      'got "client_secret_post"',
    );
    expect(await errorOf(await postJson(env, endpoints.register, { token_endpoint_auth_method: 'private_key_jwt', jwks }))).toContain(
      'default to ["authorization_code"]',
    );
    expect(await errorOf(await postJson(env, endpoints.register, { ...base, grant_types: ['client_credentials', 'authorization_code'], jwks }))).toContain(
      'grant_types must be ["client_credentials"]',
    );
  });

  it('refuses redirect_uris and non-system scopes', async () => {
    const { env } = testEnv();
    const key = await makeKey('RS384');
    const jwks = { keys: [key.publicJwk] };
    expect(await errorOf(await postJson(env, endpoints.register, { ...base, jwks, redirect_uris: ['https://app.example/cb'] }))).toContain(
      'never receives a redirect',
    );
    expect(await errorOf(await postJson(env, endpoints.register, { ...base, jwks, scope: 'patient/Patient.rs' }))).toContain('not a system/ scope');
    expect(await errorOf(await postJson(env, endpoints.register, { ...base, jwks, scope: 'system/Patient.sr' }))).toContain('not a valid SMART scope');
  });

  it('refuses a non-JSON body', async () => {
    const { env } = testEnv();
    const server = createBackendRegistrationServer(env);
    const res = await server(
      new Request(endpoints.register, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' }),
    );
    expect(await errorOf(res!)).toContain('must be sent as application/json');
  });

  it('accepts https, loopback http and its own JWKS host for jwks_uri; refuses plain http elsewhere and unknown hosted ids', async () => {
    const { env } = testEnv();
    const key = await makeKey('RS384');
    for (const uri of [
      'https://backend.example/.well-known/jwks.json',
      'http://127.0.0.1:8080/jwks.json',
      'http://localhost:3000/jwks.json',
      await hostJwks(env, key),
    ]) {
      const res = await postJson(env, endpoints.register, { ...base, jwks_uri: uri });
      expect(res.status, uri).toBe(201);
      expect(((await res.json()) as { jwks_uri: string }).jwks_uri).toBe(uri);
    }
    expect(await errorOf(await postJson(env, endpoints.register, { ...base, jwks_uri: 'http://backend.example/jwks.json' }))).toContain('must use https');
    expect(
      await errorOf(await postJson(env, endpoints.register, { ...base, jwks_uri: `${endpoints.jwksHost}/00000000-0000-0000-0000-000000000000.json` })),
    ).toContain('nothing is published there');
    expect(await errorOf(await postJson(env, endpoints.register, { ...base, jwks_uri: '/relative/jwks.json' }))).toContain('absolute URL');
  });
});

describe('JWKS host', () => {
  it('publishes a JWKS at a URL and serves it back', async () => {
    const { env } = testEnv();
    const key = await makeKey('ES384');
    const url = await hostJwks(env, key);
    const res = await createBackendRegistrationServer(env)(new Request(url));
    expect(res!.status).toBe(200);
    expect(res!.headers.get('content-type')).toContain('application/jwk-set+json');
    expect(await res!.json()).toEqual({ keys: [key.publicJwk] });
  });

  it('refuses to publish a private key, and answers 404 for an unknown id', async () => {
    const { env } = testEnv();
    const { privateKey } = await generateKeyPair('ES384', { extractable: true });
    const res = await postJson(env, endpoints.jwksHost, { keys: [{ ...(await exportJWK(privateKey)), kid: 'x' }] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_description: string }).error_description).toContain('private member "d"');
    const missing = await createBackendRegistrationServer(env)(new Request(`${endpoints.jwksHost}/nope.json`));
    expect(missing!.status).toBe(404);
  });

  it('leaves other paths to other servers', async () => {
    const { env } = testEnv();
    expect(await createBackendRegistrationServer(env)(new Request(endpoints.token, { method: 'POST' }))).toBeUndefined();
  });
});
