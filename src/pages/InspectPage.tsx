import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { servedByMockServer } from '../app/settings';
import { CodeBlock, CopyButton, ExchangeView, SpecLinks } from '../ui';
import type { Exchange } from '../journal/types';
import type { Check, CheckStatus, InspectionReport } from '../../mocks/public';
import { errorText } from '../protocol/step-failure';
import { clockTime } from '../ui/format';

/**
 * "Inspect an app": register your own SMART app at the mock server, run it,
 * and watch the server grade each of its requests against the SMART client
 * checklist. Works where the page is served by `npm run mock-server`: there
 * the mocks are real HTTP on this origin, reachable from an app anywhere.
 */
const STORAGE_KEY = 'playground:inspect';
const POLL_MS = 2000;

interface Registration {
  client_id: string;
  client_secret?: string;
  registration_access_token: string;
  inspector_uri: string;
  redirect_uris: string[];
  launch_uri?: string;
  token_endpoint_auth_method: string;
  scope?: string;
}

/** The registration access token lasts this browser session (sessionStorage), like a client secret in live mode. */
function loadRegistration(): Registration | undefined {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Registration) : undefined;
  } catch {
    return undefined;
  }
}

export function InspectPage() {
  const [registration, setRegistration] = useState<Registration | undefined>(loadRegistration);
  if (!servedByMockServer()) return <NeedsMockServer />;
  const origin = window.location.origin;
  const save = (r: Registration | undefined) => {
    if (r) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(r));
    else sessionStorage.removeItem(STORAGE_KEY);
    setRegistration(r);
  };
  return (
    <section className="inspect-page">
      <h1>Inspect an app</h1>
      <p>
        Register your own SMART app here, point it at this server, and run it. Every request it makes to the SMART servers is recorded and checked against the
        SMART client checklist: discovery, state, PKCE, <code>aud</code>, <code>launch</code>, scopes, the token request, the code's single use, Bearer tokens
        at the FHIR server, refresh.
      </p>
      {registration ? (
        <>
          <RegisteredApp registration={registration} origin={origin} onForget={() => save(undefined)} />
          <Runs registration={registration} />
        </>
      ) : (
        <RegisterForm origin={origin} onRegistered={save} />
      )}
    </section>
  );
}

function NeedsMockServer() {
  return (
    <section className="inspect-page">
      <h1>Inspect an app</h1>
      <div role="note" className="banner banner-error" data-testid="needs-mock-server">
        <p>
          <strong>The in-browser mock servers cannot serve your app.</strong> They run in this tab's service worker, and a service worker only sees the requests
          of pages on its own origin. Your app runs on another origin (its own dev server, or Node), so its discovery, authorize, token and FHIR requests would
          go out to the network, where nothing answers them.
        </p>
        <p>
          Run <code>npm run mock-server</code> and open <a href="http://127.0.0.1:4010/inspect">http://127.0.0.1:4010/inspect</a>: there the same servers are
          real HTTP that any app can reach, and this page registers your app and shows its runs.
        </p>
      </div>
    </section>
  );
}

function RegisterForm({ origin, onRegistered }: { origin: string; onRegistered: (r: Registration) => void }) {
  const [name, setName] = useState('My SMART app');
  const [method, setMethod] = useState('none');
  const [redirects, setRedirects] = useState('http://localhost:3000/callback');
  const [launchUri, setLaunchUri] = useState('http://localhost:3000/launch');
  const [scope, setScope] = useState('launch launch/patient openid fhirUser offline_access patient/*.rs');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const metadata = {
      client_name: name,
      token_endpoint_auth_method: method,
      grant_types: ['authorization_code', 'refresh_token'],
      redirect_uris: redirects.split(/\s+/).filter(Boolean),
      ...(launchUri.trim() ? { launch_uri: launchUri.trim() } : {}),
      ...(scope.trim() ? { scope: scope.trim() } : {}),
    };
    try {
      const res = await fetch(`${origin}/mock/smart/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(metadata),
      });
      const body = (await res.json()) as Registration & { error?: string; error_description?: string };
      if (!res.ok) {
        setProblem(`${body.error ?? `HTTP ${res.status}`}: ${body.error_description ?? 'the server refused the registration'}`);
        return;
      }
      onRegistered(body);
    } catch (err) {
      setProblem(`The mock server did not answer: ${errorText(err)}. Is npm run mock-server still running?`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="setup-form" onSubmit={(e) => void submit(e)} aria-label="Register your app">
      <h2>1. Register your app</h2>
      <p className="muted">
        RFC 7591 dynamic registration at <code>{origin}/mock/smart/auth/register</code> (the <code>registration_endpoint</code> of discovery). Registrations
        last 24 hours on this server.
      </p>
      <label>
        App name
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Client type
        <select value={method} onChange={(e) => setMethod(e.target.value)}>
          <option value="none">Public (none: PKCE, no secret)</option>
          <option value="client_secret_basic">Confidential, client_secret_basic</option>
          <option value="client_secret_post">Confidential, client_secret_post</option>
        </select>
      </label>
      <label>
        Redirect URIs (one per line; https, or http on localhost)
        <textarea value={redirects} onChange={(e) => setRedirects(e.target.value)} rows={2} />
      </label>
      <label>
        Launch URL (launch_uri, for EHR launches)
        <input value={launchUri} onChange={(e) => setLaunchUri(e.target.value)} />
      </label>
      <label>
        Scopes it may ask for
        <input value={scope} onChange={(e) => setScope(e.target.value)} />
      </label>
      {problem && (
        <p role="alert" className="form-problem">
          {problem}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Register
      </button>
    </form>
  );
}

function RegisteredApp({ registration: r, origin, onForget }: { registration: Registration; origin: string; onForget: () => void }) {
  const iss = `${origin}/mock/smart/fhir`;
  const ehr = `${origin}/mock/ehr?client_id=${encodeURIComponent(r.client_id)}`;
  const ci = `curl -s -H "Authorization: Bearer ${r.registration_access_token}" ${r.inspector_uri} | jq '.runs[-1].checks[] | select(.status=="fail")'`;
  return (
    <section aria-label="Your app">
      <h2>2. Put these in your app</h2>
      <dl className="inspect-registration">
        <dt>client_id</dt>
        <dd>
          <code data-testid="client-id">{r.client_id}</code> <CopyButton value={r.client_id} label="client_id" />
        </dd>
        {r.client_secret && (
          <>
            <dt>client_secret ({r.token_endpoint_auth_method})</dt>
            <dd>
              <code data-testid="client-secret">{r.client_secret}</code> <CopyButton value={r.client_secret} label="client_secret" />
            </dd>
          </>
        )}
        <dt>FHIR base (iss) for a standalone launch</dt>
        <dd>
          <code>{iss}</code> <CopyButton value={iss} label="iss" />
        </dd>
        <dt>Redirect URIs (exact match)</dt>
        <dd>{r.redirect_uris.join(', ')}</dd>
        {r.scope && (
          <>
            <dt>Scopes</dt>
            <dd>{r.scope}</dd>
          </>
        )}
      </dl>
      <p>
        <strong>EHR launch:</strong>{' '}
        {r.launch_uri ? (
          <a href={ehr} target="_blank" rel="noopener noreferrer">
            Launch it from the mock EHR
          </a>
        ) : (
          'register a launch URL to launch it from the mock EHR'
        )}
        . <strong>Standalone:</strong> start it in your app with the iss above.
      </p>
      <details>
        <summary>For CI: read the checks as JSON</summary>
        <CodeBlock label="Failing checks of the last run">{ci}</CodeBlock>
      </details>
      <button type="button" onClick={onForget}>
        Register another app
      </button>
    </section>
  );
}

async function fetchReport(r: Registration): Promise<InspectionReport> {
  const res = await fetch(r.inspector_uri, { headers: { authorization: `Bearer ${r.registration_access_token}`, accept: 'application/json' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error_description?: string };
    throw new Error(body.error_description ?? `HTTP ${res.status}`);
  }
  return (await res.json()) as InspectionReport;
}

function Runs({ registration }: { registration: Registration }) {
  const report = useQuery({
    queryKey: ['inspect', registration.client_id],
    queryFn: () => fetchReport(registration),
    refetchInterval: POLL_MS,
    staleTime: 0,
  });
  return (
    <section aria-label="Runs">
      <h2>3. Run your app: its requests and checks, as they happen</h2>
      {report.isError && (
        <p role="alert" className="form-problem">
          The inspector did not answer: {report.error.message}
        </p>
      )}
      {report.data && report.data.runs.length === 0 && <p aria-live="polite">No request from this app yet. Start it: the page updates every 2 seconds.</p>}
      {report.data?.runs
        .slice()
        .reverse()
        .map((run) => (
          <RunView key={run.id} run={run} />
        ))}
    </section>
  );
}

type ReportRun = InspectionReport['runs'][number];
type ReportRequest = ReportRun['requests'][number];

const BADGE: Record<CheckStatus, string> = { pass: 'badge-ok', fail: 'badge-bad', warn: 'badge-warn', 'not-observable': 'badge-neutral' };
const ICON: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '!', 'not-observable': '?' };

function CheckBadge({ status }: { status: CheckStatus }) {
  return (
    <span className={`badge ${BADGE[status]}`} data-status={status}>
      <span aria-hidden="true">{ICON[status]}</span> {status}
    </span>
  );
}

function CheckItem({ check, detail }: { check: Check; detail?: string }) {
  return (
    <li className="inspect-check" data-testid="check" data-check={check.id} data-status={check.status}>
      <CheckBadge status={check.status} /> <strong>{check.title}</strong>
      <p>{check.summary}</p>
      {detail && <p className="muted">Here: {detail}</p>}
      <SpecLinks links={check.spec} />
    </li>
  );
}

function asExchange(r: ReportRequest): Exchange {
  return {
    kind: 'http',
    id: r.id,
    startedAt: r.at,
    durationMs: 0,
    request: { method: r.method, url: r.url, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}) },
    response: {
      status: r.response.status,
      statusText: r.response.problem ?? '',
      headers: r.response.location ? [['location', r.response.location]] : [],
    },
  };
}

function RunView({ run }: { run: ReportRun }) {
  const unplaced = run.checks.filter((c) => c.evidence.length === 0);
  return (
    <article className="inspect-run" data-testid="run" aria-label={`Run started ${run.started}`}>
      <header>
        <h3>
          {run.kind === 'backend' ? 'Backend services' : run.launch ? 'EHR launch' : 'Launch'} started {clockTime(run.started)}
        </h3>
        <p>
          {(['pass', 'fail', 'warn', 'not-observable'] as const).map((s) => (
            <span key={s}>
              <CheckBadge status={s} /> {run.counts[s]}{' '}
            </span>
          ))}
        </p>
      </header>
      <ol className="inspect-requests">
        {run.requests.map((r) => {
          const here = run.checks.flatMap((c) => c.evidence.filter((e) => e.request === r.id).map((e) => ({ check: c, detail: e.detail })));
          // A check is shown beside the last request it read (the one that decided it).
          const decided = here.filter(({ check }) => check.evidence[check.evidence.length - 1].request === r.id);
          return (
            <li key={r.id} className="inspect-request" data-kind={r.kind}>
              <ExchangeView exchange={asExchange(r)} />
              {decided.length > 0 && (
                <ul className="inspect-checks" aria-label={`Checks of ${r.method} ${r.kind}`}>
                  {decided.map(({ check, detail }) => (
                    <CheckItem key={check.id} check={check} detail={detail} />
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
      {unplaced.length > 0 && (
        <ul className="inspect-checks" aria-label="Checks not tied to one request">
          {unplaced.map((c) => (
            <CheckItem key={c.id} check={c} />
          ))}
        </ul>
      )}
    </article>
  );
}
