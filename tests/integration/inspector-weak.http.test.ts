/**
 * A deliberately weak client, written with plain fetch, against the mock
 * server: each of its mistakes is graded as failing, with the request that
 * shows it. And the registration endpoint's RFC 7591 errors.
 */
import { describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as oauth from 'oauth4webapi';
import { smartEndpoints } from '../../mocks/smart-auth/endpoints';
import { encodeScenario } from '../../mocks/smart-auth/scenario';
import { inspect, register, statuses, type ReportCheck } from './inspector-helpers';
import { mockHttpServerForFile } from '../support/mock-http-server';

const REDIRECT = 'http://localhost:5173/callback';
const server = mockHttpServerForFile({ host: '127.0.0.1' });

const find = (checks: ReportCheck[], id: string) => checks.find((c) => c.id === id)!;

async function authorize(endpoints: ReturnType<typeof smartEndpoints>, params: Record<string, string>) {
  const url = new URL(endpoints.authorize);
  url.search = new URLSearchParams(params).toString();
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

describe('inspector: a weak client', () => {
  it('grades a short state, plain PKCE, a missing aud, another redirect_uri at the token endpoint and a token in the URL as failing, with the evidence', async () => {
    const reg = await register(server.origin, { token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT, 'http://localhost:5173/other'] });
    // A scenario no other test uses, so no one else's discovery request is on record for this issuer.
    const endpoints = smartEndpoints(server.origin, encodeScenario({ patient: 'p-grace', skipLogin: true, skipConsent: true, practitioner: 'pr-noor' }));
    const base = { response_type: 'code', client_id: reg.client_id, redirect_uri: REDIRECT, scope: 'launch/patient patient/*.rs' };
    const verifier = oauth.generateRandomCodeVerifier();
    const challenge = await oauth.calculatePKCECodeChallenge(verifier);

    // Run 1: a 6-character state and plain PKCE (the server refuses it).
    const r1 = await authorize(endpoints, { ...base, state: 'abc123', aud: endpoints.fhirBase, code_challenge: verifier, code_challenge_method: 'plain' });
    expect(r1.searchParams.get('error')).toBe('invalid_request');
    // Run 2: no aud (refused too).
    await authorize(endpoints, { ...base, state: oauth.generateRandomState(), code_challenge: challenge, code_challenge_method: 'S256' });
    // Run 3: a good authorize, then another redirect_uri at the token endpoint.
    const r3 = await authorize(endpoints, {
      ...base,
      state: oauth.generateRandomState(),
      aud: endpoints.fhirBase,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const t3 = await fetch(endpoints.token, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: r3.searchParams.get('code')!,
        redirect_uri: 'http://localhost:5173/other',
        client_id: reg.client_id,
        code_verifier: verifier,
      }),
    });
    expect(t3.status).toBe(400);
    // Run 4: a good code exchange, then the token in the query string.
    const r4 = await authorize(endpoints, {
      ...base,
      state: oauth.generateRandomState(),
      aud: endpoints.fhirBase,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const t4 = await fetch(endpoints.token, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: r4.searchParams.get('code')!,
        redirect_uri: REDIRECT,
        client_id: reg.client_id,
        code_verifier: verifier,
      }),
    });
    const { access_token } = (await t4.json()) as { access_token: string };
    const read = await fetch(`${endpoints.fhirBase}/Patient/p-grace?access_token=${encodeURIComponent(access_token)}`);
    expect(read.status).toBe(401);

    const { runs } = await inspect(reg);
    expect(runs).toHaveLength(4);
    const [one, two, three, four] = runs.map((r) => r.checks);

    expect(statuses(one)).toMatchObject({ discovery: 'fail', state: 'fail', pkce: 'fail' });
    expect(find(one, 'state').summary).toMatch(/at most \d+ bits/);
    expect(find(one, 'state').evidence[0].url).toContain('state=abc123');
    expect(find(one, 'pkce').summary).toContain('"plain"');

    expect(find(two, 'aud').status).toBe('fail');
    expect(find(two, 'aud').summary).toContain('has no aud');
    expect(find(two, 'aud').evidence[0].detail).toBe('aud is missing');

    const redirect = find(three, 'redirect-uri');
    expect(redirect.status).toBe('fail');
    expect(redirect.evidence.map((e) => e.detail)).toEqual([`redirect_uri: ${REDIRECT}`, 'redirect_uri: http://localhost:5173/other']);
    expect(redirect.evidence[1].body).toContain('redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Fother');

    const bearer = find(four, 'fhir-bearer');
    expect(bearer.status).toBe('fail');
    expect(bearer.evidence[0].detail).toBe('access_token in the query');
    // The evidence shows where the token was, not the token.
    expect(bearer.evidence[0].url).toContain('access_token=');
    expect(bearer.evidence[0].url).not.toContain(access_token);
  });

  it('grades a reused jti of a backend client as failing, with both assertions as evidence', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS384');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS384' };
    const reg = await register(server.origin, {
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['client_credentials'],
      jwks: { keys: [jwk] },
      scope: 'system/Patient.rs',
    });
    const { token } = smartEndpoints(server.origin);
    const assertion = () =>
      new SignJWT({ jti: 'always-the-same' })
        .setProtectedHeader({ alg: 'RS384', kid: 'k1', typ: 'JWT' })
        .setIssuer(reg.client_id)
        .setSubject(reg.client_id)
        .setAudience(token)
        .setExpirationTime('4m')
        .sign(privateKey);
    const ask = async () =>
      fetch(token, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          scope: 'system/Patient.rs',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await assertion(),
        }),
      });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(401);

    const { runs } = await inspect(reg);
    expect(runs).toHaveLength(2);
    expect(statuses(runs[0].checks)).toMatchObject({
      'assertion-iss-sub': 'pass',
      'assertion-aud': 'pass',
      'assertion-exp': 'pass',
      'assertion-jti': 'pass',
      'assertion-kid-alg': 'pass',
      'token-request': 'pass',
    });
    const jti = find(runs[1].checks, 'assertion-jti');
    expect(jti.status).toBe('fail');
    expect(jti.summary).toContain('jti "always-the-same" was already used');
    expect(jti.evidence[0].body).toContain('client_assertion=');
  });
});

describe('registration of apps (RFC 7591)', () => {
  const post = (body: unknown) =>
    fetch(`${server.origin}/mock/smart/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('refuses bad redirect URIs with invalid_redirect_uri and says why', async () => {
    for (const [uri, why] of [
      ['/callback', 'not an absolute URL'],
      ['https://app.example/cb#frag', 'fragment'],
      ['http://app.example/cb', 'only on a loopback host'],
    ] as const) {
      const res = await post({ token_endpoint_auth_method: 'none', redirect_uris: [uri] });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; error_description: string };
      expect(body.error).toBe('invalid_redirect_uri');
      expect(body.error_description).toContain(why);
    }
    const none = await post({ token_endpoint_auth_method: 'none' });
    expect(((await none.json()) as { error: string }).error).toBe('invalid_redirect_uri');
  });

  it('refuses an unknown auth method with invalid_client_metadata, naming the supported ones', async () => {
    const res = await post({ token_endpoint_auth_method: 'client_secret_jwt', redirect_uris: [REDIRECT] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_client_metadata');
    expect(body.error_description).toContain('"none"');
    expect(body.error_description).toContain('client_secret_post');
  });

  it('answers a confidential app per RFC 7591 §3.2.1, and the inspector wants its registration_access_token', async () => {
    const reg = await register(server.origin, {
      client_name: 'Ward app',
      token_endpoint_auth_method: 'client_secret_post',
      redirect_uris: ['https://ward.example/cb'],
      launch_uri: 'https://ward.example/launch',
      scope: 'launch user/*.rs',
    });
    expect(reg).toMatchObject({
      client_name: 'Ward app',
      token_endpoint_auth_method: 'client_secret_post',
      redirect_uris: ['https://ward.example/cb'],
      launch_uri: 'https://ward.example/launch',
      scope: 'launch user/*.rs',
      grant_types: ['authorization_code'],
    });
    expect(typeof reg.client_id_issued_at).toBe('number');
    expect(reg.client_secret_expires_at).toBe((reg.client_id_issued_at as number) + 24 * 3600);
    expect((await fetch(reg.inspector_uri)).status).toBe(401);
    expect((await fetch(reg.inspector_uri, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401);
    // The authorization server knows it like a built-in client: exact redirect URI, its scope ceiling.
    const endpoints = smartEndpoints(server.origin);
    const wrong = await fetch(
      `${endpoints.authorize}?${new URLSearchParams({ response_type: 'code', client_id: reg.client_id, redirect_uri: 'https://ward.example/cb/', scope: 'launch/patient', state: 'x'.repeat(43), aud: endpoints.fhirBase })}`,
      { redirect: 'manual' },
    );
    expect(wrong.status).toBe(400);
    const beyond = await fetch(
      `${endpoints.authorize}?${new URLSearchParams({ response_type: 'code', client_id: reg.client_id, redirect_uri: 'https://ward.example/cb', scope: 'patient/*.cruds', state: 'x'.repeat(43), aud: endpoints.fhirBase })}`,
      { redirect: 'manual' },
    );
    expect(new URL(beyond.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
  });
});
