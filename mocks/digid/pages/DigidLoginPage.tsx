import { useState, type FormEvent } from 'react';
import type { DigidLoginPage as LoginData } from '../server';
import { ScreenStatus } from '../../core/pages/ScreenStatus';
import { useScreen } from '../../core/pages/useScreen';

/** DigiD's login page, as the mock shows it: test accounts, username and password, Inloggen or Annuleren. */
export function DigidLoginPage() {
  const { state, act, busy } = useScreen<LoginData>();
  const [picked, setPicked] = useState<string>();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  if (state.kind !== 'page') {
    return (
      <main className="mock-page digid">
        <MockBanner />
        <ScreenStatus state={state} />
      </main>
    );
  }
  const { page } = state;
  const selected = picked ?? page.preselect;
  const effectiveUser = username || (selected ?? '');
  const effectivePassword = password || (selected ? page.testPassword : '');
  const choose = (name: string) => {
    setPicked(name);
    setUsername(name);
    setPassword(page.testPassword);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act({ action: 'login', username: effectiveUser, password: effectivePassword });
  };

  return (
    <main className="mock-page digid" lang="nl">
      <MockBanner />
      <h1>Inloggen bij DigiD</h1>
      <p>
        <strong>{page.request.providerName ?? page.request.issuer}</strong> vraagt u in te loggen met DigiD, minimaal op niveau{' '}
        <strong>{page.request.level}</strong>. <span lang="en">(The service asks for a DigiD login at level {page.request.level} or higher.)</span>
      </p>

      <form onSubmit={submit}>
        <fieldset>
          <legend>Testaccounts (test accounts)</legend>
          <table>
            <thead>
              <tr>
                <th scope="col">Kies</th>
                <th scope="col">Naam</th>
                <th scope="col">BSN</th>
                <th scope="col">Geboortedatum</th>
                <th scope="col">Leeftijd (age)</th>
              </tr>
            </thead>
            <tbody>
              {page.accounts.map((a, i) => (
                <tr key={a.username}>
                  <td>
                    <input
                      // The page opens at its first field, so the keyboard starts where the sign-in does.
                      autoFocus={i === 0}
                      type="radio"
                      name="account"
                      id={`acc-${a.username}`}
                      data-testid={`digid-account-${a.username}`}
                      checked={selected === a.username}
                      onChange={() => choose(a.username)}
                    />
                  </td>
                  <td>
                    <label htmlFor={`acc-${a.username}`}>{a.name}</label>
                  </td>
                  <td>
                    <code>{a.bsn}</code>
                  </td>
                  <td>{a.birthDate}</td>
                  <td>
                    {a.age}
                    {a.age < 16 ? ' (jonger dan 16 / under 16)' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>

        <p>
          <label htmlFor="digid-username">DigiD gebruikersnaam</label>
          <br />
          <input id="digid-username" data-testid="digid-username" autoComplete="off" value={effectiveUser} onChange={(e) => setUsername(e.target.value)} />
        </p>
        <p>
          <label htmlFor="digid-password">Wachtwoord</label>
          <br />
          <input id="digid-password" data-testid="digid-password" type="password" value={effectivePassword} onChange={(e) => setPassword(e.target.value)} />
          <br />
          <small>
            Testwachtwoord voor alle accounts: <code>{page.testPassword}</code>
          </small>
        </p>
        {state.notice && (
          <p role="alert" data-testid="digid-error">
            <strong>{state.notice.title}:</strong> {state.notice.message}
          </p>
        )}
        <p>
          <button type="submit" data-testid="digid-login" disabled={busy || !effectiveUser}>
            Inloggen
          </button>{' '}
          <button type="button" data-testid="digid-cancel" disabled={busy} onClick={() => void act({ action: 'cancel' })}>
            Annuleren
          </button>
        </p>
      </form>

      <details>
        <summary>Het ontvangen AuthnRequest (the AuthnRequest this page received, decoded)</summary>
        <p>
          SAMLRequest = base64(deflate-raw(XML)), HTTP-Redirect binding. RelayState: <code>{page.request.relayState ?? '(none)'}</code>. After login DigiD sends
          the browser to <code>{page.request.assertionConsumerServiceUrl}</code> with a SAML artifact.
        </p>
        <pre data-testid="digid-authnrequest">{page.request.xml}</pre>
      </details>
    </main>
  );
}

function MockBanner() {
  return (
    <p className="mock-banner" role="note" data-testid="digid-mock-banner">
      <strong>Nagebootste DigiD (mock).</strong> Dit is niet de echte DigiD: vul hier nooit uw eigen gegevens in. This is the playground's mock DigiD; it only
      knows the test accounts below.
    </p>
  );
}
