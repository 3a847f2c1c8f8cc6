import type { StepStatus } from '../journal/types';

const ICONS: Record<StepStatus['kind'], string> = {
  pending: '○',
  running: '◌',
  done: '✓',
  failed: '✗',
};

export function StatusBadge({ status }: { status: StepStatus }) {
  return (
    <span className={`badge status-badge status-${status.kind}`} data-status={status.kind}>
      <span aria-hidden="true">{ICONS[status.kind]}</span> {status.kind}
    </span>
  );
}
