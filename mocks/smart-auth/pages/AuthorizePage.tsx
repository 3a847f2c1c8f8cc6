import { useState, type FormEvent, type ReactNode } from 'react';
import type { Screen as PageScreen } from '../../core/page-protocol';
import { useScreen, type ScreenState } from '../../core/pages/useScreen';
import { AlreadyAnswered } from '../../core/pages/AlreadyAnswered';
import type { AuthorizeAction, AuthorizeAnswer, AuthorizeScreen, Choice, RequestSummary } from '../screens';

/**
 * The authorization server's page. MSW's worker cannot answer a navigation, so
 * the page asks its own server (same path, POST JSON) which screen to show,
 * sends each decision the same way, and follows `{location}` back to the app.
 * The server's answers are `AuthorizeAnswer`s: a screen (its own error screen
 * included), or where to send the browser.
 */
const decode = (body: unknown): PageScreen<AuthorizeScreen> => {
  const answer = body as AuthorizeAnswer;
  return 'location' in answer ? { kind: 'redirect', location: answer.location } : { kind: 'page', page: answer };
};

// The address names the session once there is one: viewing the page again (a
// reload, Back, a second mount) resumes it where it is instead of starting over.
const resumeQuery = (screen: AuthorizeScreen) => ('session' in screen ? `?session=${encodeURIComponent(screen.session)}` : undefined);

export function AuthorizePage() {
  const { state, act, busy } = useScreen<AuthorizeScreen>({ decode, resumeQuery });
  return (
    <main className="mock-page mock-smart-auth">
      <p className="mock-banner" role="note">
        Mock SMART authorization server — this page belongs to the server, not to the app
      </p>
      <Body state={state} busy={busy} send={act} />
    </main>
  );
}

function Body({ state, busy, send }: { state: ScreenState<AuthorizeScreen>; busy: boolean; send: (a: AuthorizeAction) => Promise<void> }) {
  switch (state.kind) {
    case 'loading':
      return <p aria-live="polite">Checking the authorization request…</p>;
    case 'leaving':
      return (
        <p aria-live="polite">
          Returning to the app: <code className="mock-url">{state.location}</code>
        </p>
      );
    case 'error':
      return (
        <section role="alert" className="mock-error">
          <h1>The authorization server cannot be reached</h1>
          <p>{state.message}</p>
        </section>
      );
    case 'page':
      return <Screen screen={state.page} busy={busy} send={send} />;
  }
}

/** One screen of the conversation (exported for rendering checks). */
export function Screen({ screen, busy, send }: { screen: AuthorizeScreen; busy: boolean; send: (a: AuthorizeAction) => Promise<void> }) {
  switch (screen.screen) {
    case 'login':
      return <LoginScreen screen={screen} busy={busy} send={send} />;
    case 'patient-picker':
      return <PatientPicker screen={screen} busy={busy} send={send} />;
    case 'encounter-picker':
      return <EncounterPicker screen={screen} busy={busy} send={send} />;
    case 'consent':
      return <ConsentScreen screen={screen} busy={busy} send={send} />;
    case 'error':
      return <ErrorScreen error={screen.error} description={screen.error_description} />;
    case 'answered':
      return <AlreadyAnswered answered={screen.answered} />;
  }
}

type ScreenProps<K extends AuthorizeScreen['screen']> = {
  screen: Extract<AuthorizeScreen, { screen: K }>;
  busy: boolean;
  send: (a: AuthorizeAction) => Promise<void>;
};

function RequestFacts({ request }: { request: RequestSummary }) {
  return (
    <details className="mock-request">
      <summary>
        <strong>{request.client_name}</strong> asks for access ({request.launch === 'ehr' ? 'EHR launch' : 'standalone launch'})
      </summary>
      <dl>
        <dt>client_id</dt>
        <dd>
          <code>{request.client_id}</code>
        </dd>
        <dt>redirect_uri</dt>
        <dd>
          <code>{request.redirect_uri}</code>
        </dd>
        <dt>scope</dt>
        <dd>
          <code>{request.scope.join(' ')}</code>
        </dd>
      </dl>
    </details>
  );
}

function Step({ title, request, children }: { title: string; request: RequestSummary; children: ReactNode }) {
  return (
    <section className="mock-card" aria-labelledby="mock-step-title">
      <h1 id="mock-step-title">{title}</h1>
      <RequestFacts request={request} />
      {children}
    </section>
  );
}

function DenyButton({ session, busy, send }: { session: string; busy: boolean; send: (a: AuthorizeAction) => Promise<void> }) {
  return (
    <button type="button" className="mock-button mock-button-secondary" disabled={busy} onClick={() => void send({ action: 'deny', session })}>
      Deny
    </button>
  );
}

function LoginScreen({ screen, busy, send }: ScreenProps<'login'>) {
  const [username, setUsername] = useState(screen.suggested ?? '');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send({ action: 'login', session: screen.session, username, password });
  };
  const who = screen.login === 'patient' ? 'patient' : 'care provider';
  return (
    <Step title={`Sign in as a ${who}`} request={screen.request}>
      <p className="mock-hint">{screen.hint}</p>
      {screen.problem && (
        <p role="alert" className="mock-problem">
          {screen.problem}
        </p>
      )}
      <form onSubmit={submit} className="mock-form">
        <label>
          User name
          {/* The page opens at its first field, so the keyboard starts where the sign-in does. */}
          <input
            name="username"
            autoFocus
            list="mock-accounts"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <datalist id="mock-accounts">
          {screen.accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </datalist>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <div className="mock-actions">
          <button type="submit" className="mock-button" disabled={busy}>
            Sign in
          </button>
          <DenyButton session={screen.session} busy={busy} send={send} />
        </div>
      </form>
      <AccountTable accounts={screen.accounts} onPick={setUsername} />
    </Step>
  );
}

function AccountTable({ accounts, onPick }: { accounts: Choice[]; onPick: (id: string) => void }) {
  return (
    <table className="mock-table">
      <caption>Mock accounts</caption>
      <thead>
        <tr>
          <th scope="col">User name</th>
          <th scope="col">Name</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((a) => (
          <tr key={a.id}>
            <td>
              {/* The accessible name starts with the visible text (WCAG 2.5.3), so speech users can say what they see. */}
              <button type="button" className="mock-link-button" onClick={() => onPick(a.id)} aria-label={`${a.id}: use ${a.name}`}>
                <code>{a.id}</code>
              </button>
            </td>
            <td>{a.name}</td>
            <td>{a.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PatientPicker({ screen, busy, send }: ScreenProps<'patient-picker'>) {
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = screen.patients.filter((p) => !needle || p.name.toLowerCase().includes(needle) || p.id.includes(needle) || p.birthDate.includes(needle));
  return (
    <Step title="Select a patient" request={screen.request}>
      <p>
        Signed in as {screen.user.name}. The app asked for a patient in context (<code>launch/patient</code>); choose whose record it may open.
      </p>
      <label className="mock-search">
        Search patients
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Name, id or birth date" />
      </label>
      <table className="mock-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Birth date</th>
            <th scope="col">Gender</th>
            <th scope="col">
              <span className="visually-hidden">Choose</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p) => (
            <tr key={p.id}>
              <td>
                {p.name} <code>{p.id}</code>
              </td>
              <td>{p.birthDate}</td>
              <td>{p.gender}</td>
              <td>
                <button
                  type="button"
                  className="mock-button"
                  disabled={busy}
                  onClick={() => void send({ action: 'pick-patient', session: screen.session, patient: p.id })}
                  aria-label={`Select ${p.name}`}
                >
                  Select
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p>No patient matches “{filter}”.</p>}
      <div className="mock-actions">
        <DenyButton session={screen.session} busy={busy} send={send} />
      </div>
    </Step>
  );
}

function EncounterPicker({ screen, busy, send }: ScreenProps<'encounter-picker'>) {
  return (
    <Step title="Select an encounter" request={screen.request}>
      <p>
        The app asked for an encounter in context (<code>launch/encounter</code>) for {screen.patient.name}.
      </p>
      {screen.encounters.length === 0 && <p>This patient has no encounters.</p>}
      <ul className="mock-choices">
        {screen.encounters.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              className="mock-button"
              disabled={busy}
              onClick={() => void send({ action: 'pick-encounter', session: screen.session, encounter: e.id })}
            >
              {e.name}
            </button>{' '}
            <code>{e.id}</code>
          </li>
        ))}
      </ul>
      <div className="mock-actions">
        <button
          type="button"
          className="mock-button mock-button-secondary"
          disabled={busy}
          onClick={() => void send({ action: 'pick-encounter', session: screen.session, encounter: null })}
        >
          Continue without an encounter
        </button>
        <DenyButton session={screen.session} busy={busy} send={send} />
      </div>
    </Step>
  );
}

function ConsentScreen({ screen, busy, send }: ScreenProps<'consent'>) {
  const [granted, setGranted] = useState<string[]>(() => screen.scopes.map((s) => s.scope));
  const toggle = (scope: string, on: boolean) =>
    setGranted((g) => (on ? screen.scopes.map((s) => s.scope).filter((s) => s === scope || g.includes(s)) : g.filter((s) => s !== scope)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send({ action: 'consent', session: screen.session, scopes: granted });
  };
  return (
    <Step title={`Allow ${screen.request.client_name} access?`} request={screen.request}>
      <dl className="mock-context">
        <dt>Signed in as</dt>
        <dd>{screen.user.name}</dd>
        {screen.patient && (
          <>
            <dt>Patient</dt>
            <dd>
              {screen.patient.name} {screen.patient.detail && <span>({screen.patient.detail})</span>}
            </dd>
          </>
        )}
        {screen.encounter && (
          <>
            <dt>Encounter</dt>
            <dd>{screen.encounter.name}</dd>
          </>
        )}
      </dl>
      <form onSubmit={submit} className="mock-form">
        <fieldset>
          <legend>The app asks to</legend>
          <p className="mock-hint">Untick what you do not want to allow; the app gets only what stays ticked.</p>
          <ul className="mock-scopes">
            {screen.scopes.map((s) => (
              <li key={s.scope}>
                <label>
                  <input type="checkbox" checked={granted.includes(s.scope)} onChange={(e) => toggle(s.scope, e.target.checked)} />
                  {s.description} <code>{s.scope}</code>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="mock-actions">
          <button type="submit" className="mock-button" disabled={busy}>
            Allow
          </button>
          <DenyButton session={screen.session} busy={busy} send={send} />
        </div>
      </form>
    </Step>
  );
}

function ErrorScreen({ error, description }: { error: string; description: string }) {
  return (
    <section role="alert" className="mock-card mock-error">
      <h1>The authorization request was refused</h1>
      <p>
        <strong>Error:</strong> <code>{error}</code>
      </p>
      <p>
        <strong>What is wrong:</strong> {description}
      </p>
      <p>
        <strong>Why you were not sent back to the app:</strong> the server only redirects to a redirect_uri registered for a client_id it knows. When either
        cannot be trusted (or the sign-in session is gone) it shows this page instead, so it can never be used to send users and codes to an address an attacker
        chose (RFC 6749 §4.1.2.1).
      </p>
    </section>
  );
}
