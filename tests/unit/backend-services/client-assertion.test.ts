import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { authenticateClientAssertion } from '../../../mocks/smart-auth/backend/client-assertion';
import { assertion, endpoints, form, hostJwks, makeKey, registerByUrl, registerByValue, testEnv } from './server-helpers';

async function setUp(alg: 'RS384' | 'ES384' = 'RS384') {
  const t = testEnv();
  const key = await makeKey(alg);
  const clientId = await registerByValue(t.env, key);
  return { ...t, key, clientId };
}

async function refusal(check: Awaited<ReturnType<typeof authenticateClientAssertion>>): Promise<string> {
  expect(check.ok).toBe(false);
  if (check.ok) return '';
  expect(check.error).toBe('invalid_client');
  return check.description;
}

describe('private_key_jwt client assertion (RFC 7523, SMART Backend Services)', () => {
  it.each(['RS384', 'ES384'] as const)('accepts a good %s assertion from a client registered by value', async (alg) => {
    const { env, key, clientId, nowSeconds } = await setUp(alg);
    const check = await authenticateClientAssertion(env, endpoints, form(await assertion(key, clientId, nowSeconds())));
    expect(check).toEqual({ ok: true, clientId });
  });

  it('accepts a matching client_id form parameter and refuses a different one', async () => {
    const { env, key, clientId, nowSeconds } = await setUp();
    const good = await authenticateClientAssertion(env, endpoints, form(await assertion(key, clientId, nowSeconds()), { client_id: clientId }));
    expect(good.ok).toBe(true);
    const bad = await authenticateClientAssertion(env, endpoints, form(await assertion(key, clientId, nowSeconds()), { client_id: 'someone-else' }));
    expect(await refusal(bad)).toContain('client_id someone-else');
  });

  it('refuses a wrong client_assertion_type', async () => {
    const { env, key, clientId, nowSeconds } = await setUp();
    const f = form(await assertion(key, clientId, nowSeconds()), { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' });
    expect(await refusal(await authenticateClientAssertion(env, endpoints, f))).toContain(
      'client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
  });

  it('refuses an unsigned assertion (alg none) and says why', async () => {
    const { env, clientId, nowSeconds } = await setUp();
    const unsigned = new UnsecuredJWT({ iss: clientId, sub: clientId, aud: endpoints.token, exp: nowSeconds() + 60, jti: 'x' }).encode();
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(unsigned)))).toMatch(/alg "none".*unsigned/);
  });

  it('refuses an HS256 assertion and explains that there is no shared secret', async () => {
    const { env, key, clientId, nowSeconds } = await setUp();
    const hs = await new SignJWT({ iss: clientId, sub: clientId, aud: endpoints.token, exp: nowSeconds() + 60, jti: 'x' })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(new TextEncoder().encode('a-secret-that-is-long-enough-for-hs256!!'));
    const description = await refusal(await authenticateClientAssertion(env, endpoints, form(hs)));
    expect(description).toContain('alg HS256 is a shared-secret MAC');
    expect(description).toContain('RS384 or ES384');
  });

  it('refuses a typ other than JWT', async () => {
    const { env, key, clientId, nowSeconds } = await setUp();
    const a = await assertion(key, clientId, nowSeconds(), {}, { typ: 'at+jwt' });
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(a)))).toContain('typ, when present, must be "JWT", got "at+jwt"');
  });

  it('refuses a missing kid and an unknown kid', async () => {
    const { env, key, clientId, nowSeconds } = await setUp();
    const noKid = await assertion(key, clientId, nowSeconds(), {}, { kid: undefined });
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(noKid)))).toContain('kid is missing');
    const unknown = await assertion(key, clientId, nowSeconds(), {}, { kid: 'not-registered' });
    const description = await refusal(await authenticateClientAssertion(env, endpoints, form(unknown)));
    expect(description).toContain('kid not-registered is not one of the keys');
    expect(description).toContain(key.kid);
  });

  it('refuses iss ≠ sub', async () => {
    const { env, key, clientId, nowSeconds } = await setUp();
    const a = await assertion(key, clientId, nowSeconds(), { sub: 'patient-123' });
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(a)))).toContain(
      `sub must equal iss (both the client_id), got iss ${clientId} and sub "patient-123"`,
    );
  });

  it('refuses an unregistered client', async () => {
    const { env, key, nowSeconds } = await setUp();
    const a = await assertion(key, 'never-registered', nowSeconds());
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(a)))).toContain('iss never-registered is not a registered client_id');
  });

  it('refuses an assertion signed with a key that was never registered', async () => {
    const { env, key, clientId, nowSeconds } = await setUp();
    const stranger = await makeKey('RS384');
    // Same kid as the registered key, different private key: only the signature check can catch it.
    const a = await assertion({ ...stranger, kid: key.kid }, clientId, nowSeconds());
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(a)))).toContain(`signature does not verify with the registered key ${key.kid}`);
  });

  it('refuses an alg that does not fit the registered key', async () => {
    const { env, key, clientId, nowSeconds } = await setUp('RS384');
    const ec = await makeKey('ES384');
    const a = await assertion({ ...ec, kid: key.kid }, clientId, nowSeconds());
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(a)))).toContain('is for RS384, but the assertion says alg ES384');
  });

  it('refuses a wrong aud and names both values', async () => {
    const { env, key, clientId, nowSeconds } = await setUp();
    const a = await assertion(key, clientId, nowSeconds(), { aud: 'http://evil.example/token' });
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(a)))).toBe(
      `aud must be the token endpoint ${endpoints.token}, got "http://evil.example/token"`,
    );
  });

  it('refuses the FHIR base as aud (the token endpoint is required exactly)', async () => {
    const { env, key, clientId, nowSeconds } = await setUp();
    const a = await assertion(key, clientId, nowSeconds(), { aud: endpoints.fhirBase });
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(a)))).toContain('aud must be the token endpoint');
  });

  it('refuses a missing exp', async () => {
    const { env, key, clientId, nowSeconds } = await setUp();
    const a = await assertion(key, clientId, nowSeconds(), { exp: undefined });
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(a)))).toContain('exp is missing');
  });

  it('refuses an expired assertion, with no clock skew', async () => {
    const { env, key, clientId, nowSeconds, advance } = await setUp();
    const a = await assertion(key, clientId, nowSeconds(), { exp: nowSeconds() + 30 });
    advance(30);
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(a)))).toMatch(/is in the past.*no clock skew/);
  });

  it('refuses an exp more than 5 minutes ahead and accepts exactly 5 minutes', async () => {
    const { env, key, clientId, nowSeconds } = await setUp();
    const tooLong = await assertion(key, clientId, nowSeconds(), { exp: nowSeconds() + 600 });
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(tooLong)))).toContain(
      '600 s ahead; SMART Backend Services allows at most 300 s',
    );
    const edge = await assertion(key, clientId, nowSeconds(), { exp: nowSeconds() + 300 });
    expect((await authenticateClientAssertion(env, endpoints, form(edge))).ok).toBe(true);
  });

  it('refuses a missing jti', async () => {
    const { env, key, clientId, nowSeconds } = await setUp();
    const a = await assertion(key, clientId, nowSeconds(), { jti: undefined });
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(a)))).toContain('jti is missing');
  });

  it('refuses a replayed jti within the assertion lifetime, and a new jti is fine', async () => {
    const { env, key, clientId, nowSeconds, advance } = await setUp();
    const a = await assertion(key, clientId, nowSeconds(), { jti: 'job-42' });
    expect((await authenticateClientAssertion(env, endpoints, form(a))).ok).toBe(true);
    advance(200);
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(a)))).toContain('jti job-42 was already used');
    const fresh = await assertion(key, clientId, nowSeconds());
    expect((await authenticateClientAssertion(env, endpoints, form(fresh))).ok).toBe(true);
  });

  it('remembers jtis per client only until the assertion expires', async () => {
    const { env, key, clientId, nowSeconds, advance } = await setUp();
    const a = await assertion(key, clientId, nowSeconds(), { jti: 'job-7', exp: nowSeconds() + 60 });
    expect((await authenticateClientAssertion(env, endpoints, form(a))).ok).toBe(true);
    expect(await env.store.keys(`smart:jti:${clientId}:job-7`)).toHaveLength(1);
    advance(61);
    expect(await env.store.get(`smart:jti:${clientId}:job-7`)).toBeUndefined();
  });

  it('refuses a jku header for a client registered by value', async () => {
    const { env, key, clientId, nowSeconds } = await setUp();
    const a = await assertion(key, clientId, nowSeconds(), {}, { jku: 'https://attacker.example/jwks.json' });
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(a)))).toContain('registered its keys by value');
  });
});

describe('keys registered by URL (jwks_uri on the JWKS host)', () => {
  it('verifies against the hosted JWKS, with or without the matching jku', async () => {
    const { env, nowSeconds } = testEnv();
    const key = await makeKey('ES384');
    const url = await hostJwks(env, key);
    expect(url).toMatch(/^http:\/\/localhost\/mock\/smart\/jwks-host\/[\w-]+\.json$/);
    const clientId = await registerByUrl(env, url);
    expect(await authenticateClientAssertion(env, endpoints, form(await assertion(key, clientId, nowSeconds())))).toEqual({ ok: true, clientId });
    const withJku = await assertion(key, clientId, nowSeconds(), {}, { jku: url });
    expect((await authenticateClientAssertion(env, endpoints, form(withJku))).ok).toBe(true);
  });

  it('refuses a jku that is not the registered jwks_uri', async () => {
    const { env, nowSeconds } = testEnv();
    const key = await makeKey('RS384');
    const url = await hostJwks(env, key);
    const clientId = await registerByUrl(env, url);
    const a = await assertion(key, clientId, nowSeconds(), {}, { jku: 'https://attacker.example/jwks.json' });
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(a)))).toBe(
      `jku must be the registered jwks_uri ${url}, got https://attacker.example/jwks.json`,
    );
  });

  it('says clearly when an external jwks_uri cannot be fetched', async () => {
    const { env, nowSeconds } = testEnv();
    const key = await makeKey('RS384');
    const clientId = await registerByUrl(env, 'http://127.0.0.1:9/jwks.json');
    const a = await assertion(key, clientId, nowSeconds());
    expect(await refusal(await authenticateClientAssertion(env, endpoints, form(a)))).toContain(
      'the registered jwks_uri http://127.0.0.1:9/jwks.json could not be fetched',
    );
  });
});
