import { oneOf, httpUrl, setupQuery, encodeSetup, type LinkContext, type ParamRead, type SetupLinkSpec, type SetupParam } from '../../app/setup-link';
import { validateScopes } from '../../protocol/scopes';
import { DEFAULT_CODE_LIFETIME_SECONDS, SIMULATED_ERRORS, encodeScenario, patients, smartFhirBase, type Scenario } from '../../../mocks/public';
import { CONFIDENTIAL_CLIENT_ID, CONFIDENTIAL_CLIENT_SECRET, DEFAULT_SCOPES, PROVIDER_SCOPES, PUBLIC_CLIENT_ID, type SmartLaunchState } from './state';

/**
 * The set-up of the three SMART launches as a link:
 * `client`, `client_id`, `auth`, `redirect_uri`, `scope`, `server` (live mode),
 * and in mock mode the scenario: `login=skip`, `consent=skip`, `patient`, `code_life`, `error`.
 * The client secret has no parameter: attendees type their own (in mock mode
 * the mock's own demo secret follows from `client=confidential`).
 */

type S = SmartLaunchState;
type Param = SetupParam<S>;

/** Code lives the set-up panel offers (seconds). */
export const LINK_CODE_LIFETIMES = [DEFAULT_CODE_LIFETIME_SECONDS, 300, 900, 3600] as const;

const defaultClientId = (state: Readonly<S>, ctx: LinkContext) =>
  ctx.mode === 'mock' && state.clientType === 'confidential' ? CONFIDENTIAL_CLIENT_ID : PUBLIC_CLIENT_ID;
const defaultScope = (state: Readonly<S>) =>
  state.launchType === 'standalone' && state.signIn === 'provider' ? PROVIDER_SCOPES.v2 : DEFAULT_SCOPES[state.launchType];
const mockOnly = (ctx: LinkContext): ParamRead<S> | undefined =>
  ctx.mode === 'mock'
    ? undefined
    : {
        ok: false,
        why: 'scenario choices are made by the in-browser mock servers, and this browser runs the playground in live mode',
        accepted: 'this parameter only in mock mode (switch the mode in the header)',
      };
const scenarioPatch = (state: Readonly<S>, patch: Partial<S['scenario']>): ParamRead<S> => ({ ok: true, patch: { scenario: { ...state.scenario, ...patch } } });

/** The mock FHIR base that carries the scenario: copy the iss and the scenario reproduces (as the set-up panel builds it). */
function scenarioIss(state: Readonly<S>, origin: string): string {
  const { scenario } = state;
  const s: Scenario = {};
  if (scenario.skipLogin) s.skipLogin = true;
  if (scenario.skipConsent) s.skipConsent = true;
  if (scenario.error) s.error = scenario.error;
  if (scenario.patient && state.launchType === 'standalone') s.patient = scenario.patient;
  if (scenario.codeLifetime && scenario.codeLifetime !== DEFAULT_CODE_LIFETIME_SECONDS) s.codeLifetime = scenario.codeLifetime;
  return Object.keys(s).length ? smartFhirBase(origin, encodeScenario(s)) : smartFhirBase(origin);
}

const client: Param = {
  name: 'client',
  write: (s) => (s.clientType === 'confidential' ? 'confidential' : undefined),
  read: (v, s, ctx) =>
    oneOf(v, ['public', 'confidential'] as const, (clientType) => {
      const next = { ...s, clientType };
      return ctx.mode === 'mock' ? { clientType, clientId: defaultClientId(next, ctx) } : { clientType };
    }),
};

const clientId: Param = {
  name: 'client_id',
  write: (s, ctx) => (s.clientId && s.clientId !== defaultClientId(s, ctx) ? s.clientId : undefined),
  // RFC 6749 §A.1: client-id = *VSCHAR (printable ASCII).
  read: (v) =>
    /^[\x20-\x7E]+$/.test(v)
      ? { ok: true, patch: { clientId: v } }
      : { ok: false, why: 'a client_id is printable ASCII', accepted: 'the client_id your server registered' },
};

const auth: Param = {
  name: 'auth',
  write: (s) => (s.clientType === 'confidential' && s.clientAuth !== 'client_secret_basic' ? s.clientAuth : undefined),
  read: (v) => oneOf(v, ['client_secret_basic', 'client_secret_post'] as const, (clientAuth) => ({ clientAuth })),
};

const redirectUri: Param = {
  name: 'redirect_uri',
  write: (s, ctx) => (s.redirectUri !== `${ctx.origin}/callback` ? s.redirectUri : undefined),
  read: (v) => httpUrl(v, (redirectUri) => ({ redirectUri })),
};

const scope: Param = {
  name: 'scope',
  write: (s) => (s.scope !== defaultScope(s) ? s.scope : undefined),
  read: (v) => {
    const error = validateScopes(v).find((p) => p.severity === 'error');
    if (error) return { ok: false, why: error.message, accepted: `space-separated SMART scopes (+ in a link), such as "${DEFAULT_SCOPES.standalone}"` };
    return { ok: true, patch: { scope: v } };
  },
};

const server: Param = {
  name: 'server',
  write: (s, ctx) => (ctx.mode === 'live' && s.iss ? s.iss : undefined),
  read: (v, _s, ctx) =>
    ctx.mode === 'live'
      ? httpUrl(v, (iss) => ({ iss }))
      : {
          ok: false,
          why: 'this browser runs the playground against its in-browser mock servers (mock mode)',
          accepted: 'a server only in live mode (switch the mode in the header, then open the link again)',
        },
};

const login: Param = {
  name: 'login',
  write: (s, ctx) => (ctx.mode === 'mock' && s.scenario.skipLogin ? 'skip' : undefined),
  read: (v, s, ctx) => mockOnly(ctx) ?? oneOf(v, ['skip', 'show'] as const, (c) => ({ scenario: { ...s.scenario, skipLogin: c === 'skip' } })),
};

const consent: Param = {
  name: 'consent',
  write: (s, ctx) => (ctx.mode === 'mock' && s.scenario.skipConsent ? 'skip' : undefined),
  read: (v, s, ctx) => mockOnly(ctx) ?? oneOf(v, ['skip', 'show'] as const, (c) => ({ scenario: { ...s.scenario, skipConsent: c === 'skip' } })),
};

const patient: Param = {
  name: 'patient',
  write: (s, ctx) => (ctx.mode === 'mock' && s.launchType === 'standalone' && s.scenario.patient ? s.scenario.patient : undefined),
  read: (v, s, ctx) => {
    const notMock = mockOnly(ctx);
    if (notMock) return notMock;
    if (s.launchType === 'ehr') return { ok: false, why: 'in an EHR launch the EHR puts the patient in context', accepted: 'a patient chosen at the mock EHR' };
    if (!patients.some((p) => p.id === v)) return { ok: false, why: 'the mock has no patient with this id', accepted: patients.map((p) => p.id).join(', ') };
    return scenarioPatch(s, { patient: v });
  },
};

const codeLife: Param = {
  name: 'code_life',
  write: (s, ctx) =>
    ctx.mode === 'mock' && s.scenario.codeLifetime && s.scenario.codeLifetime !== DEFAULT_CODE_LIFETIME_SECONDS ? String(s.scenario.codeLifetime) : undefined,
  read: (v, s, ctx) => {
    const notMock = mockOnly(ctx);
    if (notMock) return notMock;
    const seconds = Number(v);
    if (!(LINK_CODE_LIFETIMES as readonly number[]).includes(seconds)) {
      return { ok: false, why: 'it is not one of the code lives the set-up offers', accepted: `${LINK_CODE_LIFETIMES.join(', ')} (seconds)` };
    }
    return scenarioPatch(s, { codeLifetime: seconds });
  },
};

const error: Param = {
  name: 'error',
  write: (s, ctx) => (ctx.mode === 'mock' && s.scenario.error ? s.scenario.error : undefined),
  read: (v, s, ctx) => {
    const notMock = mockOnly(ctx);
    if (notMock) return notMock;
    if (!(SIMULATED_ERRORS as readonly string[]).includes(v))
      return { ok: false, why: 'the mock servers cannot simulate such an error', accepted: SIMULATED_ERRORS.join(', ') };
    return scenarioPatch(s, { error: v as S['scenario']['error'] });
  },
};

/** The scenario parameters: in an EHR launch they belong to the EHR, which puts them in the FHIR base it launches with. */
const SCENARIO_PARAMS = [login, consent, patient, codeLife, error];

export const smartSetupLink: SetupLinkSpec<S> = {
  params: [client, clientId, auth, redirectUri, scope, server, ...SCENARIO_PARAMS],
  fields: ['clientType', 'clientId', 'clientAuth', 'redirectUri', 'scope', 'iss', 'scenario'],
  leftOut: [{ field: 'clientSecret', note: 'The client secret is not in the link: attendees type their own.' }],
  derive: (s, ctx) =>
    ctx.mode === 'mock'
      ? { iss: scenarioIss(s, ctx.origin), clientSecret: s.clientType === 'confidential' ? CONFIDENTIAL_CLIENT_SECRET : '' }
      : // Live mode: the secret typed in this tab stays; a link never sets it.
        {},
  heldByRun: (s) =>
    s.launchType === 'ehr' && s.launch
      ? {
          params: ['server', ...SCENARIO_PARAMS.map((p) => p.name)],
          fields: ['iss', 'scenario'],
          why: 'this run was launched by the EHR, and its launch is bound to the FHIR base (iss) the EHR sent, which carries the scenario',
          accepted: 'the value the EHR launched with; to change it, launch again from the EHR',
        }
      : undefined,
  startsAt: (s, ctx) => {
    const href = mockEhrLaunchLink(s, ctx);
    return href
      ? { href, text: 'An EHR launch begins at the EHR, which sends the app iss and launch.', action: 'Launch from the mock EHR with this set-up' }
      : undefined;
  },
};

/**
 * An EHR launch begins at the EHR: the mock EHR's address with the link's
 * scenario (it builds the FHIR base from it) and the app's launch URL with the
 * app's own set-up, which /launch hands on to the flow page.
 */
export function mockEhrLaunchLink(state: Readonly<S>, ctx: LinkContext, extra: [string, string][] = []): string | undefined {
  if (state.launchType !== 'ehr' || state.launch || ctx.mode !== 'mock') return undefined;
  const scenarioNames = new Set(SCENARIO_PARAMS.map((p) => p.name));
  const pairs = encodeSetup(smartSetupLink, state, ctx);
  const app = pairs.filter(([k]) => !scenarioNames.has(k));
  const ehr = pairs.filter(([k]) => scenarioNames.has(k) && k !== 'code_life' && k !== 'patient');
  const launchUrl = `${ctx.origin}/launch${app.length || extra.length ? `?${setupQuery([...app, ...extra])}` : ''}`;
  return `/mock/ehr?${setupQuery([...ehr, ['launchUrl', launchUrl]])}`;
}
