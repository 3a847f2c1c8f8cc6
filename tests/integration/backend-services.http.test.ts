import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { mockHttpServerForFile } from '../support/mock-http-server';

/**
 * SMART Backend Services over real HTTP, driven by oauth4webapi: a strict
 * client library that knows nothing of the playground. If it can register,
 * get a token with private_key_jwt, read FHIR and introspect, so can any client.
 */
const server = mockHttpServerForFile();

const insecure = { [oauth.allowInsecureRequests]: true } as const;

async function backendClient(alg: 'RS384' | 'ES384', registration: 'by-value' | 'by-url') {
  const fhirBase = `${server.origin}/mock/smart/fhir`;
  const config = (await (await fetch(`${fhirBase}/.well-known/smart-configuration`)).json()) as {
    token_endpoint: string;
    introspection_endpoint: string;
    registration_endpoint: string;
    token_endpoint_auth_signing_alg_values_supported: string[];
  };
  expect(config.token_endpoint_auth_signing_alg_values_supported).toContain(alg);

  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  const jwks = { keys: [{ ...jwk, kid, alg }] };
  const keys: Record<string, unknown> = {};
  if (registration === 'by-url') {
    const hosted = await fetch(`${server.origin}/mock/smart/jwks-host`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(jwks),
    });
    expect(hosted.status).toBe(201);
    keys.jwks_uri = ((await hosted.json()) as { url: string }).url;
    // The hosted JWK Set is served over HTTP like any jwks_uri.
    expect(await (await fetch(keys.jwks_uri as string)).json()).toEqual(jwks);
  } else {
    keys.jwks = jwks;
  }
  const registered = await fetch(config.registration_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials'], scope: 'system/Patient.rs', ...keys }),
  });
  expect(registered.status).toBe(201);
  const { client_id } = (await registered.json()) as { client_id: string };

  const as: oauth.AuthorizationServer = {
    issuer: fhirBase,
    token_endpoint: config.token_endpoint,
    introspection_endpoint: config.introspection_endpoint,
  };
  const client: oauth.Client = { client_id };
  // SMART wants the token endpoint as aud; oauth4webapi defaults to the issuer.
  const auth = (jti?: string) =>
    oauth.PrivateKeyJwt(
      { key: privateKey, kid },
      {
        [oauth.modifyAssertion]: (_header, payload) => {
          payload.aud = config.token_endpoint;
          if (jti) payload.jti = jti;
        },
      },
    );
  return { fhirBase, as, client, auth, client_id, key: { key: privateKey, kid } };
}

describe('SMART Backend Services over real HTTP (oauth4webapi)', () => {
  it.each([
    ['RS384', 'by-value'],
    ['ES384', 'by-url'],
  ] as const)('%s, key registered %s: client_credentials, a FHIR read and introspection', async (alg, registration) => {
    const { fhirBase, as, client, auth, client_id } = await backendClient(alg, registration);
    const response = await oauth.clientCredentialsGrantRequest(as, client, auth(), { scope: 'system/Patient.rs' }, insecure);
    const token = await oauth.processClientCredentialsResponse(as, client, response);
    expect(token.token_type).toBe('bearer');
    expect(token.expires_in).toBeLessThanOrEqual(300);
    expect(token.scope).toBe('system/Patient.rs');

    const patient = await fetch(`${fhirBase}/Patient/p-anna`, { headers: { authorization: `Bearer ${token.access_token}`, accept: 'application/fhir+json' } });
    expect(patient.status).toBe(200);
    expect((await patient.json()) as { resourceType: string; id: string }).toMatchObject({ resourceType: 'Patient', id: 'p-anna' });

    const introspection = await oauth.introspectionRequest(as, client, auth(), token.access_token, insecure);
    const info = await oauth.processIntrospectionResponse(as, client, introspection);
    expect(info).toMatchObject({ active: true, client_id, scope: 'system/Patient.rs' });

    const unknown = await oauth.introspectionRequest(as, client, auth(), 'never-issued', insecure);
    expect(await oauth.processIntrospectionResponse(as, client, unknown)).toEqual({ active: false });
  });

  it('refuses a replayed jti with invalid_client', async () => {
    const { as, client, auth } = await backendClient('RS384', 'by-value');
    const jti = crypto.randomUUID();
    const first = await oauth.clientCredentialsGrantRequest(as, client, auth(jti), { scope: 'system/Patient.rs' }, insecure);
    await oauth.processClientCredentialsResponse(as, client, first);
    const again = await oauth.clientCredentialsGrantRequest(as, client, auth(jti), { scope: 'system/Patient.rs' }, insecure);
    expect(again.status).toBe(401);
    const body = (await again.clone().json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_client');
    expect(body.error_description).toContain(`jti ${jti} was already used`);
    // oauth4webapi, too, refuses to treat the answer as a token.
    await expect(oauth.processClientCredentialsResponse(as, client, again)).rejects.toThrow();
  });

  it("refuses the issuer as aud (oauth4webapi's default): SMART wants the token endpoint", async () => {
    const { as, client, key } = await backendClient('ES384', 'by-value');
    // The registered key and kid: only aud (the issuer, oauth4webapi's default) is wrong.
    const response = await oauth.clientCredentialsGrantRequest(as, client, oauth.PrivateKeyJwt(key), { scope: 'system/Patient.rs' }, insecure);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_client');
    expect(body.error_description).toBe(`aud must be the token endpoint ${as.token_endpoint}, got "${as.issuer}"`);
  });
});
