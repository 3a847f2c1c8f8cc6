/**
 * Grading edge cases on recorded runs: what the HTTP tests cannot reach
 * without waiting (a code redeemed late, a re-authorization after expiry).
 */
import { describe, expect, it } from 'vitest';
import { gradeRun } from '../../../mocks/inspector/grade';
import type { InspectedClient, RecordedRequest, Run } from '../../../mocks/inspector/types';

const ISS = 'http://127.0.0.1:4010/mock/smart/fhir';
const REDIRECT = 'http://localhost:3000/cb';
const T0 = Date.parse('2026-01-01T10:00:00Z');

const client = (runs: Run[] = []): InspectedClient => ({
  client_id: 'app-1',
  kind: 'app',
  registrationAccessToken: 'rat',
  registeredAt: T0,
  expiresAt: T0 + 86_400_000,
  registration: { token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT], scope: 'launch/patient offline_access patient/*.rs' },
  runs,
});

let n = 0;
const req = (kind: RecordedRequest['kind'], at: number, url: string, extra: Partial<RecordedRequest> = {}): RecordedRequest => ({
  id: `r${n++}`,
  at,
  kind,
  method: 'GET',
  url,
  headers: [],
  response: { status: 200 },
  ...extra,
});
const form = (params: Record<string, string>): Partial<RecordedRequest> => ({
  method: 'POST',
  headers: [['content-type', 'application/x-www-form-urlencoded']],
  body: new URLSearchParams(params).toString(),
});

const authorizeUrl = (state = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk') =>
  `${ISS.replace('/fhir', '/auth/authorize')}?${new URLSearchParams({ response_type: 'code', client_id: 'app-1', redirect_uri: REDIRECT, scope: 'launch/patient offline_access patient/*.rs', state, aud: ISS, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`;

function run(at: number, redeemAfterMs: number, id = 'run-1'): Run {
  return {
    id,
    started: at,
    kind: 'app',
    issuer: ISS,
    dropped: 0,
    codesIssued: [at],
    requests: [
      req('discovery', at - 50, `${ISS}/.well-known/smart-configuration`),
      req('authorize', at, authorizeUrl()),
      req('token', at + redeemAfterMs, ISS.replace('/fhir', '/auth/token'), {
        ...form({
          grant_type: 'authorization_code',
          code: 'c',
          redirect_uri: REDIRECT,
          client_id: 'app-1',
          code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        }),
        response: { status: 200, fields: { refresh_token_issued: true, expires_in: 3600, patient: 'p-anna' } },
      }),
    ],
  };
}

const status = (checks: ReturnType<typeof gradeRun>, id: string) => checks.find((c) => c.id === id)?.status;

describe('gradeRun', () => {
  it('passes a prompt redemption, warns at 30 s, fails past the code life', () => {
    expect(status(gradeRun(client(), run(T0, 800), []), 'code')).toBe('pass');
    const late = gradeRun(client(), run(T0, 30_000), []).find((c) => c.id === 'code')!;
    expect(late.status).toBe('warn');
    expect(late.summary).toContain('30 s after it was issued');
    expect(status(gradeRun(client(), run(T0, 75_000), []), 'code')).toBe('fail');
  });

  it('fails a client that authorizes again after its access token expired, though it held a refresh token', () => {
    const first = run(T0, 500, 'first');
    const second = run(T0 + 2 * 3600_000, 500, 'second');
    const checks = gradeRun(client([first, second]), first, []);
    const refresh = checks.find((c) => c.id === 'refresh')!;
    expect(refresh.status).toBe('fail');
    expect(refresh.evidence.map((e) => e.detail)).toEqual(['a refresh token was granted here', 'authorized again']);
    // Before the token expired, re-authorizing is not a fault the server can call: the refresh is just not needed yet.
    expect(status(gradeRun(client([first]), first, []), 'refresh')).toBe('not-observable');
  });

  it("warns on a UUID state (SMART's 122-bit minimum, below 128) and fails a timestamp", () => {
    const withState = (state: string) => ({ ...run(T0, 500), requests: [req('authorize', T0, authorizeUrl(state))] });
    expect(status(gradeRun(client(), withState('3f2504e0-4f89-41d3-9a0c-0305e82c3301'), []), 'state')).toBe('warn');
    expect(status(gradeRun(client(), withState(String(T0)), []), 'state')).toBe('fail');
  });

  it('marks every check not observable while the app has not sent its authorize request (an EHR launch it has not acted on)', () => {
    const waiting: Run = {
      id: 'w',
      started: T0,
      kind: 'app',
      launchId: 'L',
      dropped: 0,
      codesIssued: [],
      requests: [req('ehr-launch', T0, 'http://127.0.0.1:4010/mock/ehr/launch')],
    };
    expect(new Set(gradeRun(client(), waiting, []).map((c) => c.status))).toEqual(new Set(['not-observable']));
  });

  it('fails a scope beyond the registration, naming it', () => {
    const c = client();
    c.registration.scope = 'launch/patient patient/Patient.rs';
    const scope = gradeRun(c, run(T0, 500), []).find((x) => x.id === 'scope')!;
    expect(scope.status).toBe('fail');
    expect(scope.summary).toContain('offline_access');
  });
});
