import type { StepStatus } from '../journal/types';
import { useChromeText } from './run-language';

const ICONS: Record<StepStatus['kind'], string> = {
  pending: '○',
  running: '◌',
  done: '✓',
  failed: '✗',
};

export function StatusBadge({ status }: { status: StepStatus }) {
  const text = useChromeText();
  return (
    <span className={`badge status-badge status-${status.kind}`} data-status={status.kind}>
      <span aria-hidden="true">{ICONS[status.kind]}</span> {text.stepStatus[status.kind]}
    </span>
  );
}
