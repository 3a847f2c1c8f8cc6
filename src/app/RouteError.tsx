import { isRouteErrorResponse, useRouteError } from 'react-router';
import { errorText } from '../protocol/step-failure';

/** Never a white screen: a render or loading error says what happened and how to get going again. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorText(error);
  return (
    <main className="app-main">
      <section role="alert" className="error-panel">
        <h1>Something went wrong on this page</h1>
        <p>
          <strong>What failed:</strong> {message}
        </p>
        <p>
          <strong>What to do:</strong> reload the page. Your settings are kept. If it happens again, go back to the <a href="/">list of flows</a> and choose
          "Start over" in the flow.
        </p>
        <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </section>
    </main>
  );
}
