// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlowRunner } from '../../../src/flows/runner';
import type { FlowModule, StepDefinition } from '../../../src/flows/flow';
import { AUTO_DRAW_INTERVAL_MS, useShownJournal } from '../../../src/pages/useShownJournal';
import { MemoryStorage } from '../../support/memory-storage';

afterEach(cleanup);
beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

type S = { n: number };

/** A step that ends when the test says so, so the test decides when the run's journal changes. */
function heldStep(id: string, release: Map<string, () => void>): StepDefinition<S> {
  return {
    id,
    title: id,
    why: '',
    spec: [],
    actors: ['app'],
    channel: 'local',
    run: (ctx) =>
      new Promise((resolve) =>
        release.set(id, () => {
          ctx.setState({ n: ctx.state.n + 1 });
          resolve({ kind: 'done' });
        }),
      ),
  };
}

function runnerWithSteps(ids: string[]) {
  const release = new Map<string, () => void>();
  const module: FlowModule<S> = {
    initialState: () => ({ n: 0 }),
    definition: { id: 'held', title: 'Held', summary: '', steps: ids.map((id) => heldStep(id, release)) },
  };
  const runner = new FlowRunner(module, { storage: new MemoryStorage(), origin: 'http://app.test', mode: 'mock', navigate: () => {} });
  return { runner, release: async (id: string) => act(async () => release.get(id)!()) };
}

const statuses = (journal: { steps: { status: { kind: string } }[] }) => journal.steps.map((s) => s.status.kind);

describe('useShownJournal: when the flow page draws a run', () => {
  it('a run stepped through with Continue is drawn at every change, with no wait', async () => {
    const { runner, release } = runnerWithSteps(['one', 'two']);
    const { result } = renderHook(() => useShownJournal(runner));
    await act(async () => void runner.runNext());
    expect(statuses(result.current)).toEqual(['running', 'pending']);
    await release('one');
    expect(statuses(result.current)).toEqual(['done', 'pending']);
    expect(result.current).toBe(runner.current);
  });

  it('a run going on by itself is drawn every interval while it runs, with the latest of its changes', async () => {
    const { runner, release } = runnerWithSteps(['one', 'two', 'three']);
    const { result } = renderHook(() => useShownJournal(runner));
    const before = result.current;
    await act(async () => void runner.runToEnd());
    await release('one');
    // Two changes of the run so far (one done, two running): not drawn yet.
    expect(statuses(runner.current)).toEqual(['done', 'running', 'pending']);
    expect(result.current).toBe(before);
    await act(async () => void vi.advanceTimersByTime(AUTO_DRAW_INTERVAL_MS - 1));
    expect(result.current).toBe(before);
    await act(async () => void vi.advanceTimersByTime(1));
    expect(statuses(result.current)).toEqual(['done', 'running', 'pending']);
    expect(result.current).toBe(runner.current);
  });

  it('a run going on by itself is drawn at once when it ends, without waiting for the interval', async () => {
    const { runner, release } = runnerWithSteps(['one', 'two']);
    const { result } = renderHook(() => useShownJournal(runner));
    await act(async () => void runner.runToEnd());
    await release('one');
    await release('two');
    expect(runner.phase().kind).toBe('finished');
    expect(statuses(result.current)).toEqual(['done', 'done']);
    expect(result.current.state).toEqual({ n: 2 });
    // Nothing left to draw later.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a failure in a run going on by itself is drawn at once', async () => {
    const { runner } = runnerWithSteps([]);
    const failing = new FlowRunner<S>(
      {
        ...runner.module,
        definition: {
          ...runner.module.definition,
          steps: [
            {
              ...heldStep('boom', new Map()),
              run: async () => {
                throw new Error('no answer');
              },
            },
          ],
        },
      },
      { storage: new MemoryStorage(), origin: 'http://app.test', mode: 'mock', navigate: () => {} },
    );
    const { result } = renderHook(() => useShownJournal(failing));
    await act(async () => void (await failing.runToEnd()));
    expect(statuses(result.current)).toEqual(['failed']);
  });
});
