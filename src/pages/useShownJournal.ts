import { useEffect, useState } from 'react';
import type { FlowRunner, RunnerPhase } from '../flows/runner';
import type { Journal } from '../journal/types';

/** Where a run going on by itself stops: drawn at once. */
const ENDS = new Set<RunnerPhase['kind']>(['finished', 'failed']);

/**
 * How often a run going on by itself is drawn while it runs. Its steps take a
 * few milliseconds each against a mock server; drawing the page after each
 * would take longer than the steps, and hold them up (the page, the run and
 * the in-page mock servers share one thread).
 */
export const AUTO_DRAW_INTERVAL_MS = 100;

/** Whether the runner's latest change is drawn at once (true) or with the next drawing of a run going on by itself. */
export function drawnAtOnce(runner: Pick<FlowRunner<object>, 'current' | 'phase'>): boolean {
  return !runner.current.auto || ENDS.has(runner.phase().kind);
}

/**
 * The journal as the flow page shows it. A run a person steps through is
 * drawn at every change: each Continue shows its step at once, and the set-up
 * as it is typed (a controlled input needs it). A run going on by itself
 * (?auto=1, Run to end) is drawn every AUTO_DRAW_INTERVAL_MS while it runs,
 * and at once when it ends or fails; a slow server's step still shows as
 * running within that time.
 */
export function useShownJournal<S extends object>(runner: FlowRunner<S>): Journal {
  const [shown, setShown] = useState(() => ({ runner, journal: runner.current }));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const draw = () => {
      clearTimeout(timer);
      timer = undefined;
      const journal = runner.current;
      setShown((prev) => (prev.runner === runner && prev.journal === journal ? prev : { runner, journal }));
    };
    const show = () => {
      if (drawnAtOnce(runner)) draw();
      else timer ??= setTimeout(draw, AUTO_DRAW_INTERVAL_MS);
    };
    show(); // a change between the render and this effect
    const unsubscribe = runner.subscribe(show);
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [runner]);
  // Another runner (the page opened another flow) is shown from its own journal at once.
  return shown.runner === runner ? shown.journal : runner.current;
}
