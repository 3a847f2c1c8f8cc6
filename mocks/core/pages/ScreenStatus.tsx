import type { ScreenState } from './useScreen';
import { AlreadyAnswered } from './AlreadyAnswered';

/** What a mock page shows while it loads, leaves, or when its server refused. */
export function ScreenStatus({ state }: { state: ScreenState<unknown> }) {
  if (state.kind === 'loading') return <p aria-busy="true">Bezig… (loading)</p>;
  if (state.kind === 'leaving') {
    return (
      <p aria-busy="true">
        {state.note ? `${state.note} ` : ''}Doorsturen naar <code>{state.location.split('?')[0]}</code>…
      </p>
    );
  }
  if (state.kind === 'error' && state.answered) return <AlreadyAnswered answered={state.answered} />;
  if (state.kind === 'error') {
    return (
      <section className="error-panel" role="alert">
        <h1>{state.title}</h1>
        <p data-testid="mock-error-message">{state.message}</p>
        {state.hint && (
          <p>
            <strong>What to do:</strong> {state.hint}
          </p>
        )}
      </section>
    );
  }
  return null;
}
