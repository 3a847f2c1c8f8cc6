import { describe, expect, it } from 'vitest';
import { findAccessToken } from '../../../mocks/core/tokens';
import { basic, call, endpointsFor, form, makeWorld } from './helpers';
import { registerBackendClient, requestSystemToken } from './backend-client';

describe('token: client_credentials (SMART Backend Services)', () => {
  it('issues a 5-minute token for system scopes to a client with a valid assertion', async () => {
    const world = makeWorld();
    const backend = await registerBackendClient(world.env);
    const endpoints = endpointsFor();
    const res = await requestSystemToken(world.server, backend, endpoints.token, 'system/Patient.rs system/Observation.read');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'system/Patient.rs system/Observation.read' });
    expect(await findAccessToken(world.env.store, body.access_token)).toMatchObject({ clientId: 'backend-app', grantType: 'client_credentials' });
  });

  it('refuses patient or user scopes with invalid_scope', async () => {
    const world = makeWorld();
    const backend = await registerBackendClient(world.env);
    const endpoints = endpointsFor();
    const res = await requestSystemToken(world.server, backend, endpoints.token, 'patient/Patient.rs');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_scope');
  });

  it('refuses scopes beyond the registration with invalid_scope', async () => {
    const world = makeWorld();
    const backend = await registerBackendClient(world.env, 'limited-app', 'system/Observation.rs');
    const endpoints = endpointsFor();
    const res = await requestSystemToken(world.server, backend, endpoints.token, 'system/Patient.rs');
    expect((await res.json()).error).toBe('invalid_scope');
  });

  it('refuses a client secret instead of an assertion with 401 invalid_client', async () => {
    const world = makeWorld();
    const res = await call(world.server, endpointsFor().token, {
      ...form({ grant_type: 'client_credentials', scope: 'system/Patient.rs' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('playground-confidential', 'playground-secret') },
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error_description).toMatch(/private_key_jwt/);
  });

  it('passes a refused assertion on as 401 invalid_client', async () => {
    const world = makeWorld();
    const backend = await registerBackendClient(world.env);
    const endpoints = endpointsFor();
    // An assertion made for another token endpoint.
    const res = await requestSystemToken(world.server, backend, endpoints.token, 'system/Patient.rs', 'https://other.example/token');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBeTruthy();
    expect((await res.json()).error).toBe('invalid_client');
  });
});
