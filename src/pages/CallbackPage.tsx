import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { receiveReturn } from '../flows/runner';

/**
 * The redirect_uri of every flow. It hands the URL the browser came back with
 * to the flow that is waiting for it, then shows that flow (the code leaves the
 * address bar at once).
 */
export function CallbackPage() {
  const navigate = useNavigate();
  const { pathname, search, hash } = useLocation();
  const [orphan, setOrphan] = useState<string>();
  // The URL handed over already: a second run of the effect (StrictMode) is not a second return.
  const handled = useRef<string | undefined>(undefined);
  useEffect(() => {
    // A router navigation (mock mode) or a full load (a real redirect, a reload): the same URL either way.
    const url = `${window.location.origin}${pathname}${search}${hash}`;
    if (handled.current === url) return;
    handled.current = url;
    const back = receiveReturn(sessionStorage, url);
    if (back.kind === 'orphan') setOrphan(url);
    // A reload of /callback after the hand-over: the flow has this answer already; show it where it stands.
    else if (back.kind === 'already-received') void navigate(`/flows/${back.flowId}`, { replace: true });
    else void navigate(`/flows/${back.flowId}${back.auto ? '?auto=1' : ''}`, { replace: true });
  }, [navigate, pathname, search, hash]);

  if (!orphan) return <p>Returning to the flow…</p>;
  const params = [...new URL(orphan).searchParams.entries()];
  return (
    <section className="error-panel" role="alert">
      <h1>The browser came back, but no flow is waiting for it</h1>
      <p>
        <strong>Why:</strong> the flow's record lives in this tab's session storage. It is missing when the callback opens in another tab or window, after the
        browser was closed, or after "Start over".
      </p>
      <p>
        <strong>What to do:</strong> start the flow again from the <Link to="/">list of flows</Link>, in this tab.
      </p>
      <table>
        <caption>Parameters the browser came back with</caption>
        <thead>
          <tr>
            <th scope="col">name</th>
            <th scope="col">value</th>
          </tr>
        </thead>
        <tbody>
          {params.map(([k, v]) => (
            <tr key={k}>
              <td>
                <code>{k}</code>
              </td>
              <td>
                <code>{v}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
