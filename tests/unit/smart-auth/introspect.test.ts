import { describe, expect, it } from 'vitest';
import { authorizeInteractively, basic, call, exchangeCode, form, makeWorld, endpointsFor, type TestWorld } from './helpers';
import { registerBackendClient } from './backend-client';

async function userTokens(world: TestWorld) {
  const { redirect, verifier, endpoints } = await authorizeInteractively(world, { username: 'p-daan' });
  return { tokens: await (await exchangeCode(world, redirect, verifier, endpoints.token)).json(), endpoints };
}

function introspect(world: TestWorld, token: string, headers: Record<string, string> = {}, extra: Record<string, string> = {}) {
  const init = form({ token, ...extra });
  return call(world.server, endpointsFor().introspect, { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } });
}

const CONFIDENTIAL_AUTH = { authorization: basic('playground-confidential', 'playground-secret') };

describe('introspection', () => {
  it('answers active with scope, client, times, patient and the id_token subject', async () => {
    const world = makeWorld();
    const { tokens, endpoints } = await userTokens(world);
    const res = await introspect(world, tokens.access_token, CONFIDENTIAL_AUTH);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({
      active: true,
      scope: tokens.scope,
      client_id: 'playground-public',
      iss: endpoints.fhirBase,
      sub: 'Patient/p-daan',
      fhirUser: `${endpoints.fhirBase}/Patient/p-daan`,
      patient: 'p-daan',
      token_type: 'Bearer',
    });
    expect(body.exp - body.iat).toBe(3600);
  });

  it('accepts an active Bearer token of this server as the caller', async () => {
    const world = makeWorld();
    const { tokens } = await userTokens(world);
    const res = await introspect(world, tokens.access_token, { authorization: `Bearer ${tokens.access_token}` });
    expect((await res.json()).active).toBe(true);
  });

  it('accepts a backend client authenticated with an assertion', async () => {
    const world = makeWorld();
    const { tokens } = await userTokens(world);
    const backend = await registerBackendClient(world.env);
    const res = await introspect(world, tokens.access_token, {}, await backend.assertion(endpointsFor().token));
    expect(res.status).toBe(200);
    expect((await res.json()).active).toBe(true);
  });

  it('answers inactive for unknown, expired and revoked tokens', async () => {
    const world = makeWorld();
    const { tokens, endpoints } = await userTokens(world);
    expect(await (await introspect(world, 'unknown-token', CONFIDENTIAL_AUTH)).json()).toEqual({ active: false });
    world.advance(3601);
    expect(await (await introspect(world, tokens.access_token, CONFIDENTIAL_AUTH)).json()).toEqual({ active: false });

    const second = makeWorld();
    const { redirect, verifier } = await authorizeInteractively(second);
    const issued = await (await exchangeCode(second, redirect, verifier, endpoints.token)).json();
    await exchangeCode(second, redirect, verifier, endpoints.token); // the replay revokes it
    expect(await (await introspect(second, issued.access_token, CONFIDENTIAL_AUTH)).json()).toEqual({ active: false });
  });

  it('answers 401 to a caller without authorization or with bad credentials', async () => {
    const world = makeWorld();
    const { tokens } = await userTokens(world);
    const none = await introspect(world, tokens.access_token);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect(await none.json()).toMatchObject({ error: 'invalid_client', error_description: expect.stringContaining('requires authorization') });
    const wrong = await introspect(world, tokens.access_token, { authorization: basic('playground-confidential', 'nope') });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toBe('invalid_client');
    const bearer = await introspect(world, tokens.access_token, { authorization: 'Bearer made-up' });
    expect(bearer.status).toBe(401);
    expect((await bearer.json()).error).toBe('invalid_client');
    const publicClient = await introspect(world, tokens.access_token, { authorization: basic('playground-public', '') });
    expect(publicClient.status).toBe(401);
  });

  it('answers 400 when the token parameter is missing', async () => {
    const world = makeWorld();
    const res = await call(world.server, endpointsFor().introspect, {
      ...form({}),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...CONFIDENTIAL_AUTH },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_request');
  });
});
