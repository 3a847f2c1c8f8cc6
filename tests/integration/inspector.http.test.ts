/**
 * The inspector over real HTTP: apps register dynamically (RFC 7591), run a
 * SMART launch against `npm run mock-server`, and their runs are graded
 * against the SMART client checklist. fhirclient and oauth4webapi, used as
 * their docs say, grade all-pass (or not observable).
 */
import { describe, expect, it } from 'vitest';
import * as oauth from 'oauth4webapi';
import { smartEndpoints } from '../../mocks/smart-auth/endpoints';
import { encodeScenario } from '../../mocks/smart-auth/scenario';
import { expectAllPassOrNotObservable, inspect, register, statuses } from './inspector-helpers';
import { appRequest, appResponse, sessionStore, smart } from './fhirclient-node';
import { mockHttpServerForFile } from '../support/mock-http-server';

const APP = 'http://localhost:5173';
const insecure = { [oauth.allowInsecureRequests]: true };

/** A state with 256 bits: fhirclient's own default (16 letters and digits) holds about 95. */
const strongState = () => oauth.generateRandomState();

const server = mockHttpServerForFile({ host: '127.0.0.1' });

describe('inspector: well-behaved clients', () => {
  it('oauth4webapi: registers a confidential app, runs a standalone launch with a skip scenario, reads and refreshes: every check passes or is not observable', async () => {
    const reg = await register(server.origin, {
      client_name: 'oauth4webapi app',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      redirect_uris: [`${APP}/callback`],
      scope: 'launch/patient openid fhirUser offline_access patient/*.rs',
    });
    expect(reg.client_secret).toBeTruthy();
    const scenario = encodeScenario({ patient: 'p-anna', skipLogin: true, skipConsent: true });
    const { fhirBase } = smartEndpoints(server.origin, scenario);
    const issuer = new URL(fhirBase);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }));
    const client: oauth.Client = { client_id: reg.client_id };
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: reg.client_id,
      redirect_uri: `${APP}/callback`,
      scope: 'launch/patient openid fhirUser offline_access patient/Patient.rs patient/Observation.rs',
      state,
      nonce,
      aud: fhirBase,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const answer = await fetch(url, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const params = oauth.validateAuthResponse(as, client, new URL(answer.headers.get('location')!), state);
    const auth = oauth.ClientSecretBasic(reg.client_secret!);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, auth, params, `${APP}/callback`, verifier, insecure),
      { expectedNonce: nonce, requireIdToken: true },
    );
    const patient = await oauth.protectedResourceRequest(
      tokens.access_token,
      'GET',
      new URL(`${fhirBase}/Patient/${String(tokens.patient)}`),
      undefined,
      undefined,
      insecure,
    );
    expect(patient.status).toBe(200);
    await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, insecure));

    const report = await inspect(reg);
    expect(report.runs).toHaveLength(1);
    const [run] = report.runs;
    expect(run.requests.map((r) => r.kind)).toEqual(['discovery', 'authorize', 'token', 'fhir', 'token']);
    expectAllPassOrNotObservable(run.checks);
    expect(statuses(run.checks)).toMatchObject({
      discovery: 'pass',
      state: 'pass',
      pkce: 'pass',
      aud: 'pass',
      launch: 'pass',
      scope: 'pass',
      'redirect-uri': 'pass',
      'token-request': 'pass',
      code: 'pass',
      'fhir-bearer': 'pass',
      'fhir-scope': 'pass',
      refresh: 'pass',
      'state-compared': 'not-observable',
      'id-token-verified': 'not-observable',
    });
    // Evidence is masked: the client secret and the code never appear.
    const text = JSON.stringify(report);
    expect(text).not.toContain(reg.client_secret!);
    expect(text).not.toContain(params.get('code')!);
    expect(text).not.toContain(tokens.access_token);
  });

  it('fhirclient: a public app launched from the EHR (with its client_id) passes the launch through and grades all-pass', async () => {
    const reg = await register(server.origin, {
      client_name: 'fhirclient app',
      token_endpoint_auth_method: 'none',
      redirect_uris: [`${APP}/callback`],
      launch_uri: `${APP}/launch`,
      scope: 'launch openid fhirUser patient/*.rs',
    });
    expect(reg.client_secret).toBeUndefined();
    const launched = await fetch(`${server.origin}/mock/ehr/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ patient: 'p-bram', practitioner: 'pr-lotte', client_id: reg.client_id, scenario: { skipLogin: true, skipConsent: true } }),
    });
    expect(launched.status).toBe(200);
    const { location, launch } = (await launched.json()) as { location: string; launch: string };
    const launchUrl = new URL(location);
    expect(launchUrl.origin + launchUrl.pathname).toBe(`${APP}/launch`);

    const store = sessionStore();
    const toServer = appResponse();
    await smart(appRequest(launchUrl.pathname + launchUrl.search), toServer, store).authorize({
      clientId: reg.client_id,
      scope: 'launch openid fhirUser patient/*.rs',
      redirectUri: '/callback',
      pkceMode: 'required',
      stateKey: strongState(),
    });
    expect(new URL(toServer.location).searchParams.get('launch')).toBe(launch);
    const back = await fetch(toServer.location, { redirect: 'manual' });
    expect(back.status).toBe(302);
    const callback = new URL(back.headers.get('location')!);
    const client = await smart(appRequest(callback.pathname + callback.search), appResponse(), store).ready();
    expect(client.patient.id).toBe('p-bram');
    const patient = await client.request<{ id: string }>(`Patient/${client.patient.id}`);
    expect(patient.id).toBe('p-bram');

    const report = await inspect(reg);
    expect(report.runs).toHaveLength(1);
    const [run] = report.runs;
    expect(run.requests.map((r) => r.kind)).toEqual(['ehr-launch', 'discovery', 'authorize', 'token', 'fhir']);
    expectAllPassOrNotObservable(run.checks);
    expect(statuses(run.checks)).toMatchObject({ discovery: 'pass', launch: 'pass', state: 'pass', pkce: 'pass', 'fhir-bearer': 'pass', refresh: 'pass' });
  });

  it('a launch through the sign-in and consent pages: the code the pages send back is tied to the run by its state', async () => {
    const reg = await register(server.origin, { token_endpoint_auth_method: 'none', redirect_uris: [`${APP}/callback`] });
    const { fhirBase, authorize: authorizeEndpoint, token } = smartEndpoints(server.origin);
    await fetch(`${fhirBase}/.well-known/smart-configuration`);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: reg.client_id,
      redirect_uri: `${APP}/callback`,
      scope: 'launch/patient patient/*.rs',
      state,
      aud: fhirBase,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    // The browser's navigation: the server answers with its own page (not served in this API-only server).
    await fetch(`${authorizeEndpoint}?${query}`, { redirect: 'manual' });
    const act = async (body: Record<string, unknown>) =>
      (await (await fetch(authorizeEndpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as {
        session?: string;
        scopes?: { scope: string }[];
        location?: string;
      };
    const login = await act({ action: 'view', query: `?${query}` });
    const consent = await act({ action: 'login', session: login.session, username: 'p-emma', password: 'pw' });
    const back = await act({ action: 'consent', session: consent.session, scopes: consent.scopes!.map((x) => x.scope) });
    const code = new URL(back.location!).searchParams.get('code')!;
    const tokens = (await (
      await fetch(token, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: `${APP}/callback`,
          client_id: reg.client_id,
          code_verifier: verifier,
        }),
      })
    ).json()) as { access_token: string; patient: string };
    expect(tokens.patient).toBe('p-emma');
    await fetch(`${fhirBase}/Patient/p-emma`, { headers: { authorization: `Bearer ${tokens.access_token}` } });

    const { runs } = await inspect(reg);
    // The pages' own requests are the server's, not the app's: a second authorize run is not started by them.
    expect(runs).toHaveLength(1);
    expect(runs[0].requests.map((r) => r.kind)).toEqual(['discovery', 'authorize', 'token', 'fhir']);
    expectAllPassOrNotObservable(runs[0].checks);
    expect(statuses(runs[0].checks)).toMatchObject({ code: 'pass', 'fhir-scope': 'pass' });
  });

  it("fhirclient: a standalone launch with fhirclient's default state is graded: 16 letters and digits hold about 95 bits, below 128", async () => {
    const reg = await register(server.origin, { token_endpoint_auth_method: 'none', redirect_uris: [`${APP}/callback`] });
    const scenario = encodeScenario({ patient: 'p-daan', skipLogin: true, skipConsent: true });
    const store = sessionStore();
    const toServer = appResponse();
    await smart(appRequest('/launch'), toServer, store).authorize({
      iss: smartEndpoints(server.origin, scenario).fhirBase,
      clientId: reg.client_id,
      scope: 'launch/patient patient/Patient.rs',
      redirectUri: '/callback',
      pkceMode: 'required',
    });
    const back = await fetch(toServer.location, { redirect: 'manual' });
    const callback = new URL(back.headers.get('location')!);
    const client = await smart(appRequest(callback.pathname + callback.search), appResponse(), store).ready();
    await client.request(`Patient/${client.patient.id}`);

    const [run] = (await inspect(reg)).runs;
    const state = run.checks.find((c) => c.id === 'state')!;
    expect(state.status).toBe('fail');
    expect(state.summary).toContain('16 characters × log2(62)');
    expect(state.summary).toMatch(/at most 95 bits/);
    // Everything else fhirclient does is right.
    expectAllPassOrNotObservable(run.checks.filter((c) => c.id !== 'state'));
  });
});
