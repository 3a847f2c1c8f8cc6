import type { RunnerPhase } from '../flows/runner';

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
          Paused before step {phase.next + 1}. Read what happened, then Continue.
        </p>
      );
    case 'running':
      return (
        <p className="flow-status" role="status" aria-busy="true">
          Running step {phase.step + 1}…
        </p>
      );
    case 'away':
      return (
        <p className="flow-status" role="status">
          The browser is at the server's pages. The flow goes on when it comes back.
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
