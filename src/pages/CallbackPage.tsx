import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { AWAITING_FLOW_KEY, withReturn } from '../flows/runner';
import { loadJournal, saveJournal } from '../journal/persistence';

/**
 * The redirect_uri of every flow. It hands the URL the browser came back with
 * to the flow that is waiting for it, then shows that flow (the code leaves the
 * address bar at once).
 */
export function CallbackPage() {
  const navigate = useNavigate();
  const [orphan, setOrphan] = useState<string>();
  useEffect(() => {
    const flowId = sessionStorage.getItem(AWAITING_FLOW_KEY);
    const journal = flowId ? loadJournal(sessionStorage, flowId) : undefined;
    if (!flowId || !journal) {
      setOrphan(window.location.href);
      return;
    }
    saveJournal(sessionStorage, withReturn(journal, window.location.href));
    sessionStorage.removeItem(AWAITING_FLOW_KEY);
    navigate(`/flows/${flowId}${journal.auto ? '?auto=1' : ''}`, { replace: true });
  }, [navigate]);

  if (!orphan) return <p>Returning to the flow…</p>;
  const params = [...new URL(orphan).searchParams.entries()];
  return (
    <section className="error-panel" role="alert">
      <h1>The browser came back, but no flow is waiting for it</h1>
      <p>
        <strong>Why:</strong> the flow's record lives in this tab's session storage. It is missing when the callback opens in
        another tab or window, after the browser was closed, or after "Start over".
      </p>
      <p><strong>What to do:</strong> start the flow again from the <Link to="/">list of flows</Link>, in this tab.</p>
      <table>
        <caption>Parameters the browser came back with</caption>
        <thead><tr><th scope="col">name</th><th scope="col">value</th></tr></thead>
        <tbody>{params.map(([k, v]) => <tr key={k}><td><code>{k}</code></td><td><code>{v}</code></td></tr>)}</tbody>
      </table>
    </section>
  );
}
