import { describe, expect, it } from 'vitest';
import { clientKey, type DynamicClientRecord } from '../../../mocks/smart-auth/clients';
import { authorizeInteractively, call, endpointsFor, exchangeCode, form, makeWorld, REDIRECT_URI, type TestWorld } from './helpers';
import { registerBackendClient } from './backend-client';

/**
 * A client uses at the token endpoint only the grant types it registered
 * (RFC 7591 §2 grant_types; without them, authorization_code alone). Any
 * other grant is refused with RFC 6749 §5.2 `unauthorized_client`, and an app
 * not registered for refresh_token gets no refresh token.
 */
async function registerApp(world: TestWorld, clientId: string, grantTypes?: string[]): Promise<void> {
  const record: DynamicClientRecord = {
    client_id: clientId,
    token_endpoint_auth_method: 'none',
    redirect_uris: [REDIRECT_URI],
    client_name: 'Registered app',
    ...(grantTypes ? { grant_types: grantTypes } : {}),
  };
  await world.env.store.set(clientKey(clientId), record, 3600);
}

/** The fields of a token response (or an error) these tests read. */
interface TokenBody {
  access_token?: string;
  refresh_token?: string;
  error?: string;
  error_description?: string;
}

async function tokensFor(world: TestWorld, clientId: string) {
  const { redirect, verifier, endpoints } = await authorizeInteractively(world, {
    overrides: { client_id: clientId, scope: 'launch/patient patient/Observation.rs openid fhirUser offline_access' },
  });
  const res = await exchangeCode(world, redirect, verifier, endpoints.token, { client_id: clientId });
  return { res, body: (await res.json()) as TokenBody, endpoints };
}

const refresh = (world: TestWorld, url: string, clientId: string, token: string) =>
  call(world.server, url, form({ grant_type: 'refresh_token', refresh_token: token, client_id: clientId }));

describe('token endpoint: the grant types a client registered', () => {
  it('gives an app registered for refresh_token a refresh token it can use', async () => {
    const world = makeWorld();
    await registerApp(world, 'refreshing-app', ['authorization_code', 'refresh_token']);
    const { res, body, endpoints } = await tokensFor(world, 'refreshing-app');
    expect(res.status).toBe(200);
    expect(body.refresh_token).toBeTruthy();
    expect((await refresh(world, endpoints.token, 'refreshing-app', body.refresh_token!)).status).toBe(200);
  });

  it('gives an app registered without refresh_token (the RFC 7591 default) no refresh token, even with offline_access', async () => {
    const world = makeWorld();
    await registerApp(world, 'code-only-app');
    const { res, body } = await tokensFor(world, 'code-only-app');
    expect(res.status).toBe(200);
    expect(body.access_token).toBeTruthy();
    expect(body.refresh_token).toBeUndefined();
  });

  it('refuses a refresh by an app not registered for refresh_token with unauthorized_client, naming its grant types', async () => {
    const world = makeWorld();
    await registerApp(world, 'code-only-app', ['authorization_code']);
    const res = await refresh(world, endpointsFor().token, 'code-only-app', 'any-refresh-token');
    expect(res.status).toBe(400);
    const body = (await res.json()) as TokenBody;
    expect(body.error).toBe('unauthorized_client');
    expect(body.error_description).toContain('["authorization_code"]');
    expect(body.error_description).toContain('refresh_token');
  });

  it('refuses an authorization code from a backend service (client_credentials only) with unauthorized_client', async () => {
    const world = makeWorld();
    const backend = await registerBackendClient(world.env);
    const endpoints = endpointsFor();
    const res = await call(
      world.server,
      endpoints.token,
      form({
        grant_type: 'authorization_code',
        code: 'some-code',
        redirect_uri: REDIRECT_URI,
        code_verifier: 'v'.repeat(43),
        ...(await backend.assertion(endpoints.token)),
      }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as TokenBody).error).toBe('unauthorized_client');
  });

  it('still lets the built-in apps sign in and refresh', async () => {
    const world = makeWorld();
    const { body, endpoints } = await tokensFor(world, 'playground-public');
    expect(body.refresh_token).toBeTruthy();
    expect((await refresh(world, endpoints.token, 'playground-public', body.refresh_token!)).status).toBe(200);
  });
});
