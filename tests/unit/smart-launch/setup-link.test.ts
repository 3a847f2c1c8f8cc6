import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeSetup, secretsLeftOut, setupQuery, type LinkContext } from '../../../src/app/setup-link';
import { LINK_CODE_LIFETIMES, mockEhrLaunchLink, smartSetupLink } from '../../../src/flows/smart-launch/setup-link';
import { ehrLaunchModule } from '../../../src/flows/smart-launch/ehr-launch';
import { standaloneLaunchModule } from '../../../src/flows/smart-launch/standalone-launch';
import { providerStandaloneLaunchModule } from '../../../src/flows/smart-launch/provider-standalone-launch';
import { CONFIDENTIAL_CLIENT_SECRET, PROVIDER_SCOPES, type SmartLaunchState } from '../../../src/flows/smart-launch/state';
import { mockIssScenario } from '../../../src/flows/smart-launch/mock-iss';
import { SIMULATED_ERRORS, patients } from '../../../mocks/public';
import { openLink, throughLink } from '../../support/setup-link';

const ORIGIN = 'http://localhost:5173';
const mock: LinkContext = { origin: ORIGIN, mode: 'mock' };
const live: LinkContext = { origin: ORIGIN, mode: 'live' };
const FLOWS = [ehrLaunchModule, standaloneLaunchModule, providerStandaloneLaunchModule];
type S = SmartLaunchState;

/** The set-up fields a link carries, for comparing states. */
const setupOf = (s: S) => ({
  clientType: s.clientType,
  clientId: s.clientId,
  clientAuth: s.clientAuth,
  redirectUri: s.redirectUri,
  scope: s.scope,
  iss: s.iss,
  scenario: s.scenario,
});

/** Every option the set-up panel offers, one change at a time from the defaults. */
function variants(d: S, ctx: LinkContext): [string, S][] {
  const scenario = (patch: Partial<S['scenario']>) => ({ ...d, scenario: { ...d.scenario, ...patch } });
  const out: [string, S][] = [
    ['confidential, basic', { ...d, clientType: 'confidential', clientId: ctx.mode === 'mock' ? 'playground-confidential' : d.clientId }],
    [
      'confidential, post',
      { ...d, clientType: 'confidential', clientId: ctx.mode === 'mock' ? 'playground-confidential' : d.clientId, clientAuth: 'client_secret_post' },
    ],
    ['another client_id', { ...d, clientId: 'my-app 1' }],
    ['another redirect_uri', { ...d, redirectUri: 'https://app.example.org/cb?x=1' }],
    ['v1 scopes', { ...d, scope: 'launch/patient openid fhirUser patient/Patient.read' }],
    ['provider v1 scopes', { ...d, scope: PROVIDER_SCOPES.v1 }],
  ];
  if (ctx.mode === 'live') out.push(['a server', { ...d, iss: 'https://launch.smarthealthit.org/v/r4/fhir' }]);
  if (ctx.mode === 'mock') {
    out.push(['skip login', scenario({ skipLogin: true })], ['skip consent', scenario({ skipConsent: true })]);
    for (const error of SIMULATED_ERRORS) out.push([`error ${error}`, scenario({ error })]);
    for (const seconds of LINK_CODE_LIFETIMES.slice(1)) out.push([`code life ${seconds}`, scenario({ codeLifetime: seconds })]);
    if (d.launchType === 'standalone') for (const p of patients) out.push([`patient ${p.id}`, scenario({ patient: p.id })]);
  }
  return out;
}

describe('SMART launches: the set-up as a link', () => {
  for (const module of FLOWS) {
    for (const ctx of [mock, live]) {
      const defaults = module.initialState(ctx);
      // The mock iss follows from the scenario, as the set-up panel builds it.
      const settle = (s: S) => (ctx.mode === 'mock' ? { ...s, ...smartSetupLink.derive!(s, ctx) } : s);

      it(`${module.definition.id} (${ctx.mode}): the defaults make an empty link`, () => {
        expect(setupQuery(encodeSetup(smartSetupLink, defaults, ctx))).toBe('');
      });

      it(`${module.definition.id} (${ctx.mode}): every option comes back from its link`, () => {
        for (const [what, state] of variants(defaults, ctx)) {
          const s = settle(state);
          const { query, back, problems } = throughLink(smartSetupLink, s, defaults, ctx);
          expect(problems, what).toEqual([]);
          expect(query, what).not.toBe('');
          expect(setupOf(back), `${what}: ${query}`).toEqual(setupOf(s));
        }
      });
    }
  }

  it('the workshop slide: standalone, confidential client, token_invalid_token', () => {
    const d = standaloneLaunchModule.initialState(mock);
    const { state, problems } = openLink(smartSetupLink, 'client=confidential&auth=client_secret_post&error=token_invalid_token', d, mock);
    expect(problems).toEqual([]);
    expect(state).toMatchObject({ clientType: 'confidential', clientId: 'playground-confidential', clientAuth: 'client_secret_post' });
    expect(state.scenario.error).toBe('token_invalid_token');
    // The mock FHIR base carries the error, so the server simulates it; and the mock's demo secret follows from client=confidential.
    expect(mockIssScenario(state.iss, ORIGIN)).toEqual({ error: 'token_invalid_token' });
    expect(state.clientSecret).toBe(CONFIDENTIAL_CLIENT_SECRET);
    expect(setupQuery(encodeSetup(smartSetupLink, state, mock))).toBe('client=confidential&auth=client_secret_post&error=token_invalid_token');
  });

  it('writes scopes readably: spaces as +, slashes as they are', () => {
    const d = standaloneLaunchModule.initialState(mock);
    expect(setupQuery(encodeSetup(smartSetupLink, { ...d, scope: 'launch/patient openid patient/*.rs' }, mock))).toBe(
      'scope=launch/patient+openid+patient/*.rs',
    );
  });

  it('never writes a secret, a token, a code, a state or a PKCE value, whatever the state holds', () => {
    // Everything a link may carry is a set-up choice; every other field holds the marker.
    const SETUP = new Set([
      'launchType',
      'signIn',
      'mode',
      'iss',
      'clientType',
      'clientId',
      'clientAuth',
      'redirectUri',
      'scope',
      'scenario',
      'rememberSecret',
    ]);
    const MARK = 'S3CRET';
    const fields = [
      'clientSecret',
      'launch',
      'authorizeUrl',
      'sentState',
      'nonce',
      'callbackUrl',
      'accessToken',
      'refreshToken',
      'idToken',
      'codeVerifier',
      'code',
      'patient',
      'fhirUser',
      'tokenEndpoint',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...FLOWS),
        fc.constantFrom(mock, live),
        fc.constantFrom('public', 'confidential'),
        fc.constantFrom('client_secret_basic', 'client_secret_post'),
        fc.string(),
        fc.constantFrom('', ...SIMULATED_ERRORS),
        (module, ctx, clientType, clientAuth, noise, error) => {
          const base = module.initialState(ctx);
          const state = { ...base, clientType, clientAuth, scenario: { ...base.scenario, error } } as S;
          for (const f of fields) (state as Record<string, unknown>)[f] = `${noise}${MARK}${noise}`;
          for (const k of Object.keys(state)) if (!SETUP.has(k)) (state as Record<string, unknown>)[k] = `${MARK}${noise}`;
          const query = setupQuery(encodeSetup(smartSetupLink, state, ctx));
          expect(decodeURIComponent(query.replace(/\+/g, ' '))).not.toContain(MARK);
        },
      ),
    );
  });

  it('says when a typed client secret is left out, and not for the mock demo secret the link gives back', () => {
    const d = standaloneLaunchModule.initialState(live);
    expect(secretsLeftOut(smartSetupLink, { ...d, clientType: 'confidential', clientSecret: 'typed' }, d, live)).toEqual([
      'The client secret is not in the link: attendees type their own.',
    ]);
    const m = standaloneLaunchModule.initialState(mock);
    const confidential = { ...m, clientType: 'confidential' as const, clientId: 'playground-confidential', clientSecret: CONFIDENTIAL_CLIENT_SECRET };
    expect(secretsLeftOut(smartSetupLink, confidential, m, mock)).toEqual([]);
    expect(secretsLeftOut(smartSetupLink, { ...confidential, clientSecret: 'wrong-on-purpose' }, m, mock)).toHaveLength(1);
    expect(secretsLeftOut(smartSetupLink, m, m, mock)).toEqual([]);
  });

  it('reports every value it cannot read, with why and what is accepted, and keeps that default', () => {
    const d = standaloneLaunchModule.initialState(mock);
    const bad = {
      client: 'semi-public',
      auth: 'private_key_jwt',
      error: 'token_teapot',
      scope: 'patient/Patient.rs "quoted"',
      code_life: '5',
      patient: 'nobody',
      server: 'https://fhir.example.org',
      redirect_uri: 'not a url',
    };
    const { state, problems } = openLink(smartSetupLink, new URLSearchParams(bad).toString(), d, mock);
    expect(problems.map((p) => p.param).sort()).toEqual(Object.keys(bad).sort());
    for (const p of problems) {
      expect(p.value).toBe(bad[p.param as keyof typeof bad]);
      expect(p.why).not.toBe('');
      expect(p.accepted).not.toBe('');
    }
    expect(problems.find((p) => p.param === 'error')?.accepted).toContain('token_invalid_token');
    expect(problems.find((p) => p.param === 'client')?.accepted).toBe('public, confidential');
    expect(problems.find((p) => p.param === 'scope')?.why).toContain('"quoted"');
    expect(setupOf(state)).toEqual(setupOf(d));
  });

  it('in live mode the scenario is the real server’s: a simulated error is reported, not applied', () => {
    const d = standaloneLaunchModule.initialState(live);
    const { state, problems } = openLink(smartSetupLink, 'error=token_invalid_token&server=https://fhir.example.org/r4', d, live);
    expect(problems).toMatchObject([{ param: 'error', value: 'token_invalid_token' }]);
    expect(state.iss).toBe('https://fhir.example.org/r4');
    expect(state.scenario.error).toBe('');
  });

  it('the EHR launch begins at the mock EHR: its scenario goes to the EHR, the app set-up into the launch URL', () => {
    const d = ehrLaunchModule.initialState(mock);
    const { state } = openLink(smartSetupLink, 'client=confidential&error=token_invalid_token&consent=skip', d, mock);
    const href = mockEhrLaunchLink(state, mock)!;
    const url = new URL(href, ORIGIN);
    expect(url.pathname).toBe('/mock/ehr');
    expect(url.searchParams.get('error')).toBe('token_invalid_token');
    expect(url.searchParams.get('consent')).toBe('skip');
    const launchUrl = new URL(url.searchParams.get('launchUrl')!);
    expect(launchUrl.pathname).toBe('/launch');
    expect([...launchUrl.searchParams]).toEqual([['client', 'confidential']]);
    // Once the EHR has launched the app, there is nothing to begin elsewhere.
    expect(mockEhrLaunchLink({ ...state, launch: 'L1' }, mock)).toBeUndefined();
    expect(mockEhrLaunchLink(standaloneLaunchModule.initialState(mock), mock)).toBeUndefined();
  });
});
