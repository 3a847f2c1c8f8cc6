import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../mocks/smart-auth/scenario';
import { authorizeInteractively, authorizeParams, basic, call, endpointsFor, exchangeCode, form, locationOf, makeWorld, post, screenOf } from './helpers';
import { registerBackendClient, requestSystemToken } from './backend-client';

async function viewWith(scenario: Scenario, transport: 'node' | 'http' = 'node') {
  const world = makeWorld(transport);
  const { params, endpoints } = await authorizeParams({}, scenario);
  return { world, params, endpoints, answer: await post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` }) };
}

describe('simulated errors (scenario.error)', () => {
  it('auth_invalid_client_id: the authorize endpoint treats the client as unknown (error page)', async () => {
    const { answer, world, params, endpoints } = await viewWith({ error: 'auth_invalid_client_id' });
    expect(screenOf(answer.body)).toMatchObject({ screen: 'error', error: 'invalid_client' });
    const res = await call(world.server, `${endpoints.authorize}?${params}`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('auth_invalid_redirect_uri: an error page instead of a redirect', async () => {
    const { answer } = await viewWith({ error: 'auth_invalid_redirect_uri' });
    const screen = screenOf(answer.body);
    expect(screen).toMatchObject({ screen: 'error', error: 'invalid_request' });
    if (screen.screen === 'error') expect(screen.error_description).toMatch(/redirect_uri/);
  });

  it('auth_invalid_scope: redirects invalid_scope with the state', async () => {
    const { answer } = await viewWith({ error: 'auth_invalid_scope' });
    const location = locationOf(answer.body);
    expect(location.searchParams.get('error')).toBe('invalid_scope');
    expect(location.searchParams.get('state')).toBe('state-1234567890');
  });

  it('auth_invalid_client_secret: the token endpoint rejects the right secret with 401', async () => {
    const world = makeWorld();
    const scenario: Scenario = { error: 'auth_invalid_client_secret' };
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { scenario, overrides: { client_id: 'playground-confidential' } });
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
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await res.json()).error).toBe('invalid_client');
  });

  it('token_invalid_token: the code is refused with invalid_grant', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { scenario: { error: 'token_invalid_token' } });
    const res = await exchangeCode(world, redirect, verifier, endpoints.token);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_grant');
  });

  it('token_invalid_scope: the token endpoint answers invalid_scope', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { scenario: { error: 'token_invalid_scope' } });
    const res = await exchangeCode(world, redirect, verifier, endpoints.token);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_scope');
  });

  it('token_expired_refresh_token: the refresh grant answers invalid_grant "expired"', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { scenario: { error: 'token_expired_refresh_token' } });
    const tokens = await (await exchangeCode(world, redirect, verifier, endpoints.token)).json();
    expect(tokens.refresh_token).toBeTruthy();
    const res = await call(
      world.server,
      endpoints.token,
      form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: 'playground-public' }),
    );
    const body = await res.json();
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(/expired/);
  });

  for (const [error, pattern] of [
    ['token_invalid_jti', /jti/],
    ['token_expired_registration_token', /registration/],
  ] as const) {
    it(`${error}: client_credentials answers 401 invalid_client after a valid assertion`, async () => {
      const world = makeWorld();
      const backend = await registerBackendClient(world.env);
      const endpoints = endpointsFor({ error });
      const res = await requestSystemToken(world.server, backend, endpoints.token, 'system/Patient.rs');
      expect(res.status).toBe(401);
      const body = await res.json();
      expect(body.error).toBe('invalid_client');
      expect(body.error_description).toMatch(pattern);
    });
  }

  it("without a simulated error the same assertion set-up gets a token (the errors above are the scenario's doing)", async () => {
    const world = makeWorld();
    const backend = await registerBackendClient(world.env);
    const endpoints = endpointsFor({});
    const res = await requestSystemToken(world.server, backend, endpoints.token, 'system/Patient.rs');
    expect(res.status).toBe(200);
  });
});
