import type { SetupPanelProps } from '../flow';
import { InlineCode } from '../../ui/InlineCode';
import {
  CODE_LIFETIME_BOUNDS,
  DEFAULT_CODE_LIFETIME_SECONDS,
  SIMULATED_ERRORS,
  displayName,
  encodeScenario,
  patients,
  smartFhirBase,
  type Scenario,
} from '../../../mocks/public';
import { loadLiveRegistration, saveLiveRegistration } from './live-registration';
import { CONFIDENTIAL_CLIENT_ID, CONFIDENTIAL_CLIENT_SECRET, DEFAULT_SCOPES, PROVIDER_SCOPES, PUBLIC_CLIENT_ID, type SmartLaunchState } from './state';

/** Code lives the set-up offers, within what the mock accepts (CODE_LIFETIME_BOUNDS). */
const CODE_LIFETIMES = [DEFAULT_CODE_LIFETIME_SECONDS, 300, 900, CODE_LIFETIME_BOUNDS.max] as const;

const V1_SCOPES: Record<'ehr' | 'standalone', string> = {
  ehr: 'launch openid fhirUser offline_access patient/Patient.read patient/Observation.read',
  standalone: 'launch/patient openid fhirUser offline_access patient/Patient.read patient/Observation.read',
};

/** The set-up of both SMART launches: which server, which client, which scopes, and (mock mode) which scenario. */
export function SmartSetupPanel({ state, onChange, mode, locked }: SetupPanelProps<SmartLaunchState>) {
  const origin = window.location.origin;

  const setScenario = (patch: Partial<SmartLaunchState['scenario']>) => {
    const scenario = { ...state.scenario, ...patch };
    const s: Scenario = {};
    if (scenario.skipLogin) s.skipLogin = true;
    if (scenario.skipConsent) s.skipConsent = true;
    if (scenario.error) s.error = scenario.error;
    if (scenario.patient && state.launchType === 'standalone') s.patient = scenario.patient;
    // The strict 60 s stays out of the link; a longer life for teaching goes in.
    if (scenario.codeLifetime && scenario.codeLifetime !== DEFAULT_CODE_LIFETIME_SECONDS) s.codeLifetime = scenario.codeLifetime;
    // The scenario travels in the FHIR base, so it is a link: copy the iss and it reproduces.
    const iss = Object.keys(s).length ? smartFhirBase(origin, encodeScenario(s)) : smartFhirBase(origin);
    onChange({ scenario, iss });
  };

  const setClientType = (clientType: SmartLaunchState['clientType']) => {
    if (mode === 'mock') {
      onChange(
        clientType === 'public'
          ? { clientType, clientId: PUBLIC_CLIENT_ID, clientSecret: '' }
          : { clientType, clientId: CONFIDENTIAL_CLIENT_ID, clientSecret: CONFIDENTIAL_CLIENT_SECRET },
      );
    } else onChange({ clientType });
  };

  // Live mode: the registration is remembered per server.
  const changeLive = (patch: Partial<SmartLaunchState>) => {
    const next = { ...state, ...patch };
    saveLiveRegistration(next.iss, {
      clientId: next.clientId,
      clientSecret: next.clientSecret,
      clientType: next.clientType,
      clientAuth: next.clientAuth,
      redirectUri: next.redirectUri,
      scope: next.scope,
      rememberSecret: next.rememberSecret,
    });
    onChange(patch);
  };
  const change = mode === 'live' ? changeLive : onChange;
  const changeIss = (iss: string) => {
    const saved = loadLiveRegistration(iss);
    onChange(saved ? { iss, ...saved } : { iss });
  };

  const isEhr = state.launchType === 'ehr';
  const isProvider = !isEhr && state.signIn === 'provider';
  return (
    <fieldset disabled={locked} className="setup-grid">
      {mode === 'mock' ? (
        <div className="field">
          <span className="field-label">FHIR server (iss)</span>
          <code className="field-value" data-testid="iss">
            {state.iss}
          </code>
          <p className="field-help">The in-browser mock FHIR server. Scenario choices below are encoded in this URL.</p>
        </div>
      ) : (
        <div className="field">
          <label htmlFor="iss">FHIR base URL (iss)</label>
          <input
            id="iss"
            type="url"
            value={state.iss}
            placeholder="https://launch.smarthealthit.org/v/r4/fhir"
            onChange={(e) => changeIss(e.target.value)}
            readOnly={isEhr && !!state.launch}
          />
          <p className="field-help">
            {isEhr
              ? "Set by the EHR's launch URL."
              : 'Any SMART server: the SMART sandbox, npm run mock-server (http://127.0.0.1:4010/mock/smart/fhir), or a vendor sandbox.'}
          </p>
        </div>
      )}

      <div className="field">
        <span className="field-label">Client</span>
        <div className="field-row" role="radiogroup" aria-label="Client type">
          <label>
            <input type="radio" name="clientType" checked={state.clientType === 'public'} onChange={() => setClientType('public')} /> Public (PKCE only)
          </label>
          <label>
            <input type="radio" name="clientType" checked={state.clientType === 'confidential'} onChange={() => setClientType('confidential')} /> Confidential
            (secret)
          </label>
        </div>
      </div>
      <div className="field">
        <label htmlFor="clientId">client_id</label>
        <input id="clientId" value={state.clientId} onChange={(e) => change({ clientId: e.target.value })} />
      </div>
      {state.clientType === 'confidential' && (
        <>
          <div className="field">
            <label htmlFor="clientSecret">client_secret</label>
            <input id="clientSecret" value={state.clientSecret} onChange={(e) => change({ clientSecret: e.target.value })} />
            {mode === 'live' && (
              <>
                <label>
                  <input type="checkbox" checked={state.rememberSecret} onChange={(e) => change({ rememberSecret: e.target.checked })} /> Remember the secret on
                  this device
                </label>
                <p className="field-help">
                  {state.rememberSecret
                    ? "Kept in this browser's localStorage until you untick this: anyone using this browser profile can read it."
                    : 'Kept for this browser session only (sessionStorage): close the browser and it is gone. The rest of the registration is remembered for this server.'}
                </p>
              </>
            )}
          </div>
          <div className="field">
            <label htmlFor="clientAuth">Client authentication</label>
            <select id="clientAuth" value={state.clientAuth} onChange={(e) => change({ clientAuth: e.target.value as SmartLaunchState['clientAuth'] })}>
              <option value="client_secret_basic">client_secret_basic (Authorization header)</option>
              <option value="client_secret_post">client_secret_post (in the form)</option>
            </select>
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor="redirectUri">redirect_uri</label>
        <input id="redirectUri" value={state.redirectUri} onChange={(e) => change({ redirectUri: e.target.value })} />
        <p className="field-help">Must equal, character for character, a redirect URI registered for the client.</p>
      </div>
      <div className="field field-wide">
        <label htmlFor="scope">scope</label>
        <input id="scope" value={state.scope} onChange={(e) => change({ scope: e.target.value })} />
        <div className="field-row">
          <button type="button" className="btn btn-small" onClick={() => change({ scope: isProvider ? PROVIDER_SCOPES.v2 : DEFAULT_SCOPES[state.launchType] })}>
            SMART v2 scopes
          </button>
          <button type="button" className="btn btn-small" onClick={() => change({ scope: isProvider ? PROVIDER_SCOPES.v1 : V1_SCOPES[state.launchType] })}>
            SMART v1 scopes
          </button>
        </div>
        <p className="field-help">
          <InlineCode
            text={`${isEhr ? "`launch` asks for the EHR's context." : isProvider ? '`launch/patient` makes the server show the practitioner a patient picker; `user/` scopes reach what the practitioner may see.' : '`launch/patient` asks for the patient who signs in as the patient in context.'} \`openid fhirUser\` asks who the user is; \`offline_access\` asks for a refresh token.`}
          />
        </p>
      </div>

      {mode === 'mock' && (
        <div className="field field-wide">
          <span className="field-label">Mock scenario</span>
          <div className="field-row">
            <label>
              <input type="checkbox" checked={state.scenario.skipLogin} onChange={(e) => setScenario({ skipLogin: e.target.checked })} /> Skip the login
            </label>
            <label>
              <input type="checkbox" checked={state.scenario.skipConsent} onChange={(e) => setScenario({ skipConsent: e.target.checked })} /> Skip the consent
              screen
            </label>
          </div>
          {!isEhr && (
            <>
              <label htmlFor="scenarioPatient">{isProvider ? 'Patient in context (no picker)' : 'Signed-in patient when the login is skipped'}</label>
              <select id="scenarioPatient" value={state.scenario.patient} onChange={(e) => setScenario({ patient: e.target.value })}>
                <option value="">(the server asks)</option>
                {patients.map((p) => (
                  <option key={p.id} value={p.id}>
                    {displayName(p)} ({p.id})
                  </option>
                ))}
              </select>
            </>
          )}
          <label htmlFor="codeLifetime">Authorization code life</label>
          <select
            id="codeLifetime"
            value={state.scenario.codeLifetime ?? DEFAULT_CODE_LIFETIME_SECONDS}
            onChange={(e) => setScenario({ codeLifetime: Number(e.target.value) })}
          >
            {CODE_LIFETIMES.map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds === DEFAULT_CODE_LIFETIME_SECONDS ? `${seconds} s (strict, the default)` : `${seconds / 60} min (for teaching)`}
              </option>
            ))}
          </select>
          <p className="field-help">
            A longer life leaves time to talk between the callback and the token exchange; the step that receives the code shows the time left.
          </p>
          <label htmlFor="simulatedError">Simulate an error</label>
          <select
            id="simulatedError"
            value={state.scenario.error}
            onChange={(e) => setScenario({ error: e.target.value as SmartLaunchState['scenario']['error'] })}
          >
            <option value="">none</option>
            {SIMULATED_ERRORS.map((err) => (
              <option key={err} value={err}>
                {err}
              </option>
            ))}
          </select>
        </div>
      )}
    </fieldset>
  );
}
