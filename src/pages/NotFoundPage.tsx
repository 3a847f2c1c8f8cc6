import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <section className="error-panel" role="alert">
      <h1>No page at {pathname}</h1>
      <p>
        Go back to the <Link to="/">list of flows</Link>.
      </p>
    </section>
  );
}
