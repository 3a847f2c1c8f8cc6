import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { newJournal, saveJournal } from '../journal/persistence';
import { getMode } from '../app/settings';

/**
 * The app's launch URL for an EHR launch: `/launch?iss=...&launch=...`.
 * It starts a fresh EHR launch run with iss and launch from the URL.
 */
export function LaunchPage() {
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const iss = params.get('iss');
    const launch = params.get('launch');
    if (!iss || !launch) {
      setError(`The launch URL needs both iss and launch; it has ${[iss && 'iss', launch && 'launch'].filter(Boolean).join(' and ') || 'neither'}.`);
      return;
    }
    void import('../flows/smart-launch/ehr-launch').then(({ ehrLaunchModule }) => {
      const { definition } = ehrLaunchModule;
      const state = { ...ehrLaunchModule.initialState({ origin: window.location.origin, mode: getMode() }), iss, launch };
      const journal = { ...newJournal(definition.id, definition.steps.map((s) => s.id), state), incomingUrl: window.location.href };
      saveJournal(sessionStorage, journal);
      navigate(`/flows/${definition.id}${params.get('auto') === '1' ? '?auto=1' : ''}`, { replace: true });
    });
  }, [navigate]);
  if (!error) return <p>Starting the EHR launch…</p>;
  return (
    <section className="error-panel" role="alert">
      <h1>This is not a complete launch</h1>
      <p><strong>What failed:</strong> {error}</p>
      <p><strong>What to do:</strong> launch the app from an EHR, such as the <a href="/mock/ehr">mock EHR</a>, which adds both parameters.</p>
    </section>
  );
}
