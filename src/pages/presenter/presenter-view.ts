import type { StepRecord } from '../../journal/types';

/**
 * The step presenter mode puts in focus: the one running, else the one that
 * failed, else the last that ran (what just happened is what the room reads;
 * the next step's Continue sits under it), else the first.
 */
export function presenterFocus(records: readonly StepRecord[]): number {
  const running = records.findIndex((r) => r.status.kind === 'running');
  if (running >= 0) return running;
  const failed = records.findIndex((r) => r.status.kind === 'failed');
  if (failed >= 0) return failed;
  return Math.max(
    0,
    records.findLastIndex((r) => r.status.kind !== 'pending'),
  );
}

/** Where a step stands in presenter mode, seen from the step in view. */
export type PresenterPlace = 'current' | 'previous' | 'next' | 'hidden';

export function presenterPlace(index: number, shown: number): PresenterPlace {
  if (index === shown) return 'current';
  if (index === shown - 1) return 'previous';
  if (index === shown + 1) return 'next';
  return 'hidden';
}
