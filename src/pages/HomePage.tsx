import { useEffect } from 'react';
import { Link } from 'react-router';
import { wantMocks } from '../app/mocks-ready';
import { FLOWS } from '../flows/registry';
import { getMode, servedByMockServer } from '../app/settings';

export function HomePage() {
  const mode = getMode();
  // A pointer over a link, or a link in focus, is the user heading for a page that may need the mocks: start them now.
  useEffect(() => {
    const heading = (event: Event) => {
      if (event.target instanceof Element && event.target.closest('a[href]')) wantMocks();
    };
    document.addEventListener('pointerover', heading);
    document.addEventListener('focusin', heading);
    return () => {
      document.removeEventListener('pointerover', heading);
      document.removeEventListener('focusin', heading);
    };
  }, []);
  return (
    <div className="home">
      <section className="intro">
        <h1>Learn healthcare OAuth by doing it</h1>
        <p>
          Pick a flow and walk through it one step at a time. Every redirect, parameter, code, state, PKCE value, token and FHIR call is on screen, with why the
          step exists and a link to the spec. Copy anything.
        </p>
        <p className="mode-note">
          {servedByMockServer()
            ? 'This page is served by npm run mock-server: the mock servers answer over real HTTP on this origin.'
            : mode === 'mock'
              ? 'Mock mode: the authorization server, DigiD and the FHIR server run inside this browser tab (Mock Service Worker). Works offline.'
              : "Live mode: the flows talk to the server you name in each flow's set-up."}
        </p>
        <p>
          <Link to="/labs">Attack labs</Link>: play CSRF, code interception, code replay, an open redirector and mix-up against the mock servers, with the
          defence off and on.
        </p>
      </section>
      <ul className="flow-list">
        {FLOWS.map((f) => (
          <li key={f.id} className="flow-card">
            <h2>
              <Link to={`/flows/${f.id}`}>{f.title}</Link>
            </h2>
            <p>{f.summary}</p>
            <p className="tags">
              {f.tags.map((t) => (
                <span key={t} className="chip">
                  {t}
                </span>
              ))}
            </p>
            <div className="flow-card-actions">
              <Link className="btn btn-primary" to={`/flows/${f.id}`}>
                Open {f.title}
              </Link>
              {f.id === 'ehr-launch' && (
                <a className="btn btn-secondary" href="/mock/ehr">
                  Launch from the mock EHR
                </a>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
