/**
 * An independent, strict client (oauth4webapi) completes the SMART standalone
 * flow against `npm run mock-server` over real HTTP: discovery, authorize with
 * PKCE (a skip scenario answers the 302 straight away), the token exchange, the
 * id_token checked against the JWKS, a FHIR read, refresh and introspection.
 */
import { describe, expect, it } from 'vitest';
import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { smartEndpoints } from '../../mocks/smart-auth/endpoints';
import { encodeScenario } from '../../mocks/smart-auth/scenario';
import { mockHttpServerForFile } from '../support/mock-http-server';

const REDIRECT_URI = 'http://localhost:5173/callback';
const insecure = { [oauth.allowInsecureRequests]: true };

const server = mockHttpServerForFile();

async function authorize(fhirBase: string, as: oauth.AuthorizationServer, client: oauth.Client, scope: string) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: REDIRECT_URI,
    scope,
    state,
    nonce,
    aud: fhirBase,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  const params = oauth.validateAuthResponse(as, client, location, state);
  return { params, verifier, nonce };
}

describe('SMART mock servers over HTTP, driven by oauth4webapi', () => {
  it('completes discovery, code + PKCE, token, id_token, FHIR read, refresh and introspection', async () => {
    const scenario = encodeScenario({ patient: 'p-chloe', skipLogin: true, skipConsent: true });
    const { fhirBase } = smartEndpoints(server.origin, scenario);
    const issuer = new URL(fhirBase);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }));
    expect(as.token_endpoint).toBe(smartEndpoints(server.origin, scenario).token);

    // SMART's own document says what SMART adds.
    const smart = (await (await fetch(`${fhirBase}/.well-known/smart-configuration`)).json()) as Record<string, unknown>;
    expect(smart.code_challenge_methods_supported).toEqual(['S256']);
    expect(smart.capabilities).toEqual(expect.arrayContaining(['launch-standalone', 'client-confidential-symmetric', 'sso-openid-connect']));

    const client: oauth.Client = { client_id: 'playground-confidential' };
    const auth = oauth.ClientSecretBasic('playground-secret');
    const scope = 'launch/patient openid fhirUser offline_access patient/Patient.rs patient/Observation.rs';
    const { params, verifier, nonce } = await authorize(fhirBase, as, client, scope);

    const tokenRes = await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, verifier, insecure);
    expect(tokenRes.headers.get('cache-control')).toContain('no-store');
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, tokenRes, { expectedNonce: nonce, requireIdToken: true });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.patient).toBe('p-chloe');
    expect(tokens.refresh_token).toBeTruthy();

    // oauth4webapi checks the id_token's claims; the signature is checked here against jwks_uri.
    const claims = oauth.getValidatedIdTokenClaims(tokens)!;
    expect(claims.nonce).toBe(nonce);
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(as.jwks_uri!)), {
      issuer: fhirBase,
      audience: client.client_id,
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(protectedHeader.kid).toBeTruthy();
    expect(payload.fhirUser).toMatch(/Patient\/p-chloe$/);

    const patientRes = await oauth.protectedResourceRequest(tokens.access_token, 'GET', new URL(`${fhirBase}/Patient/p-chloe`), undefined, undefined, insecure);
    expect(patientRes.status).toBe(200);
    const patient = (await patientRes.json()) as { name: { text: string }[] };
    expect(patient.name[0].text).toBe('Chloé Bakker');

    // Another patient is outside the compartment the token allows.
    const other = await oauth.protectedResourceRequest(tokens.access_token, 'GET', new URL(`${fhirBase}/Patient/p-anna`), undefined, undefined, insecure);
    expect(other.status).toBe(403);

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, insecure),
    );
    expect(refreshed.access_token).not.toBe(tokens.access_token);

    const intro = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, refreshed.access_token, insecure));
    expect(intro.active).toBe(true);
    expect(intro.client_id).toBe('playground-confidential');
    expect(intro.patient).toBe('p-chloe');
  });

  it('refuses a replayed code with invalid_grant, and revokes what the code issued', async () => {
    const scenario = encodeScenario({ patient: 'p-anna', skipLogin: true, skipConsent: true });
    const { fhirBase } = smartEndpoints(server.origin, scenario);
    const issuer = new URL(fhirBase);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }));
    const client: oauth.Client = { client_id: 'playground-public' };
    const none = oauth.None();
    const { params, verifier } = await authorize(fhirBase, as, client, 'launch/patient patient/Patient.rs');
    const first = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, none, params, REDIRECT_URI, verifier, insecure),
    );

    const replay = await oauth.authorizationCodeGrantRequest(as, client, none, params, REDIRECT_URI, verifier, insecure);
    await expect(oauth.processAuthorizationCodeResponse(as, client, replay)).rejects.toMatchObject({ error: 'invalid_grant' });

    const read = await fetch(`${fhirBase}/Patient/p-anna`, { headers: { Authorization: `Bearer ${first.access_token}` } });
    expect(read.status).toBe(401);
    expect(read.headers.get('www-authenticate')).toContain('invalid_token');
  });
});
