import type { RunnerPhase } from '../flows/runner';

const clock = (iso: string) => new Date(iso).toLocaleTimeString();

/** One line under the flow's title: where the run is, and what the user does next. */
export function FlowStatus({ phase }: { phase: RunnerPhase }) {
  switch (phase.kind) {
    case 'ready':
      return (
        <p className="flow-status" role="status">
          Check the set-up, then press Continue to run the first step.
        </p>
      );
    case 'paused':
      return (
        <p className="flow-status" role="status">
          {phase.afterReturn
            ? `The browser came back: read what it brought (the steps above), then Continue with step ${phase.next + 1}.`
            : `Paused before step ${phase.next + 1}. Read what happened, then Continue.`}
        </p>
      );
    case 'returned':
      return (
        <p className="flow-status" role="status" aria-busy="true">
          The browser came back: recording what it brought (step {phase.next + 1})…
        </p>
      );
    case 'running':
      return (
        <p className="flow-status" role="status" aria-busy="true">
          Running step {phase.step + 1}…
        </p>
      );
    case 'leaving':
      return (
        <p className="flow-status" role="status">
          Step {phase.step + 1} built the request below. Read it, and what happens at {phase.to}; the browser leaves on Continue.
        </p>
      );
    case 'away':
      return (
        <p className="flow-status" role="status">
          The browser left for {phase.to} at step {phase.step + 1} ({clock(phase.since)}); the run waits for its answer.
        </p>
      );
    case 'failed':
      return (
        <p className="flow-status flow-status-failed" role="status">
          The flow stopped at step {phase.step + 1}: {phase.error.message}
        </p>
      );
    case 'finished':
      return (
        <p className="flow-status flow-status-done" role="status">
          Flow complete. Every exchange is recorded below; export it if you like.
        </p>
      );
  }
}
