import { createHash } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { findAccessToken } from '../../../mocks/core/tokens';
import { authorizeInteractively, basic, call, exchangeCode, form, makeWorld, ORIGIN, endpointsFor } from './helpers';

const CONFIDENTIAL = { client_id: 'playground-confidential' };

function expectNoStore(res: Response) {
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('pragma')).toBe('no-cache');
}

describe('token: authorization_code', () => {
  it('exchanges a code for tokens with the launch context, no-store headers', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { username: 'p-anna' });
    const res = await exchangeCode(world, redirect, verifier, endpoints.token);
    expect(res.status).toBe(200);
    expectNoStore(res);
    const tokens = await res.json();
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'launch/patient patient/Observation.rs openid fhirUser offline_access',
      patient: 'p-anna',
      need_patient_banner: true,
      smart_style_url: `${ORIGIN}/mock/smart/smart-style.json`,
    });
    expect(tokens.refresh_token).toBeTruthy();
    const record = await findAccessToken(world.env.store, tokens.access_token);
    expect(record).toMatchObject({ clientId: 'playground-public', patient: 'p-anna', grantType: 'authorization_code', iss: endpoints.fhirBase });
    expect(record?.grantId).toBeTruthy();
  });

  it('issues an id_token that verifies against the JWKS with nonce, fhirUser and aud', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { username: 'p-chloe' });
    const tokens = await (await exchangeCode(world, redirect, verifier, endpoints.token)).json();
    const jwks = await (await call(world.server, endpoints.jwks, {})).json();
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, createLocalJWKSet(jwks), {
      issuer: endpoints.fhirBase,
      audience: 'playground-public',
      currentDate: new Date(world.clock.now),
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(protectedHeader.kid).toBe(jwks.keys[0].kid);
    expect(payload.nonce).toBe('nonce-abc');
    expect(payload.fhirUser).toBe(`${endpoints.fhirBase}/Patient/p-chloe`);
    expect(payload.sub).toBe('Patient/p-chloe');
    expect(payload.exp).toBeGreaterThan(payload.iat ?? 0);
  });

  it('issues no id_token without openid, and no refresh token without offline/online access', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { overrides: { scope: 'launch/patient patient/*.rs', nonce: undefined } });
    const tokens = await (await exchangeCode(world, redirect, verifier, endpoints.token)).json();
    expect(tokens.id_token).toBeUndefined();
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('refuses a replayed code with invalid_grant and revokes what the first use issued', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world);
    const first = await (await exchangeCode(world, redirect, verifier, endpoints.token)).json();
    expect(await findAccessToken(world.env.store, first.access_token)).toBeDefined();
    const replay = await exchangeCode(world, redirect, verifier, endpoints.token);
    expect(replay.status).toBe(400);
    expectNoStore(replay);
    const body = await replay.json();
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(/already used/);
    expect(await findAccessToken(world.env.store, first.access_token)).toBeUndefined();
    const refresh = await call(
      world.server,
      endpoints.token,
      form({ grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: 'playground-public' }),
    );
    expect((await refresh.json()).error).toBe('invalid_grant');
  });

  it('refuses a code after 61 seconds', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world);
    world.advance(61);
    const res = await exchangeCode(world, redirect, verifier, endpoints.token);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(/expired/);
  });

  it('refuses a wrong code_verifier', async () => {
    const world = makeWorld();
    const { redirect, endpoints } = await authorizeInteractively(world);
    const res = await exchangeCode(world, redirect, 'a'.repeat(43), endpoints.token);
    const body = await res.json();
    expect(res.status).toBe(400);
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(/code_verifier does not match/);
  });

  it('checks PKCE the same with the SHA-256 the HTTP server brings (node:crypto): the right verifier passes, a wrong one is refused', async () => {
    for (const [verifier, expected] of [
      [undefined, 200],
      ['a'.repeat(43), 400],
    ] as const) {
      const world = makeWorld('http');
      let hashed = 0;
      world.env.sha256 = (data) => {
        hashed++;
        return createHash('sha256').update(data).digest();
      };
      const { redirect, verifier: right, endpoints } = await authorizeInteractively(world);
      const res = await exchangeCode(world, redirect, verifier ?? right, endpoints.token);
      expect(res.status).toBe(expected);
      if (expected === 400) expect((await res.json()).error_description).toMatch(/code_verifier does not match/);
      expect(hashed).toBe(1);
    }
  });

  it('refuses a missing code_verifier', async () => {
    const world = makeWorld();
    const { redirect, endpoints } = await authorizeInteractively(world);
    const res = await exchangeCode(world, redirect, '', endpoints.token);
    expect((await res.json()).error).toBe('invalid_request');
  });

  it('refuses a redirect_uri that differs from the authorize request', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world);
    const res = await exchangeCode(world, redirect, verifier, endpoints.token, { redirect_uri: 'http://localhost:5173/callback' });
    const body = await res.json();
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(/redirect_uri/);
  });

  it('refuses a code issued to another client', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world);
    const res = await exchangeCode(world, redirect, verifier, endpoints.token, CONFIDENTIAL, {
      authorization: basic('playground-confidential', 'playground-secret'),
    });
    expect((await res.json()).error).toBe('invalid_grant');
  });

  it('authenticates the confidential client with client_secret_basic', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { overrides: CONFIDENTIAL });
    const res = await exchangeCode(
      world,
      redirect,
      verifier,
      endpoints.token,
      { client_id: '' },
      {
        authorization: basic('playground-confidential', 'playground-secret'),
      },
    );
    expect(res.status).toBe(200);
    expect((await res.json()).access_token).toBeTruthy();
  });

  it('authenticates the confidential client with client_secret_post', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { overrides: CONFIDENTIAL });
    const res = await exchangeCode(world, redirect, verifier, endpoints.token, { ...CONFIDENTIAL, client_secret: 'playground-secret' });
    expect(res.status).toBe(200);
  });

  it('answers 401 invalid_client with WWW-Authenticate for a wrong secret', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { overrides: CONFIDENTIAL });
    const res = await exchangeCode(
      world,
      redirect,
      verifier,
      endpoints.token,
      { client_id: '' },
      {
        authorization: basic('playground-confidential', 'wrong'),
      },
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    expectNoStore(res);
    expect((await res.json()).error).toBe('invalid_client');
  });

  it('answers 401 invalid_client when the confidential client sends no secret', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { overrides: CONFIDENTIAL });
    const res = await exchangeCode(world, redirect, verifier, endpoints.token, CONFIDENTIAL);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await res.json()).error_description).toMatch(/confidential/);
  });

  it('refuses a client that uses two authentication methods at once', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { overrides: CONFIDENTIAL });
    const res = await exchangeCode(
      world,
      redirect,
      verifier,
      endpoints.token,
      { ...CONFIDENTIAL, client_secret: 'playground-secret' },
      {
        authorization: basic('playground-confidential', 'playground-secret'),
      },
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_request');
  });

  it('answers unsupported_grant_type for the password grant', async () => {
    const { server } = makeWorld();
    const res = await call(server, endpointsFor().token, form({ grant_type: 'password', username: 'a', password: 'b' }));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('unsupported_grant_type');
  });

  it('answers invalid_request for a JSON body', async () => {
    const { server } = makeWorld();
    const res = await call(server, endpointsFor().token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code' }),
    });
    expect(res.status).toBe(400);
    expectNoStore(res);
    expect((await res.json()).error).toBe('invalid_request');
  });

  it('answers invalid_grant for an unknown code', async () => {
    const { server } = makeWorld();
    const res = await call(
      server,
      endpointsFor().token,
      form({
        grant_type: 'authorization_code',
        code: 'nope',
        redirect_uri: `${ORIGIN}/callback`,
        code_verifier: 'a'.repeat(43),
        client_id: 'playground-public',
      }),
    );
    expect((await res.json()).error).toBe('invalid_grant');
  });
});
