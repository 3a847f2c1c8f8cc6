/**
 * The SMART launch flows' own client code (the steps the playground runs in the
 * browser) completes against the mock servers under msw/node. The browser's
 * redirects are followed by hand, as a browser would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeMocks } from '../../mocks/node';
import { FlowRunner } from '../../src/flows/runner';
import { standaloneLaunchModule } from '../../src/flows/smart-launch/standalone-launch';
import { ehrLaunchModule } from '../../src/flows/smart-launch/ehr-launch';
import { encodeScenario, type Scenario } from '../../mocks/smart-auth/scenario';
import { smartFhirBase } from '../../mocks/paths';
import type { Artifact } from '../../src/journal/types';
import type { SmartLaunchState } from '../../src/flows/smart-launch/state';
import type { FlowModule } from '../../src/flows/flow';
import { MemoryStorage } from '../support/memory-storage';

const ORIGIN = 'http://localhost';
const mocks = createNodeMocks({ appOrigins: [ORIGIN] });
beforeAll(() => mocks.msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => mocks.msw.close());

/** Runs a flow to its end, playing the browser: follows the authorize redirect and comes back to /callback. */
async function runFlow(module: FlowModule<SmartLaunchState>, patch: Partial<SmartLaunchState>) {
  let away: string | undefined;
  const runner = new FlowRunner(module, { storage: new MemoryStorage(), origin: ORIGIN, mode: 'mock', navigate: (url) => (away = url) });
  runner.updateState(patch);
  await runner.runToEnd();
  if (away) {
    const answer = await fetch(away, { method: 'GET', redirect: 'manual' });
    expect(answer.status).toBe(302);
    runner.receiveReturn(answer.headers.get('location')!);
    await runner.runToEnd();
  }
  return runner;
}

const artifacts = (runner: FlowRunner<SmartLaunchState>, stepId: string): Artifact[] => runner.current.steps.find((s) => s.id === stepId)!.artifacts;

const skip = (s: Scenario) => smartFhirBase(ORIGIN, encodeScenario({ skipLogin: true, skipConsent: true, ...s }));

describe('SMART launch flows under msw/node', () => {
  it('standalone launch: every step done, state equal, PKCE matching, the id_token valid, the patient read', async () => {
    const runner = await runFlow(standaloneLaunchModule, { iss: skip({ patient: 'p-iris' }) });
    expect(runner.phase()).toEqual({ kind: 'finished' });
    const compare = artifacts(runner, 'callback').find((a) => a.kind === 'compare');
    expect(compare?.kind === 'compare' && compare.equal).toBe(true);
    const pkce = artifacts(runner, 'authorize-request').find((a) => a.kind === 'pkce');
    expect(pkce?.kind === 'pkce' && pkce.recomputed === pkce.challenge).toBe(true);
    const jwt = artifacts(runner, 'id-token').find((a) => a.kind === 'jwt');
    expect(jwt?.kind === 'jwt' && jwt.signature.kind).toBe('valid');
    expect(runner.state.patientName).toBe('Iris Mulder');
    // The token exchange went through the recording fetch: the journal has the real request.
    const exchange = runner.current.steps.find((s) => s.id === 'token')!.exchanges[0];
    expect(exchange.kind === 'http' && exchange.request.body).toContain('code_verifier=');
  });

  it('EHR launch: the launch context from the EHR reaches the token response', async () => {
    const res = await fetch(`${ORIGIN}/mock/ehr/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        patient: 'p-bram',
        practitioner: 'pr-noor',
        encounter: 'e-bram-1',
        launchUrl: `${ORIGIN}/launch`,
        scenario: { skipLogin: true, skipConsent: true },
      }),
    });
    const { iss, launch } = (await res.json()) as { iss: string; launch: string };
    const runner = await runFlow(ehrLaunchModule, { iss, launch });
    expect(runner.phase()).toEqual({ kind: 'finished' });
    expect(runner.state.patient).toBe('p-bram');
    expect(runner.state.encounter).toBe('e-bram-1');
    expect(runner.state.fhirUser).toMatch(/Practitioner\/pr-noor$/);
    const authorize = artifacts(runner, 'authorize-request').find((a) => a.kind === 'table');
    expect(authorize?.kind === 'table' && authorize.rows.find(([k]) => k === 'launch')?.[1]).toBe(launch);
  });

  it('a confidential client with client_secret_post completes too', async () => {
    const runner = await runFlow(standaloneLaunchModule, {
      iss: skip({ patient: 'p-anna' }),
      clientType: 'confidential',
      clientId: 'playground-confidential',
      clientSecret: 'playground-secret',
      clientAuth: 'client_secret_post',
    });
    expect(runner.phase()).toEqual({ kind: 'finished' });
    const exchange = runner.current.steps.find((s) => s.id === 'token')!.exchanges[0];
    expect(exchange.kind === 'http' && exchange.request.body).toContain('client_secret=playground-secret');
  });

  it('an id_token with another nonce fails the id_token step (with aud, iss and exp), not the token exchange', async () => {
    let away: string | undefined;
    const runner = new FlowRunner(standaloneLaunchModule, { storage: new MemoryStorage(), origin: ORIGIN, mode: 'mock', navigate: (url) => (away = url) });
    runner.updateState({ iss: skip({ patient: 'p-iris' }) });
    await runner.runToEnd();
    // Someone swapped the nonce on the way: the server copies what it got into the id_token.
    const url = new URL(away!);
    url.searchParams.set('nonce', 'a-nonce-from-another-sign-in');
    const answer = await fetch(url, { method: 'GET', redirect: 'manual' });
    runner.receiveReturn(answer.headers.get('location')!);
    await runner.runToEnd();
    const phase = runner.phase();
    expect(phase.kind === 'failed' && runner.current.steps[phase.step].id).toBe('id-token');
    expect(phase.kind === 'failed' && phase.error.code).toBe('invalid_id_token');
    expect(phase.kind === 'failed' && phase.error.message).toMatch(/nonce/);
    expect(runner.current.steps.find((s) => s.id === 'token')!.status.kind).toBe('done');
  });

  it('an expired refresh token (simulated) fails the refresh step with advice to re-authorize', async () => {
    const runner = await runFlow(standaloneLaunchModule, { iss: skip({ patient: 'p-iris', error: 'token_expired_refresh_token' }) });
    const phase = runner.phase();
    expect(phase.kind === 'failed' && runner.current.steps[phase.step].id).toBe('refresh');
    expect(phase.kind === 'failed' && phase.error.hint).toMatch(/authoriz/i);
    expect(phase.kind === 'failed' && phase.error.hint).not.toMatch(/code_verifier/);
  });

  it('an unreachable FHIR base fails at discovery with a network error and a hint', async () => {
    const runner = await runFlow(standaloneLaunchModule, { iss: 'http://localhost/mock/nothing-here/fhir' });
    const phase = runner.phase();
    expect(phase.kind).toBe('failed');
    expect(phase.kind === 'failed' && phase.step).toBe(0);
    expect(phase.kind === 'failed' && phase.error.hint.length).toBeGreaterThan(10);
  });
});
