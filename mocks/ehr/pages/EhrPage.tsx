import { useEffect, useState, type FormEvent } from 'react';
import { EHR_PREFIX } from '../../paths';
import { mockPageEnv } from '../../core/pages/page-env';
import { useFollow } from '../../core/pages/useFollow';
import type { Scenario, SimulatedError } from '../../smart-auth/scenario';
import type { EhrContext, LaunchAnswer, LaunchRequest } from '../server';
import { errorText } from '../../../src/protocol/step-failure';

/**
 * The mock EHR: the clinician's screen from which a SMART app is launched.
 * Launch POSTs the chosen context to the EHR, which stores it under a launch id
 * and answers where to send the browser: the app's launch URL with iss and launch.
 */
type Load = { kind: 'loading' } | { kind: 'ready'; context: EhrContext } | { kind: 'failed'; message: string };

async function readProblem(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: string; error_description?: string };
    return body.error_description ?? body.error ?? `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

export function EhrPage() {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });

  useEffect(() => {
    let cancelled = false;
    mockPageEnv()
      .fetch(`${EHR_PREFIX}/context`, { headers: { accept: 'application/json' } })
      .then(async (res) => {
        if (!res.ok) throw new Error(await readProblem(res));
        return (await res.json()) as EhrContext;
      })
      .then((context) => !cancelled && setLoad({ kind: 'ready', context }))
      .catch((e: Error) => !cancelled && setLoad({ kind: 'failed', message: e.message }));
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <main className="mock-page mock-ehr">
      <p className="mock-banner" role="note">
        Mock EHR — this page belongs to the mock EHR, not to the app
      </p>
      <h1>Launch a SMART app from the EHR</h1>
      {load.kind === 'loading' && <p aria-live="polite">Loading the EHR…</p>}
      {load.kind === 'failed' && (
        <p role="alert" className="mock-problem">
          The mock EHR did not answer: {load.message}. Is the mock server running?
        </p>
      )}
      {load.kind === 'ready' && <LaunchForm context={load.context} />}
    </main>
  );
}

function LaunchForm({ context }: { context: EhrContext }) {
  // The form starts from its URL, so a launch set-up is a link: ?patient= &practitioner= &encounter= &login=skip &consent=skip
  // &error= &launchUrl= (the playground's "Launch from the mock EHR"), ?client_id= (the Inspect page's). Unknown values are ignored.
  const [given] = useState(() => new URLSearchParams(window.location.search));
  const known = (name: string, values: string[]) => (values.includes(given.get(name) ?? '') ? given.get(name)! : undefined);
  const [patient, setPatient] = useState(
    known(
      'patient',
      context.patients.map((p) => p.id),
    ) ??
      context.patients[0]?.id ??
      '',
  );
  const [practitioner, setPractitioner] = useState(
    known(
      'practitioner',
      context.practitioners.map((p) => p.id),
    ) ??
      context.practitioners[0]?.id ??
      '',
  );
  const [encounter, setEncounter] = useState(
    known(
      'encounter',
      context.encounters.filter((e) => e.patient === patient).map((e) => e.id),
    ) ?? '',
  );
  // ?client_id= (the Inspect page's link): launch a registered app at its registered launch_uri.
  const [clientId, setClientId] = useState(() => given.get('client_id') ?? '');
  const [launchUrl, setLaunchUrl] = useState(() => given.get('launchUrl') ?? (clientId ? '' : `${window.location.origin}/launch`));
  const [skipLogin, setSkipLogin] = useState(given.get('login') === 'skip');
  const [skipConsent, setSkipConsent] = useState(given.get('consent') === 'skip');
  const [error, setError] = useState<SimulatedError | ''>((known('error', context.simulatedErrors) as SimulatedError | undefined) ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const follow = useFollow();

  const encounters = context.encounters.filter((e) => e.patient === patient);

  const launch = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const scenario: Scenario = {
      ...(skipLogin ? { skipLogin } : {}),
      ...(skipConsent ? { skipConsent } : {}),
      ...(error ? { error } : {}),
    };
    const body: LaunchRequest = {
      patient,
      practitioner,
      ...(encounter ? { encounter } : {}),
      ...(launchUrl ? { launchUrl } : {}),
      ...(clientId.trim() ? { client_id: clientId.trim() } : {}),
      ...(Object.keys(scenario).length > 0 ? { scenario } : {}),
    };
    try {
      const res = await mockPageEnv().fetch(`${EHR_PREFIX}/launch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) {
        setProblem(await readProblem(res));
        return;
      }
      const answer = (await res.json()) as LaunchAnswer;
      // The app's launch URL: on this origin a router navigation (one document), elsewhere a real one.
      follow(answer.location);
    } catch (err) {
      setProblem(`The mock EHR did not answer: ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void launch(e)} className="mock-form mock-card">
      <label>
        Patient
        <select
          value={patient}
          onChange={(e) => {
            setPatient(e.target.value);
            setEncounter('');
          }}
        >
          {context.patients.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} — born {p.birthDate} ({p.id})
            </option>
          ))}
        </select>
      </label>
      <label>
        Signed-in clinician (the app's fhirUser)
        <select value={practitioner} onChange={(e) => setPractitioner(e.target.value)}>
          {context.practitioners.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}, {p.role} ({p.id})
            </option>
          ))}
        </select>
      </label>
      <label>
        Encounter
        <select value={encounter} onChange={(e) => setEncounter(e.target.value)}>
          <option value="">No encounter in context</option>
          {encounters.map((e) => (
            <option key={e.id} value={e.id}>
              {e.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Registered app (client_id, optional)
        <input value={clientId} onChange={(e) => setClientId(e.target.value)} placeholder="app-… from the Inspect page" />
      </label>
      <label>
        App launch URL{clientId.trim() ? ' (empty: the launch_uri it registered)' : ''}
        <input type="url" value={launchUrl} onChange={(e) => setLaunchUrl(e.target.value)} required={!clientId.trim()} />
      </label>
      <fieldset>
        <legend>Scenario options (carried in the FHIR base URL)</legend>
        <label>
          <input type="checkbox" checked={skipLogin} onChange={(e) => setSkipLogin(e.target.checked)} /> Skip the sign-in screen (the clinician is already
          signed in)
        </label>
        <label>
          <input type="checkbox" checked={skipConsent} onChange={(e) => setSkipConsent(e.target.checked)} /> Skip the consent screen
        </label>
        <label>
          Simulated error
          <select value={error} onChange={(e) => setError(e.target.value as SimulatedError | '')}>
            <option value="">None</option>
            {context.simulatedErrors.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <p className="mock-hint">
        The EHR keeps this launch for {Math.round(context.launchTtlSeconds / 60)} minutes and sends the browser to the launch URL with <code>iss</code> (the
        FHIR base) and <code>launch</code> (an opaque id for this context).
      </p>
      {problem && (
        <p role="alert" className="mock-problem">
          {problem}
        </p>
      )}
      <div className="mock-actions">
        <button type="submit" className="mock-button" disabled={busy || !patient || !practitioner}>
          Launch
        </button>
      </div>
    </form>
  );
}
