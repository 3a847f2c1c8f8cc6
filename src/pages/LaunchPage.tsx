import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { findFlow } from '../flows/registry';
import { FlowRunner } from '../flows/runner';
import { getMode, loadLiveRegistration } from '../app/settings';

/** What the launch page shows: working, an incomplete URL, the question about an unknown server, or the user's "no". */
type LaunchView =
  | { kind: 'starting' }
  | { kind: 'incomplete'; reason: string }
  | { kind: 'confirm'; iss: string; host: string; start: () => void }
  | { kind: 'cancelled'; iss: string };

/**
 * The app's launch URL for an EHR launch: `/launch?iss=...&launch=...`.
 * It starts a fresh EHR launch run with iss and launch from the URL, as the
 * client the user registered for that iss. An iss the app does not know is
 * shown to the user first, even with ?auto=1: anyone can craft a launch link.
 */
export function LaunchPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { search } = useLocation();
  const [view, setView] = useState<LaunchView>({ kind: 'starting' });
  useEffect(() => {
    const params = new URLSearchParams(search);
    const iss = params.get('iss');
    const launch = params.get('launch');
    if (!iss || !launch) {
      setView({
        kind: 'incomplete',
        reason: `The launch URL needs both iss and launch; it has ${[iss && 'iss', launch && 'launch'].filter(Boolean).join(' and ') || 'neither'}.`,
      });
      return;
    }
    const launchUrl = `${window.location.origin}/launch${search}`;
    let cancelled = false;
    // The flow page is where the launch goes next: its code loads alongside the flow's, and the flow
    // (with its set-up panel) is in the query cache when the page asks for it, so it renders at once.
    void import('./FlowPage');
    const flow = findFlow('ehr-launch');
    if (flow) void queryClient.prefetchQuery({ queryKey: ['flow', flow.id], queryFn: () => flow.load() });
    void Promise.all([import('../flows/smart-launch/ehr-launch'), import('../flows/smart-launch/launch-entry')]).then(([{ ehrLaunchModule }, entry]) => {
      if (cancelled) return;
      const env = { storage: sessionStorage, origin: window.location.origin, mode: getMode() };
      const saved = loadLiveRegistration(iss);
      const start = () => {
        // The runner starts the run; the flow page (the next route) opens it from the journal.
        FlowRunner.startFromLaunch(ehrLaunchModule, env, entry.ehrLaunchState(iss, launch, env, saved), launchUrl);
        // Everything but iss and launch goes on to the flow page: a set-up link's parameters (client, scope, ...) and auto.
        const onward = new URLSearchParams([...params].filter(([k]) => k !== 'iss' && k !== 'launch')).toString();
        void navigate(`/flows/${ehrLaunchModule.definition.id}${onward ? `?${onward}` : ''}`, { replace: true });
      };
      const trust = entry.classifyLaunchIss(iss, env.origin, saved);
      if (trust.kind === 'invalid') setView({ kind: 'incomplete', reason: trust.reason });
      else if (trust.kind === 'unknown') setView({ kind: 'confirm', iss, host: trust.url.host, start });
      else start();
    });
    return () => {
      cancelled = true;
    };
  }, [navigate, queryClient, search]);

  switch (view.kind) {
    case 'starting':
      return <p>Starting the EHR launch…</p>;
    case 'incomplete':
      return (
        <section className="error-panel" role="alert">
          <h1>This is not a complete launch</h1>
          <p>
            <strong>What failed:</strong> {view.reason}
          </p>
          <p>
            <strong>What to do:</strong> launch the app from an EHR, such as the <a href="/mock/ehr">mock EHR</a>, which adds both parameters.
          </p>
        </section>
      );
    case 'confirm':
      return (
        <section className="launch-confirm" aria-labelledby="launch-confirm-title" data-testid="launch-confirm">
          <h1 id="launch-confirm-title">Start an EHR launch with {view.host}?</h1>
          <p>This launch link asks the app to use the FHIR server</p>
          <p>
            <code data-testid="launch-iss">{view.iss}</code>
          </p>
          <p>
            <strong>Why you are asked:</strong> you have not used this server in the playground before, and anyone can write a launch link with any{' '}
            <code>iss</code>. Continuing lets that server name the authorization server your browser is sent to, with this app's authorization request, where
            you would sign in. SMART App Launch advises apps to accept an <code>iss</code> only from servers they trust, and RFC 9700 (the OAuth security best
            practice, §4.4 on mix-up attacks) shows what an authorization server chosen by an attacker can do with a client's request. Continue only if you
            expected this launch and know this server.
          </p>
          <div className="step-controls">
            <button type="button" className="btn btn-primary" onClick={view.start}>
              Continue to {view.host}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setView({ kind: 'cancelled', iss: view.iss })}>
              Cancel
            </button>
          </div>
          <p className="field-help">
            Nothing has been sent to this server yet. Once you save a client registration for it (the live-mode set-up), the playground will not ask again.
          </p>
        </section>
      );
    case 'cancelled':
      return (
        <section className="launch-confirm" role="status">
          <h1>Launch cancelled</h1>
          <p>
            Nothing was sent to <code>{view.iss}</code>.
          </p>
          <p>
            <Link to="/">Back to the list of flows</Link>
          </p>
        </section>
      );
  }
}
