import { startTransition, useEffect, useState } from 'react';
import type { FlowRunner, RunnerPhase } from '../flows/runner';
import type { Journal } from '../journal/types';

const URGENT = new Set<RunnerPhase['kind']>(['ready', 'away', 'finished', 'failed']);

/** Whether the runner's latest change is drawn at once (true) or as a transition that a newer change may overtake. */
export function drawnAtOnce(runner: Pick<FlowRunner<object>, 'current' | 'phase'>): boolean {
  return !runner.current.auto || URGENT.has(runner.phase().kind);
}

/**
 * The journal as the flow page shows it. While a run goes on by itself (auto,
 * Run to end), its steps change the journal in bursts (running, each
 * exchange, the state, done); each change is drawn as a transition, so React
 * may draw only the latest of a burst instead of laying the page out for every
 * one in turn. Everything else is drawn at once: a run stepped through with
 * Continue, the set-up as it is typed (a controlled input needs it), the
 * browser leaving and the run's end.
 */
export function useShownJournal<S extends object>(runner: FlowRunner<S>): Journal {
  const [shown, setShown] = useState(() => ({ runner, journal: runner.current }));
  useEffect(() => {
    const show = () => {
      const next = { runner, journal: runner.current };
      const update = () => setShown((prev) => (prev.runner === runner && prev.journal === next.journal ? prev : next));
      // Urgent: a run a person steps through (each Continue shows its step at once), the set-up being typed
      // into, and the moments a person waits to see (the browser leaving, the end).
      if (drawnAtOnce(runner)) update();
      else startTransition(update);
    };
    show(); // a change between the render and this effect
    return runner.subscribe(show);
  }, [runner]);
  // Another runner (the page opened another flow) is shown from its own journal at once.
  return shown.runner === runner ? shown.journal : runner.current;
}
