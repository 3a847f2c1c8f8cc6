import { describe, expect, it } from 'vitest';
import { call, endpointsFor, makeWorld, ORIGIN } from './helpers';
import { encodeScenario } from '../../../mocks/smart-auth/scenario';

describe('SMART discovery', () => {
  it('advertises the endpoints, grants, auth methods and capabilities of SMART App Launch 2.2', async () => {
    const { server } = makeWorld();
    const endpoints = endpointsFor();
    const res = await call(server, `${endpoints.fhirBase}/.well-known/smart-configuration`, {});
    expect(res.status).toBe(200);
    const config = await res.json();
    expect(config.issuer).toBe(`${ORIGIN}/mock/smart/fhir`);
    expect(config.authorization_endpoint).toBe(`${ORIGIN}/mock/smart/auth/authorize`);
    expect(config.token_endpoint).toBe(`${ORIGIN}/mock/smart/auth/token`);
    expect(config.introspection_endpoint).toBe(`${ORIGIN}/mock/smart/auth/introspect`);
    expect(config.registration_endpoint).toBe(`${ORIGIN}/mock/smart/auth/register`);
    expect(config.jwks_uri).toBe(`${ORIGIN}/mock/smart/auth/jwks`);
    expect(config.grant_types_supported).toEqual(['authorization_code', 'refresh_token', 'client_credentials']);
    expect(config.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post', 'private_key_jwt']);
    expect(config.token_endpoint_auth_signing_alg_values_supported).toEqual(['RS384', 'ES384']);
    // The introspection endpoint takes callers these ways (and refuses anyone else with 401).
    expect(config.introspection_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['private_key_jwt', 'bearer']));
    expect(config.response_types_supported).toEqual(['code']);
    expect(config.code_challenge_methods_supported).toEqual(['S256']);
    expect(config.scopes_supported).toEqual(expect.arrayContaining(['openid', 'fhirUser', 'launch', 'launch/patient', 'offline_access']));
    for (const capability of [
      'launch-ehr',
      'launch-standalone',
      'client-public',
      'client-confidential-symmetric',
      'client-confidential-asymmetric',
      'context-ehr-patient',
      'context-ehr-encounter',
      'context-standalone-patient',
      'context-banner',
      'context-style',
      'sso-openid-connect',
      'permission-offline',
      'permission-online',
      'permission-patient',
      'permission-user',
      'permission-v1',
      'permission-v2',
      'authorize-post',
    ]) {
      expect(config.capabilities).toContain(capability);
    }
  });

  it('puts the scenario segment in every advertised URL', async () => {
    const { server } = makeWorld();
    const segment = encodeScenario({ skipLogin: true });
    const res = await call(server, `${ORIGIN}/mock/smart/s/${segment}/fhir/.well-known/smart-configuration`, {});
    const config = await res.json();
    expect(config.issuer).toBe(`${ORIGIN}/mock/smart/s/${segment}/fhir`);
    expect(config.token_endpoint).toBe(`${ORIGIN}/mock/smart/s/${segment}/auth/token`);
  });

  it('serves the OpenID Connect configuration with RS256 id_tokens', async () => {
    const { server } = makeWorld();
    const res = await call(server, `${endpointsFor().fhirBase}/.well-known/openid-configuration`, {});
    const config = await res.json();
    expect(config.issuer).toBe(endpointsFor().fhirBase);
    expect(config.jwks_uri).toBe(endpointsFor().jwks);
    expect(config.id_token_signing_alg_values_supported).toEqual(['RS256']);
    expect(config.subject_types_supported).toEqual(['public']);
    expect(config.claims_supported).toEqual(expect.arrayContaining(['fhirUser', 'nonce', 'sub', 'aud']));
  });

  it('serves one RSA public key with a kid, and the same key on every call', async () => {
    const { server } = makeWorld();
    const first = await (await call(server, endpointsFor().jwks, {})).json();
    const second = await (await call(server, endpointsFor().jwks, {})).json();
    expect(first.keys).toHaveLength(1);
    expect(first.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(first.keys[0].kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.keys[0].d).toBeUndefined();
    expect(second.keys[0].kid).toBe(first.keys[0].kid);
  });

  it('answers 400 JSON for an unreadable scenario segment', async () => {
    const { server } = makeWorld();
    const res = await call(server, `${ORIGIN}/mock/smart/s/not-json/fhir/.well-known/smart-configuration`, {});
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_request');
  });

  it('leaves the rest of the FHIR base to the FHIR server', async () => {
    const { server } = makeWorld();
    expect(await server(new Request(`${endpointsFor().fhirBase}/Patient/p-anna`))).toBeUndefined();
    expect(await server(new Request(`${endpointsFor().fhirBase}/metadata`))).toBeUndefined();
  });

  it('serves the smart_style_url document', async () => {
    const { server } = makeWorld();
    const res = await call(server, `${ORIGIN}/mock/smart/smart-style.json`, {});
    expect(res.status).toBe(200);
    expect((await res.json()).color_background).toMatch(/^#/);
  });
});
