/**
 * The SMART launch steps run on their own with a fake step context: what they
 * send to the token endpoint, and how they explain what goes wrong.
 */
import { describe, expect, it } from 'vitest';
import { StepFailure, type StepContext } from '../../../src/flows/flow';
import { initialSmartState, type SmartLaunchState } from '../../../src/flows/smart-launch/state';
import {
  atAuthorizationServer,
  buildAuthorizeRequest,
  checkCallback,
  discover,
  exchangeCode,
  readPatient,
  refreshTokens,
} from '../../../src/flows/smart-launch/steps';
import type { Artifact, StepError } from '../../../src/journal/types';
import { encodeScenario } from '../../../mocks/smart-auth/scenario';
import { smartFhirBase } from '../../../mocks/paths';

const APP = 'http://app.test';

interface FakeRun {
  ctx: StepContext<SmartLaunchState>;
  requests: Request[];
  artifacts: Artifact[];
}

type Answer = (req: Request) => Response | Promise<Response>;

function fakeRun(patch: Partial<SmartLaunchState>, answer: Answer, incomingUrl?: string): FakeRun {
  let state: SmartLaunchState = {
    ...initialSmartState('standalone', { origin: APP, mode: 'live' }),
    iss: 'https://fhir.test/r4',
    issuer: 'https://fhir.test/r4',
    authorizationEndpoint: 'https://as.test/authorize',
    tokenEndpoint: 'https://as.test/token',
    ...patch,
  };
  const requests: Request[] = [];
  const artifacts: Artifact[] = [];
  const ctx: StepContext<SmartLaunchState> = {
    get state() {
      return state;
    },
    setState: (p) => (state = { ...state, ...p }),
    fetch: async (input, init) => {
      const req = new Request(input, init);
      requests.push(req.clone());
      return answer(req);
    },
    recordRedirect: () => undefined,
    addArtifact: (a) => artifacts.push(a),
    incomingUrl,
    origin: APP,
  };
  return { ctx, requests, artifacts };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const tokens = () => json({ access_token: 'at-1', token_type: 'Bearer', refresh_token: 'rt-1', scope: 'patient/Patient.rs offline_access', patient: 'p1' });

async function failureOf(run: Promise<unknown>): Promise<StepError> {
  try {
    await run;
  } catch (e) {
    if (e instanceof StepFailure) return e.error;
    throw e;
  }
  throw new Error('The step did not fail');
}

/** Authorize request, then the callback with a code: ready for the token step. */
async function atTokenStep(patch: Partial<SmartLaunchState>, answer: Answer): Promise<FakeRun> {
  const run = fakeRun(patch, answer);
  await buildAuthorizeRequest.run(run.ctx);
  run.ctx.setState({ callbackUrl: `${APP}/callback?code=code-1&state=${encodeURIComponent(run.ctx.state.sentState!)}` });
  return run;
}

const confidential = (secret: string): Partial<SmartLaunchState> => ({
  clientType: 'confidential',
  clientId: 'zorg app',
  clientSecret: secret,
  clientAuth: 'client_secret_basic',
});

describe('client_secret_basic: one encoding for every token request', () => {
  it('the code exchange and the refresh send the same Authorization header for the same client', async () => {
    const run = await atTokenStep(confidential('s:%+é'), () => tokens());
    await exchangeCode.run(run.ctx);
    await refreshTokens.run(run.ctx);
    const [exchange, refresh] = run.requests;
    expect(exchange.headers.get('authorization')).toBeTruthy();
    expect(refresh.headers.get('authorization')).toBe(exchange.headers.get('authorization'));
    // RFC 6749 §2.3.1: form-urlencoded first, then base64.
    const decoded = Buffer.from(exchange.headers.get('authorization')!.replace(/^Basic /, ''), 'base64').toString();
    expect(decoded).toBe('zorg+app:s%3A%25%2B%C3%A9');
  });

  it('the token step says on screen which form it sent and why', async () => {
    const run = await atTokenStep(confidential('s:%+é'), () => tokens());
    await exchangeCode.run(run.ctx);
    const note = run.artifacts.find((a) => a.kind === 'value' && a.label === 'Client authentication');
    expect(note?.kind === 'value' && note.note).toMatch(/RFC 6749 §2\.3\.1/);
  });

  it('the code exchange still sends code, redirect_uri and the PKCE code_verifier', async () => {
    const run = await atTokenStep({}, () => tokens());
    await exchangeCode.run(run.ctx);
    const form = new URLSearchParams(await run.requests[0].text());
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('code')).toBe('code-1');
    expect(form.get('redirect_uri')).toBe(`${APP}/callback`);
    expect(form.get('code_verifier')).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(form.get('client_id')).toBe('playground-public');
    expect(run.ctx.state.patient).toBe('p1');
  });
});

describe('the callback is checked before it is read', () => {
  it('an error callback with a forged state is a CSRF finding, not the error it carries', async () => {
    const run = fakeRun({ sentState: 'the-real-state', callbackUrl: `${APP}/callback?error=access_denied&state=forged` }, () => json({}));
    const error = await failureOf(checkCallback.run(run.ctx));
    expect(error.code).toBe('state_mismatch');
    expect(error.message).toMatch(/access_denied/);
    expect(error.message).toMatch(/CSRF|forg/i);
  });

  it('RFC 9207: an iss in the callback that is not the discovered issuer is refused', async () => {
    const run = fakeRun({ sentState: 's1', callbackUrl: `${APP}/callback?code=c&state=s1&iss=${encodeURIComponent('https://evil.test')}` }, () => json({}));
    const error = await failureOf(checkCallback.run(run.ctx));
    expect(error.code).toBe('issuer_mismatch');
  });

  it('RFC 9207 §2.4: a server that promised iss (authorization_response_iss_parameter_supported) and sends none is refused', async () => {
    const run = fakeRun({ sentState: 's1', issParameterSupported: true, callbackUrl: `${APP}/callback?code=c&state=s1` }, () => json({}));
    const error = await failureOf(checkCallback.run(run.ctx));
    expect(error.code).toBe('issuer_missing');
    expect(error.message).toMatch(/iss/);
  });

  it('a server that did not promise iss may leave it out', async () => {
    const run = fakeRun({ sentState: 's1', callbackUrl: `${APP}/callback?code=c&state=s1` }, () => json({}));
    await expect(checkCallback.run(run.ctx)).resolves.toEqual({ kind: 'done' });
  });
});

describe("the code's life", () => {
  it('the step that receives the code records when it arrived and, for the mock, how long it lives', async () => {
    const iss = smartFhirBase(APP, encodeScenario({ codeLifetime: 600 }));
    const run = fakeRun({ iss, mode: 'mock' }, () => json({}), `${APP}/callback?code=c1&state=s`);
    const before = Date.now();
    await atAuthorizationServer.run(run.ctx);
    expect(Date.parse(run.ctx.state.codeReceivedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(run.ctx.state.codeLifetimeSeconds).toBe(600);
    const code = run.artifacts.find((a) => a.kind === 'value' && a.label === 'code');
    expect(code?.kind === 'value' && code.expiry).toEqual({ since: run.ctx.state.codeReceivedAt, lifetimeSeconds: 600 });
  });

  it("the mock's default is the strict 60 s", async () => {
    const run = fakeRun({ iss: smartFhirBase(APP), mode: 'mock' }, () => json({}), `${APP}/callback?code=c1&state=s`);
    await atAuthorizationServer.run(run.ctx);
    expect(run.ctx.state.codeLifetimeSeconds).toBe(60);
  });

  it("invalid_grant after the code's lifetime says the code expired and offers to restart from the authorize step", async () => {
    const run = await atTokenStep({}, () => json({ error: 'invalid_grant', error_description: 'expired' }, 400));
    run.ctx.setState({ codeReceivedAt: new Date(Date.now() - 120_000).toISOString(), codeLifetimeSeconds: 60 });
    const error = await failureOf(exchangeCode.run(run.ctx));
    expect(error.code).toBe('invalid_grant');
    expect(error.message).toMatch(/expired/);
    expect(error.restartFrom?.stepId).toBe('authorize-request');
  });
});

describe('refresh failures have their own advice', () => {
  it('a refused refresh token means re-authorize, not "codes are single-use"', async () => {
    const run = fakeRun({ refreshToken: 'rt-old' }, () => json({ error: 'invalid_grant', error_description: 'The refresh token has expired.' }, 400));
    const error = await failureOf(refreshTokens.run(run.ctx));
    expect(error.code).toBe('invalid_grant');
    expect(error.message).toMatch(/refresh token/i);
    expect(error.hint).toMatch(/authoriz/i);
    expect(error.hint).not.toMatch(/code_verifier|single-use/);
    expect(error.restartFrom?.stepId).toBe('authorize-request');
  });

  it('a refused client at refresh is about the client credentials, said for refresh', async () => {
    const run = fakeRun({ refreshToken: 'rt-old' }, () => json({ error: 'invalid_client' }, 401));
    const error = await failureOf(refreshTokens.run(run.ctx));
    expect(error.code).toBe('invalid_client');
    expect(error.message).toMatch(/refresh/i);
  });
});

describe('a step run before the step that produces its input', () => {
  it('checking the callback before the browser came back names the step it needs, instead of failing on an empty URL', async () => {
    const run = fakeRun({}, () => json({}));
    const error = await failureOf(checkCallback.run(run.ctx));
    expect(error.code).toBe('missing_previous_step');
    expect(error.message).toContain(atAuthorizationServer.title);
    expect(error.hint).toMatch(/first/);
  });

  it('reading FHIR without an access token names the token step; nothing is sent', async () => {
    const run = fakeRun({ patient: 'p1' }, () => json({}));
    const error = await failureOf(readPatient.run(run.ctx));
    expect(error).toMatchObject({ code: 'missing_previous_step', message: expect.stringContaining(exchangeCode.title) });
    expect(run.requests).toHaveLength(0);
  });

  it('exchanging the code without a discovered token endpoint names discovery', async () => {
    const run = await atTokenStep({ tokenEndpoint: undefined }, tokens);
    const error = await failureOf(exchangeCode.run(run.ctx));
    expect(error).toMatchObject({ code: 'missing_previous_step', message: expect.stringContaining(discover.title) });
  });
});
