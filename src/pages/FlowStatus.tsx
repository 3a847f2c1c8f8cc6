import type { RunnerPhase } from '../flows/runner';
import { useChromeText } from '../ui/run-language';
import { clockTime } from '../ui/format';

/** One line under the flow's title: where the run is, and what the user does next. */
export function FlowStatus({ phase }: { phase: RunnerPhase }) {
  const text = useChromeText().status;
  switch (phase.kind) {
    case 'ready':
      return (
        <p className="flow-status" role="status">
          {text.ready}
        </p>
      );
    case 'paused':
      return (
        <p className="flow-status" role="status">
          {phase.afterReturn ? text.pausedAfterReturn(phase.next + 1) : text.paused(phase.next + 1)}
        </p>
      );
    case 'returned':
      return (
        <p className="flow-status" role="status" aria-busy="true">
          {text.returned(phase.next + 1)}
        </p>
      );
    case 'running':
      return (
        <p className="flow-status" role="status" aria-busy="true">
          {text.running(phase.step + 1)}
        </p>
      );
    case 'leaving':
      return (
        <p className="flow-status" role="status">
          {text.leaving(phase.step + 1, phase.to)}
        </p>
      );
    case 'away':
      return (
        <p className="flow-status" role="status">
          {text.away(phase.to, phase.step + 1, clockTime(phase.since))}
        </p>
      );
    case 'failed':
      return (
        <p className="flow-status flow-status-failed" role="status">
          {text.failed(phase.step + 1, phase.error.message)}
        </p>
      );
    case 'finished':
      return (
        <p className="flow-status flow-status-done" role="status">
          {text.finished}
        </p>
      );
  }
}
