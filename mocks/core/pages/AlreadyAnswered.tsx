import { Link } from 'react-router';
import { loadLastReturn } from '../../../src/flows/last-return';
import type { Answered } from '../page-protocol';
import { clockTime } from '../../../src/ui/format';

/**
 * Back (or a reload) onto a server's page after its answer went back to the
 * app: the page says so, instead of a login for a request that is used up,
 * and leads back to the flow or to a new request.
 */
export function AlreadyAnswered({ answered }: { answered: Answered }) {
  const when = answered.at ? clockTime(answered.at) : 'earlier';
  const app = new URL(answered.redirectUri).origin;
  // In this tab the app remembers which flow took the last answer; on another origin only the app's address is known.
  const last = app === window.location.origin ? loadLastReturn(sessionStorage) : undefined;
  return (
    <section role="alert" className="mock-card mock-error" data-testid="already-answered">
      <h1>This request was already answered</h1>
      {answered.outcome === 'code' ? (
        <p>
          This authorization request was already answered: its code went back to the app at {when}. A code is used once, so this page does not send it again.
        </p>
      ) : (
        <p>
          This authorization request was already answered: its answer (<code>{answered.error ?? 'an error'}</code>) went back to the app at {when}.
        </p>
      )}
      <p>You came here with Back or a reload. The run goes on in the app; for a new code, the app sends a new request.</p>
      {last ? (
        <p className="mock-actions">
          <Link className="mock-button" to={`/flows/${last.flowId}`}>
            Back to the flow
          </Link>{' '}
          <Link className="mock-button mock-button-secondary" to={`/flows/${last.flowId}?resend=1`}>
            Start a new authorization request
          </Link>
        </p>
      ) : (
        <p className="mock-actions">
          <a className="mock-button" href={`${app}/`}>
            Back to the app
          </a>{' '}
          (start a new request from its flow page)
        </p>
      )}
    </section>
  );
}
