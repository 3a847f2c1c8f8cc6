import { describe, expect, it } from 'vitest';
import { findAccessToken } from '../../../mocks/core/tokens';
import { authorizeInteractively, call, exchangeCode, form, makeWorld, type TestWorld } from './helpers';

async function tokensFor(world: TestWorld, scope = 'launch/patient patient/Observation.rs patient/Condition.rs openid fhirUser offline_access') {
  const { redirect, verifier, endpoints } = await authorizeInteractively(world, { overrides: { scope } });
  const tokens = await (await exchangeCode(world, redirect, verifier, endpoints.token)).json();
  return { tokens, endpoints };
}

function refresh(world: TestWorld, url: string, token: string, extra: Record<string, string> = {}) {
  return call(world.server, url, form({ grant_type: 'refresh_token', refresh_token: token, client_id: 'playground-public', ...extra }));
}

describe('token: refresh_token', () => {
  it('narrows the scope on request and keeps the patient', async () => {
    const world = makeWorld();
    const { tokens, endpoints } = await tokensFor(world);
    const res = await refresh(world, endpoints.token, tokens.refresh_token, { scope: 'patient/Observation.r' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body.scope).toBe('patient/Observation.r');
    expect(body.patient).toBe('p-anna');
    expect((await findAccessToken(world.env.store, body.access_token))?.grantType).toBe('refresh_token');
  });

  it('refuses a wider scope with invalid_scope', async () => {
    const world = makeWorld();
    const { tokens, endpoints } = await tokensFor(world);
    const res = await refresh(world, endpoints.token, tokens.refresh_token, { scope: 'patient/Observation.cruds' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe('invalid_scope');
    expect(body.error_description).toContain('patient/Observation.cruds');
  });

  it('rotates: the old refresh token is refused after use', async () => {
    const world = makeWorld();
    const { tokens, endpoints } = await tokensFor(world);
    const next = await (await refresh(world, endpoints.token, tokens.refresh_token)).json();
    expect(next.refresh_token).toBeTruthy();
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    const old = await refresh(world, endpoints.token, tokens.refresh_token);
    expect((await old.json()).error).toBe('invalid_grant');
    expect((await refresh(world, endpoints.token, next.refresh_token)).status).toBe(200);
  });

  it('refuses the refresh token of another client', async () => {
    const world = makeWorld();
    const { tokens, endpoints } = await tokensFor(world);
    const res = await refresh(world, endpoints.token, tokens.refresh_token, { client_id: 'playground-confidential', client_secret: 'playground-secret' });
    expect((await res.json()).error).toBe('invalid_grant');
  });

  it('gives online_access refresh tokens a shorter life than offline_access ones', async () => {
    const world = makeWorld();
    const online = await tokensFor(world, 'launch/patient patient/*.rs online_access');
    const offline = await tokensFor(world, 'launch/patient patient/*.rs offline_access');
    world.advance(8.5 * 3600);
    const onlineRes = await refresh(world, online.endpoints.token, online.tokens.refresh_token);
    expect(onlineRes.status).toBe(400);
    expect((await onlineRes.json()).error_description).toMatch(/expired/);
    expect((await refresh(world, offline.endpoints.token, offline.tokens.refresh_token)).status).toBe(200);
  });

  it('lets a public client refresh without client_id: RFC 6749 §6 asks only grant_type and refresh_token', async () => {
    const world = makeWorld();
    const { tokens, endpoints } = await tokensFor(world);
    const res = await call(world.server, endpoints.token, form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }));
    expect(res.status).toBe(200);
    expect((await res.json()).access_token).toBeTruthy();
  });

  it('still makes a confidential client authenticate its refresh', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, {
      overrides: { client_id: 'playground-confidential', scope: 'launch/patient patient/*.rs offline_access' },
    });
    const basic = `Basic ${btoa('playground-confidential:playground-secret')}`;
    const tokens = await (
      await exchangeCode(world, redirect, verifier, endpoints.token, { client_id: 'playground-confidential' }, { authorization: basic })
    ).json();
    expect(tokens.refresh_token).toBeTruthy();
    const res = await call(world.server, endpoints.token, form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }));
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('invalid_client');
  });
});
