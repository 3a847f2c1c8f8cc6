import { exportPKCS8, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../mocks/core/store';
import { combine, type MockEnv } from '../../mocks/core/server';
import { createSmartAuthServer } from '../../mocks/smart-auth/server';
import { createBackendRegistrationServer } from '../../mocks/smart-auth/backend/registration';
import { createFhirServer } from '../../mocks/fhir/server';
import { backendServicesModule, type BackendState } from '../../src/flows/backend-services/index';
import { FlowRunner } from '../../src/flows/runner';
import type { Artifact, Exchange, StepRecord } from '../../src/journal/types';
import { MemoryStorage } from '../support/memory-storage';

/** The backend services flow, step by step, against the mock servers in this process (as the browser's worker serves them). */
const ORIGIN = 'http://localhost:5173';

/** `rewrite` may change an answer of the mocks, to play a server that differs (it sees the request's URL and headers). */
function runnerWith(patch: Partial<BackendState>, rewrite?: (request: Request, res: Response) => Promise<Response>) {
  const env: MockEnv = { store: new MemoryStore(), now: Date.now, appOrigins: [ORIGIN], transport: 'worker' };
  // The three servers backend services talks to, in the order mocks/servers.ts combines them.
  const servers = combine(createSmartAuthServer(env), createBackendRegistrationServer(env), createFhirServer(env));
  const baseFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const answer = (await servers(request)) ?? new Response('no mock answers here', { status: 404 });
    return rewrite ? rewrite(request, answer) : answer;
  };
  const runner = new FlowRunner(backendServicesModule, { storage: new MemoryStorage(), origin: ORIGIN, mode: 'mock', baseFetch });
  runner.updateState(patch);
  return { runner, env };
}

const step = (runner: FlowRunner<BackendState>, id: string): StepRecord => runner.current.steps.find((s) => s.id === id)!;
const artifacts = <K extends Artifact['kind']>(s: StepRecord, kind: K) => s.artifacts.filter((a): a is Extract<Artifact, { kind: K }> => a.kind === kind);
const http = (s: StepRecord) => s.exchanges.filter((e): e is Extract<Exchange, { kind: 'http' }> => e.kind === 'http');

describe('SMART Backend Services flow against the mocks', () => {
  it.each([
    ['RS384', 'by-value'],
    ['ES384', 'by-url'],
  ] as const)('%s key registered %s: token, FHIR search and introspection', async (alg, registration) => {
    const { runner } = runnerWith({ alg, registration });
    await runner.runToEnd();
    expect(runner.phase()).toEqual({ kind: 'finished' });
    const s = runner.state;
    expect(s.client_id).toMatch(/^backend-/);
    expect(s.tokenEndpoint).toBe(`${ORIGIN}/mock/smart/auth/token`);

    const register = http(step(runner, 'register'));
    expect(register.map((e) => e.request.url)).toEqual(
      registration === 'by-url' ? [`${ORIGIN}/mock/smart/jwks-host`, `${ORIGIN}/mock/smart/auth/register`] : [`${ORIGIN}/mock/smart/auth/register`],
    );

    const [jwt] = artifacts(step(runner, 'sign'), 'jwt');
    expect(jwt.header).toMatchObject({ alg, kid: s.kid, typ: 'JWT', ...(registration === 'by-url' ? { jku: s.jwksUri } : {}) });
    expect(jwt.payload).toMatchObject({ iss: s.client_id, sub: s.client_id, aud: s.tokenEndpoint });
    expect(jwt.signature.kind).toBe('valid');

    const [tokenCall] = http(step(runner, 'token'));
    const form = new URLSearchParams(tokenCall.request.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_assertion')).toBe(jwt.compact);
    expect(tokenCall.response?.status).toBe(200);
    expect(s.expiresIn).toBeLessThanOrEqual(300);
    expect(artifacts(step(runner, 'token'), 'scopes')[0].granted).toEqual(['system/Patient.rs', 'system/Observation.rs']);

    const [patients] = artifacts(step(runner, 'fhir-search'), 'table');
    expect(patients.rows.length).toBeGreaterThan(0);
    expect(patients.rows.length).toBeLessThanOrEqual(5);

    const [introspection] = http(step(runner, 'introspect'));
    const introspectionAssertion = new URLSearchParams(introspection.request.body).get('client_assertion');
    expect(introspectionAssertion).not.toBe(jwt.compact);
    expect(JSON.parse(introspection.response!.body!)).toMatchObject({ active: true, client_id: s.client_id, scope: s.grantedScope });
    const [unknown] = http(step(runner, 'introspect-unknown'));
    expect(JSON.parse(unknown.response!.body!)).toEqual({ active: false });
  });

  it('replayed jti: the first request gets a token, the second use of the same assertion is refused', async () => {
    const { runner } = runnerWith({ attack: 'replayed-jti' });
    await runner.runToEnd();
    const token = step(runner, 'token');
    expect(token.status.kind).toBe('failed');
    const calls = http(token);
    expect(calls).toHaveLength(2);
    expect(calls[0].request.body).toBe(calls[1].request.body);
    expect(calls[0].response?.status).toBe(200);
    expect(calls[1].response?.status).toBe(401);
    if (token.status.kind !== 'failed') return;
    expect(token.status.error.code).toBe('invalid_client');
    expect(token.status.error.cause).toContain('already used');
    expect(token.status.error.message).toContain('as a strict server must');
  });

  it.each([
    ['exp-10-min', 'allows at most 300 s'],
    ['wrong-aud', 'aud must be the token endpoint'],
    ['unregistered-key', 'signature does not verify'],
    ['alg-hs256', 'alg HS256 is a shared-secret MAC'],
  ] as const)('%s is refused at the token endpoint and the reason is on screen', async (attack, reason) => {
    const { runner } = runnerWith({ attack });
    await runner.runToEnd();
    const phase = runner.phase();
    expect(phase.kind).toBe('failed');
    if (phase.kind !== 'failed') return;
    expect(runner.definition.steps[phase.step].id).toBe('token');
    expect(phase.error.code).toBe('invalid_client');
    expect(phase.error.cause).toContain(reason);
  });

  it('an imported PKCS#8 key works, is cleared from the set-up, and is reused after Start over', async () => {
    const { privateKey } = await generateKeyPair('ES384', { extractable: true });
    const { runner } = runnerWith({ alg: 'ES384', keySource: 'import', importText: await exportPKCS8(privateKey) });
    await runner.runToEnd();
    expect(runner.phase()).toEqual({ kind: 'finished' });
    expect(runner.state.importText).toBe('');
    expect(JSON.stringify(runner.current)).not.toContain('PRIVATE KEY');
    const kid = runner.state.kid;
    runner.reset();
    await runner.runToEnd();
    expect(runner.phase()).toEqual({ kind: 'finished' });
    expect(runner.state.kid).toBe(kid);
  });

  it('live mode without a client_id stops at registration and says what to do', async () => {
    const { runner } = runnerWith({ mode: 'live' });
    await runner.runToEnd();
    const phase = runner.phase();
    expect(phase.kind === 'failed' && phase.error.code).toBe('missing_client_id');
  });

  it('a discovery document without the chosen alg fails with a clear message', async () => {
    // The same server, but advertising ES384 only while the client chose RS384.
    const { runner } = runnerWith({ alg: 'RS384' }, async ({ url }, res) => {
      if (!url.endsWith('/.well-known/smart-configuration')) return res;
      const doc = (await res.json()) as Record<string, unknown>;
      return Response.json({ ...doc, token_endpoint_auth_signing_alg_values_supported: ['ES384'] });
    });
    await runner.runToEnd();
    const phase = runner.phase();
    expect(phase.kind === 'failed' && phase.error.code).toBe('alg_not_supported');
    expect(phase.kind === 'failed' && phase.error.hint).toContain('Choose ES384');
  });

  it('a discovery document without token_endpoint_auth_signing_alg_values_supported goes on with RS384, with a warning', async () => {
    // The SMART App Launcher lists private_key_jwt but no signing algorithms.
    const { runner } = runnerWith({ alg: 'RS384' }, withoutInDiscovery('token_endpoint_auth_signing_alg_values_supported'));
    await runner.runToEnd();
    expect(runner.phase()).toEqual({ kind: 'finished' });
    const discover = step(runner, 'discover');
    expect(discover.status.kind).toBe('done');
    const [warning] = artifacts(discover, 'warning');
    expect(warning.message).toContain('does not include token_endpoint_auth_signing_alg_values_supported');
    expect(warning.message).toContain('RS384');
    expect(warning.why).toMatch(/SMART/);
    expect(artifacts(step(runner, 'sign'), 'jwt')[0].header.alg).toBe('RS384');
  });

  it('a server like the SMART App Launcher (no introspection_endpoint_auth_methods_supported) gets the access token as a Bearer caller credential', async () => {
    const { runner } = runnerWith({}, launcherLike({ acceptBearer: true }));
    await runner.runToEnd();
    expect(runner.phase()).toEqual({ kind: 'finished' });
    const token = runner.state.accessToken!;
    for (const id of ['introspect', 'introspect-unknown']) {
      const [call] = http(step(runner, id));
      expect(call.request.headers).toContainEqual(['authorization', `Bearer ${token}`]);
      expect(new URLSearchParams(call.request.body).get('client_assertion')).toBeNull();
      const how = artifacts(step(runner, id), 'value').find((a) => a.label === 'Caller authentication');
      expect(how?.value).toContain('Bearer');
      expect(how?.note).toContain('introspection_endpoint_auth_methods_supported');
    }
    const [unknown] = http(step(runner, 'introspect-unknown'));
    expect(JSON.parse(unknown.response!.body!)).toEqual({ active: false });
  });

  it('a refused introspection says what the client sent, not "check the client credentials"', async () => {
    const { runner } = runnerWith({}, launcherLike({ acceptBearer: false }));
    await runner.runToEnd();
    const phase = runner.phase();
    expect(phase.kind).toBe('failed');
    if (phase.kind !== 'failed') return;
    expect(runner.definition.steps[phase.step].id).toBe('introspect');
    expect(phase.error.message).toContain('HTTP 401');
    expect(phase.error.message).toContain('Authorization: Bearer');
    expect(phase.error.cause).toContain('Authorization is required');
    expect(phase.error.hint).not.toContain('check the client credentials');
  });

  it('a server that lists private_key_jwt for introspection gets a fresh assertion, and a refusal names it', async () => {
    const { runner } = runnerWith({}, async (request, res) => {
      if (request.url.endsWith('/auth/introspect')) {
        return Response.json({ error: 'invalid_client', error_description: 'introspection is closed today' }, { status: 401 });
      }
      return res;
    });
    await runner.runToEnd();
    const phase = runner.phase();
    expect(phase.kind === 'failed' && runner.definition.steps[phase.step].id).toBe('introspect');
    if (phase.kind !== 'failed') return;
    const [call] = http(step(runner, 'introspect'));
    expect(call.request.headers.find(([name]) => name === 'authorization')).toBeUndefined();
    expect(new URLSearchParams(call.request.body).get('client_assertion')).toBeTruthy();
    expect(phase.error.code).toBe('invalid_client');
    expect(phase.error.message).toContain('client_assertion');
    expect(phase.error.cause).toContain('introspection is closed today');
  });
});

/** Plays a server whose discovery document lacks one field. */
function withoutInDiscovery(field: string) {
  return async (request: Request, res: Response) => {
    if (!request.url.endsWith('/.well-known/smart-configuration')) return res;
    const doc = (await res.json()) as Record<string, unknown>;
    delete doc[field];
    return Response.json(doc);
  };
}

/**
 * Plays the SMART App Launcher: no introspection_endpoint_auth_methods_supported,
 * and an introspection endpoint that wants "Authorization: Bearer <a token it issued>"
 * and answers 401 in plain text otherwise.
 */
function launcherLike({ acceptBearer }: { acceptBearer: boolean }) {
  const discovery = withoutInDiscovery('introspection_endpoint_auth_methods_supported');
  return async (request: Request, res: Response) => {
    if (request.url.endsWith('/auth/introspect')) {
      const bearer = /^Bearer\s/i.test(request.headers.get('authorization') ?? '');
      if (!bearer || !acceptBearer) return new Response('Authorization is required', { status: 401, headers: { 'content-type': 'text/plain' } });
      return res;
    }
    return discovery(request, res);
  };
}
