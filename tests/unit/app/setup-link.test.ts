import { describe, expect, it } from 'vitest';
import { applyLink, decodeSetup, withSetup, type LinkContext } from '../../../src/app/setup-link';
import { FlowRunner } from '../../../src/flows/runner';
import { standaloneLaunchModule } from '../../../src/flows/smart-launch/standalone-launch';
import { ehrLaunchModule } from '../../../src/flows/smart-launch/ehr-launch';
import { smartSetupLink } from '../../../src/flows/smart-launch/setup-link';
import type { SmartLaunchState } from '../../../src/flows/smart-launch/state';
import { ehrLaunchState } from '../../../src/flows/smart-launch/launch-entry';
import { encodeScenario, smartFhirBase } from '../../../mocks/public';
import { MemoryStorage } from '../../support/memory-storage';

const ORIGIN = 'http://localhost:5173';
const ctx: LinkContext = { origin: ORIGIN, mode: 'mock' };
// Discovery answers: enough for the first step to run, so a run is in progress.
const CONFIG = {
  issuer: `${ORIGIN}/mock/smart`,
  authorization_endpoint: `${ORIGIN}/mock/smart/authorize`,
  token_endpoint: `${ORIGIN}/mock/smart/token`,
  code_challenge_methods_supported: ['S256'],
  capabilities: ['launch-standalone', 'launch-ehr'],
  grant_types_supported: ['authorization_code'],
  response_types_supported: ['code'],
  scopes_supported: ['openid'],
};
const baseFetch = (async () => Response.json(CONFIG)) as typeof fetch;
const env = () => ({ storage: new MemoryStorage(), origin: ORIGIN, mode: 'mock' as const, navigate: () => undefined, baseFetch });

async function inProgress(r: FlowRunner<SmartLaunchState>) {
  await r.runNext();
  expect(r.phase().kind, JSON.stringify(r.phase())).toBe('paused');
}
const link = (q: string) => new URLSearchParams(q);

function runner(module = standaloneLaunchModule) {
  return new FlowRunner<SmartLaunchState>(module, env());
}
const defaults = standaloneLaunchModule.initialState(ctx);

describe('opening a set-up link', () => {
  it('before the first step: the link’s set-up becomes the run’s', () => {
    const r = runner();
    const out = applyLink(r, smartSetupLink, link('client=confidential&error=token_invalid_token&auto=1'), defaults, ctx);
    expect(out).toEqual({ problems: [], replacedRun: false });
    expect(r.state).toMatchObject({ clientType: 'confidential', clientId: 'playground-confidential', clientSecret: 'playground-secret' });
    expect(r.state.scenario.error).toBe('token_invalid_token');
    expect(r.phase().kind).toBe('ready');
  });

  it('a run in progress with another set-up starts fresh with the link’s, and says so', async () => {
    const r = runner();
    await inProgress(r);
    r.updateState({ sentState: 'abc', accessToken: 'tok' });
    const out = applyLink(r, smartSetupLink, link('client=confidential'), defaults, ctx);
    expect(out.replacedRun).toBe(true);
    expect(r.phase().kind).toBe('ready');
    expect(r.state.clientType).toBe('confidential');
    expect(r.state.accessToken).toBeUndefined();
  });

  it('the run’s own set-up (a reload, the way back from the server) changes nothing', async () => {
    const r = runner();
    r.updateState({ clientType: 'confidential', clientId: 'playground-confidential', clientSecret: 'typed-on-purpose' });
    await inProgress(r);
    const out = applyLink(r, smartSetupLink, link('client=confidential'), defaults, ctx);
    expect(out.replacedRun).toBe(false);
    expect(r.phase().kind).not.toBe('ready');
    expect(r.state.clientSecret).toBe('typed-on-purpose');
  });

  it('a plain flow address (no set-up parameter) is not a link: the run goes on', () => {
    const r = runner();
    r.updateState({ clientType: 'confidential' });
    expect(applyLink(r, smartSetupLink, link('auto=1&present=1'), defaults, ctx)).toEqual({ problems: [], replacedRun: false });
    expect(r.state.clientType).toBe('confidential');
  });

  it('a bad value is reported and its field keeps the default; the rest of the link applies', () => {
    const r = runner();
    const out = applyLink(r, smartSetupLink, link('client=confidential&error=token_teapot'), defaults, ctx);
    expect(out.problems).toMatchObject([{ param: 'error', value: 'token_teapot' }]);
    expect(r.state.clientType).toBe('confidential');
    expect(r.state.scenario.error).toBe('');
  });

  it('after the EHR’s launch, the app’s set-up applies but the scenario stays the EHR’s (its launch is bound to that iss)', () => {
    const iss = smartFhirBase(ORIGIN, encodeScenario({ error: 'token_invalid_token' }));
    const r = FlowRunner.startFromLaunch(ehrLaunchModule, env(), ehrLaunchState(iss, 'L1', ctx, undefined), `${ORIGIN}/launch?iss=x&launch=L1`);
    const d = ehrLaunchModule.initialState(ctx);
    const out = applyLink(r, smartSetupLink, link('client=confidential&error=request_invalid_token'), d, ctx);
    expect(out.problems).toMatchObject([{ param: 'error', value: 'request_invalid_token' }]);
    expect(r.state).toMatchObject({ clientType: 'confidential', iss, launch: 'L1' });
    expect(r.state.scenario.error).toBe('token_invalid_token');
    // The same scenario as the EHR's is no problem.
    const again = applyLink(r, smartSetupLink, link('client=confidential&error=token_invalid_token'), d, ctx);
    expect(again.problems).toEqual([]);
  });

  it('a parameter given twice is reported', () => {
    expect(decodeSetup(smartSetupLink, link('client=public&client=confidential'), defaults, ctx).problems).toMatchObject([
      { param: 'client', value: 'public, confidential' },
    ]);
  });
});

describe('the address bar follows the set-up', () => {
  it('replaces the set-up parameters and keeps the others untouched', () => {
    expect(withSetup('?present=1&client=confidential&auto=1', smartSetupLink, [['error', 'token_invalid_token']])).toBe(
      'error=token_invalid_token&present=1&auto=1',
    );
    expect(withSetup('?auto=1', smartSetupLink, [])).toBe('auto=1');
    expect(withSetup('', smartSetupLink, [])).toBe('');
  });
});
