import type { Ref } from 'react';
import type { RunnerPhase } from '../flows/runner';

/**
 * The browser's trip to the server, seen from the flow page: the Continue that
 * sends it away (after the request was read), and the panel for a run whose
 * browser is away while the flow page shows (Back from the sign-in page, the
 * flow opened again).
 */

/** "Continue: go to <server>", naming the steps that happen there (their cards explain them already). */
export function LeaveButton({
  phase,
  atServer,
  onLeave,
  buttonRef,
}: {
  phase: Extract<RunnerPhase, { kind: 'leaving' }>;
  /** The numbers of the steps that happen while the browser is away. */
  atServer: string[];
  onLeave: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
}) {
  const there =
    atServer.length === 0 ? '' : atServer.length === 1 ? ` (step ${atServer[0]} happens there)` : ` (steps ${atServer[0]}–${atServer.at(-1)} happen there)`;
  return (
    <div className="step-controls">
      {/* A long destination wraps rather than widening the page (390 px screens). */}
      <button type="button" className="btn btn-primary" style={{ whiteSpace: 'normal', textAlign: 'start' }} onClick={onLeave} ref={buttonRef}>
        Continue: go to {phase.to}
        {there}
      </button>
    </div>
  );
}

export function AwayPanel({
  phase,
  stepTitle,
  onResend,
  onStartOver,
}: {
  phase: Extract<RunnerPhase, { kind: 'away' }>;
  stepTitle: string;
  onResend: () => void;
  onStartOver: () => void;
}) {
  return (
    <section className="card away-panel" aria-labelledby="away-heading" data-testid="away-panel">
      <h2 id="away-heading">The run waits for {phase.to}</h2>
      <p>
        At step {phase.step + 1} ({stepTitle}) the browser left for {phase.to}, at {new Date(phase.since).toLocaleTimeString()}. The run goes on when the server
        sends the browser back to this app's <code>/callback</code> with its answer (a code, or an error).
      </p>
      <p>You are here without that answer: you went Back from the server's pages, or opened this page again. Go Forward to return to the server's page, or:</p>
      <div className="step-controls">
        <button type="button" className="btn btn-primary" onClick={onResend}>
          Resend the authorization request
        </button>
        <button type="button" className="btn btn-secondary" onClick={onStartOver}>
          Start over
        </button>
      </div>
      <p className="muted">
        A new request gets a new state (and, where the flow uses PKCE, a new verifier): the set-up and the steps before it are kept, the old request is
        abandoned.
      </p>
    </section>
  );
}
