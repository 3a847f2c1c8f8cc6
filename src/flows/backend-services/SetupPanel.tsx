import type { SetupPanelProps } from '../flow';
import { ATTACK_LABELS, ATTACKS, DEFAULT_SCOPE, V1_SCOPE, type Attack, type BackendState, type SigningAlg } from './state';

/** The set-up of a backend services run: where, which key, how it is registered, which scopes, which failure to try. */
export function SetupPanel({ state, onChange, mode, locked }: SetupPanelProps<BackendState>) {
  return (
    <fieldset className="setup-fields" disabled={locked} data-testid="setup-panel">
      <legend className="visually-hidden">Backend services set-up</legend>

      <label className="field">
        <span>FHIR base URL</span>
        <input
          type="url"
          name="fhirBase"
          value={state.fhirBase}
          onChange={(e) => onChange({ fhirBase: e.target.value })}
          placeholder="https://fhir.example.org/r4"
          spellCheck={false}
        />
        <small>Discovery reads {'{FHIR base}'}/.well-known/smart-configuration.</small>
      </label>

      <label className="field">
        <span>client_id</span>
        <input
          type="text"
          name="client_id"
          value={state.client_id}
          readOnly={mode === 'mock'}
          onChange={(e) => onChange({ client_id: e.target.value })}
          placeholder={mode === 'mock' ? 'Given by the server at registration' : 'The client_id your server registered'}
          spellCheck={false}
        />
        <small>
          {mode === 'mock'
            ? 'Filled in when the client is registered (step 2).'
            : 'Live mode: register the public key with your server first; step 2 is then skipped.'}
        </small>
      </label>

      <label className="field">
        <span>Key algorithm</span>
        <select name="alg" value={state.alg} onChange={(e) => onChange({ alg: e.target.value as SigningAlg })}>
          <option value="RS384">RS384 (RSA 2048, SHA-384)</option>
          <option value="ES384">ES384 (EC P-384, SHA-384)</option>
        </select>
      </label>

      <div className="field" role="radiogroup" aria-label="Key">
        <span>Key</span>
        <label>
          <input type="radio" name="keySource" value="generate" checked={state.keySource === 'generate'} onChange={() => onChange({ keySource: 'generate' })} />
          Generate a key in this browser (non-extractable)
        </label>
        <label>
          <input type="radio" name="keySource" value="import" checked={state.keySource === 'import'} onChange={() => onChange({ keySource: 'import' })} />
          Import my private key
        </label>
        {state.keySource === 'generate' && (
          <label>
            <input type="checkbox" name="keepKey" checked={state.keepKey} onChange={(e) => onChange({ keepKey: e.target.checked })} />
            Reuse my key from the last run (kept in this browser)
          </label>
        )}
      </div>

      {state.keySource === 'import' && (
        <label className="field">
          <span>Private key (PKCS#8 PEM or private JWK)</span>
          <textarea
            name="importText"
            rows={6}
            value={state.importText}
            onChange={(e) => onChange({ importText: e.target.value })}
            placeholder={'-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----'}
            spellCheck={false}
          />
          <small>Use a test key only. It is imported as a non-extractable key in step 1, then cleared from this field.</small>
        </label>
      )}

      <label className="field">
        <span>Register the key</span>
        <select name="registration" value={state.registration} onChange={(e) => onChange({ registration: e.target.value as BackendState['registration'] })}>
          <option value="by-value">By value (jwks in the registration)</option>
          <option value="by-url">By URL (jwks_uri; the JWK Set is published on the mock's JWKS host)</option>
        </select>
      </label>

      <label className="field">
        <span>Scope</span>
        <input type="text" name="scope" value={state.scope} onChange={(e) => onChange({ scope: e.target.value })} spellCheck={false} />
        <small>
          <button type="button" className="btn btn-link" onClick={() => onChange({ scope: DEFAULT_SCOPE })}>
            v2: {DEFAULT_SCOPE}
          </button>{' '}
          <button type="button" className="btn btn-link" onClick={() => onChange({ scope: V1_SCOPE })}>
            v1: {V1_SCOPE}
          </button>
        </small>
      </label>

      <label className="field">
        <span>Try a failure</span>
        <select name="attack" value={state.attack} onChange={(e) => onChange({ attack: e.target.value as Attack })}>
          {ATTACKS.map((a) => (
            <option key={a} value={a}>
              {ATTACK_LABELS[a]}
            </option>
          ))}
        </select>
        <small>Each failure breaks one rule; the server must refuse the token request and say which check failed.</small>
      </label>
    </fieldset>
  );
}
