import { Link, NavLink, Outlet } from 'react-router';
import { useState } from 'react';
import { getMode, servedByMockServer, setMode } from './settings';
import type { Mode } from '../flows/flow';

export function Layout() {
  const [mode, setModeState] = useState<Mode>(getMode());
  const change = (m: Mode) => {
    setMode(m);
    setModeState(m);
    // The mock worker is started (or not) at page load: reload to apply.
    window.location.reload();
  };
  return (
    <>
      <header className="app-header">
        <div className="app-header-inner">
          <Link to="/" className="app-title">
            Health OAuth Playground
          </Link>
          <nav aria-label="Main" className="app-nav">
            <NavLink to="/">Flows</NavLink>
            {/* In mock mode the mock EHR is a page of this app (the same document); otherwise a page load starts the mocks. */}
            {mode === 'mock' && !servedByMockServer() ? <Link to="/mock/ehr">Mock EHR</Link> : <a href="/mock/ehr">Mock EHR</a>}
            <NavLink to="/inspect">Inspect an app</NavLink>
          </nav>
          <div className="mode-switch" role="group" aria-label="Mode">
            <span className="mode-label">{servedByMockServer() ? 'served by npm run mock-server' : 'Mode'}</span>
            <button type="button" className={mode === 'mock' ? 'active' : ''} aria-pressed={mode === 'mock'} onClick={() => change('mock')}>
              Mock servers
            </button>
            <button type="button" className={mode === 'live' ? 'active' : ''} aria-pressed={mode === 'live'} onClick={() => change('live')}>
              Live server
            </button>
          </div>
        </div>
      </header>
      <main className="app-main">
        <Outlet />
      </main>
      <footer className="app-footer">
        Every request on screen is what was sent. Specs: SMART App Launch 2.2, RFC 6749, 6750, 7636, 7523, 7662, 9700, MedMij afsprakenstelsel.
      </footer>
    </>
  );
}
