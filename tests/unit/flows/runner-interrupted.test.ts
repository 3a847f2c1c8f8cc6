import { describe, expect, it } from 'vitest';
import { FlowRunner } from '../../../src/flows/runner';
import type { FlowModule } from '../../../src/flows/flow';
import { newJournal, saveJournal } from '../../../src/journal/persistence';
import { MemoryStorage } from '../../support/memory-storage';

interface S extends Record<string, unknown> {
  name: string;
}

const step = (id: string) => ({
  id,
  title: id,
  why: '',
  spec: [],
  actors: ['app' as const],
  channel: 'back-channel' as const,
  run: async () => ({ kind: 'done' as const }),
});

const flow: FlowModule<S> = {
  initialState: () => ({ name: 'default' }),
  definition: { id: 'interrupted-flow', title: 'Interrupted', summary: '', steps: [step('first'), step('token')] },
};

const env = (storage: Storage) => ({ storage, origin: 'http://app.test', mode: 'mock' as const, navigate: () => {} });

/** The journal as a page left it when it was reloaded while its second step was running. */
function journalCutOffInStep2(storage: Storage) {
  const journal = newJournal(flow.definition.id, ['first', 'token'], { name: 'typed by the user' });
  journal.steps[0].status = { kind: 'done', finishedAt: '2026-01-01T00:00:00.000Z' };
  journal.steps[1].status = { kind: 'running', startedAt: '2026-01-01T00:00:01.000Z' };
  saveJournal(storage, journal);
}

describe('FlowRunner after a reload in the middle of a step', () => {
  it('shows the step as failed (interrupted), with a hint, instead of running forever', () => {
    const storage = new MemoryStorage();
    journalCutOffInStep2(storage);
    const runner = new FlowRunner(flow, env(storage));
    const phase = runner.phase();
    expect(phase.kind).toBe('failed');
    if (phase.kind !== 'failed') return;
    expect(phase.step).toBe(1);
    expect(phase.error.code).toBe('interrupted');
    expect(phase.error.message).toMatch(/reloaded while this step was running/);
    expect(phase.error.hint).toMatch(/Start over/);
    // The first step's record is kept: only the cut-off step changes.
    expect(runner.current.steps[0].status.kind).toBe('done');
  });

  it('lets the user start over with the set-up kept, or run the cut-off step again', async () => {
    const storage = new MemoryStorage();
    journalCutOffInStep2(storage);
    const runner = new FlowRunner(flow, env(storage));
    const phase = runner.phase();
    const restart = phase.kind === 'failed' ? phase.error.restartFrom : undefined;
    expect(restart?.stepId).toBe('token');
    runner.restartFrom(restart!.stepId);
    expect(runner.phase()).toEqual({ kind: 'paused', next: 1 });
    expect(await runner.runNext()).toBe(true);
    expect(runner.phase().kind).toBe('finished');

    runner.reset();
    expect(runner.phase()).toEqual({ kind: 'ready' });
    expect(runner.state.name).toBe('typed by the user');
  });

  it('writes the failure back, so the next load reads it too', () => {
    const storage = new MemoryStorage();
    journalCutOffInStep2(storage);
    new FlowRunner(flow, env(storage));
    expect(new FlowRunner(flow, env(storage)).phase().kind).toBe('failed');
  });

  it('leaves a step alone that a runner in this page is still running (a second view of the same run)', async () => {
    const storage = new MemoryStorage();
    let finish: () => void = () => {};
    const slow: FlowModule<S> = {
      ...flow,
      definition: {
        ...flow.definition,
        steps: [{ ...step('first'), run: () => new Promise((resolve) => (finish = () => resolve({ kind: 'done' }))) }, step('token')],
      },
    };
    const first = new FlowRunner(slow, env(storage));
    const running = first.runNext();
    await Promise.resolve();
    await Promise.resolve();
    expect(first.phase()).toEqual({ kind: 'running', step: 0 });
    // The flow page is opened again in this document while the step runs: it is not interrupted.
    expect(new FlowRunner(slow, env(storage)).phase()).toEqual({ kind: 'running', step: 0 });
    finish();
    expect(await running).toBe(true);
    expect(new FlowRunner(slow, env(storage)).phase()).toEqual({ kind: 'paused', next: 1 });
  });
});
