import type { Ref } from 'react';
import type { RunnerPhase } from '../flows/runner';
import { useChromeText } from '../ui/run-language';
import { clockTime } from '../ui/format';

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
  const text = useChromeText().leave;
  const there = atServer.length === 0 ? '' : atServer.length === 1 ? text.oneStep(atServer[0]) : text.steps(atServer[0], atServer.at(-1)!);
  return (
    <div className="step-controls">
      {/* A long destination wraps rather than widening the page (390 px screens). */}
      <button type="button" className="btn btn-primary" style={{ whiteSpace: 'normal', textAlign: 'start' }} onClick={onLeave} ref={buttonRef}>
        {text.button(phase.to, there)}
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
  const chrome = useChromeText();
  const text = chrome.away;
  return (
    <section className="card away-panel" aria-labelledby="away-heading" data-testid="away-panel">
      <h2 id="away-heading">{text.heading(phase.to)}</h2>
      <p>{text.where(phase.step + 1, stepTitle, phase.to, clockTime(phase.since))}</p>
      <p>{text.why}</p>
      <div className="step-controls">
        <button type="button" className="btn btn-primary" onClick={onResend}>
          {text.resend}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onStartOver}>
          {chrome.startOver}
        </button>
      </div>
      <p className="muted">{text.note}</p>
    </section>
  );
}
