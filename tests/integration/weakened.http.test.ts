/**
 * The code interception lab over real HTTP (`npm run mock-server`): an app's
 * authorization code is read by an attacker, who redeems it without the PKCE
 * verifier. With the scenario's pkce-optional switch the attacker gets tokens;
 * with the defence on the code is useless to them.
 */
import { describe, expect, it } from 'vitest';
import * as oauth from 'oauth4webapi';
import { smartEndpoints } from '../../mocks/smart-auth/endpoints';
import { encodeScenario, type Scenario } from '../../mocks/smart-auth/scenario';
import { mockHttpServerForFile } from '../support/mock-http-server';

const REDIRECT_URI = 'http://localhost:5173/callback';
const CLIENT_ID = 'playground-public';

const server = mockHttpServerForFile();

/** The app's authorization request (with PKCE or without); the code as the redirect carries it. */
async function appAuthorizes(scenario: Scenario, pkce: { challenge: string } | undefined) {
  const endpoints = smartEndpoints(server.origin, encodeScenario(scenario));
  const url = new URL(endpoints.authorize);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: 'launch/patient patient/Patient.rs',
    state: oauth.generateRandomState(),
    aud: endpoints.fhirBase,
    ...(pkce ? { code_challenge: pkce.challenge, code_challenge_method: 'S256' } : {}),
  }).toString();
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return { endpoints, callback: new URL(res.headers.get('location')!) };
}

/** The attacker's move: the intercepted code, redeemed with no verifier (or one it made up). */
function attackerRedeems(tokenUrl: string, code: string, verifier?: string) {
  return fetch(tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: CLIENT_ID,
      ...(verifier ? { code_verifier: verifier } : {}),
    }),
  });
}

describe('attack lab: authorization code interception over HTTP', () => {
  it('with pkce-optional, an intercepted code is redeemed without a verifier', async () => {
    const scenario: Scenario = { patient: 'p-bram', skipLogin: true, skipConsent: true, weaken: ['pkce-optional'] };
    const discovery = await (await fetch(`${smartEndpoints(server.origin, encodeScenario(scenario)).fhirBase}/.well-known/smart-configuration`)).json();
    expect(discovery['x-playground-weakened']).toEqual(['pkce-optional']);

    const { endpoints, callback } = await appAuthorizes(scenario, undefined);
    const code = callback.searchParams.get('code');
    expect(code).toBeTruthy();

    const res = await attackerRedeems(endpoints.token, code!);
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as { access_token: string; patient: string };
    expect(tokens.patient).toBe('p-bram');
    // The stolen token reads the patient's record.
    const read = await fetch(`${endpoints.fhirBase}/Patient/p-bram`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(read.status).toBe(200);
  });

  it('with the defence on, the app must use PKCE, and the intercepted code is refused to the attacker', async () => {
    const scenario: Scenario = { patient: 'p-bram', skipLogin: true, skipConsent: true };
    // An app without PKCE gets no code at all.
    const { callback: refused } = await appAuthorizes(scenario, undefined);
    expect(refused.searchParams.get('error')).toBe('invalid_request');
    expect(refused.searchParams.has('code')).toBe(false);

    const verifier = oauth.generateRandomCodeVerifier();
    const { endpoints, callback } = await appAuthorizes(scenario, { challenge: await oauth.calculatePKCECodeChallenge(verifier) });
    const code = callback.searchParams.get('code')!;

    const bare = await attackerRedeems(endpoints.token, code);
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { error: string }).error).toBe('invalid_request');
    const guessed = await attackerRedeems(endpoints.token, code, oauth.generateRandomCodeVerifier());
    expect(guessed.status).toBe(400);
    expect(((await guessed.json()) as { error: string }).error).toBe('invalid_grant');
  });
});
