import { describe, expect, it } from 'vitest';
import { FlowRunner } from '../../../src/flows/runner';
import { StepFailure, type FlowModule, type StepDefinition } from '../../../src/flows/flow';
import { journalKey, loadJournal } from '../../../src/journal/persistence';
import { MemoryStorage } from '../../support/memory-storage';

/**
 * The journal is written to sessionStorage when a step starts and when it
 * ends, not at every change in between: by the end of a run it is some tens
 * of kilobytes, and a write per change cost more than the steps themselves.
 */
interface S extends Record<string, unknown> {
  verifier?: string;
  token?: string;
}

/** Counts the writes of the journal's own key, and lets a test look at storage in the middle of a step. */
class CountingStorage extends MemoryStorage {
  journalWrites = 0;
  override setItem(k: string, v: string) {
    if (k === journalKey('writes-flow')) this.journalWrites++;
    super.setItem(k, v);
  }
}

let midStep: (() => void) | undefined;

/** A back-channel step of the app's that does what `run` says. */
const step = (id: string, run: StepDefinition<S>['run']): StepDefinition<S> => ({
  id,
  title: id,
  why: '',
  spec: [],
  actors: ['app'],
  channel: 'back-channel',
  run,
});

const flow: FlowModule<S> = {
  initialState: () => ({}),
  definition: {
    id: 'writes-flow',
    title: 'Writes',
    summary: '',
    steps: [
      step('busy', async (ctx) => {
        ctx.setState({ verifier: 'v1' });
        ctx.recordRedirect('http://as.test/a', 'outgoing');
        ctx.addArtifact({ kind: 'value', label: 'one', value: '1' });
        ctx.setState({ token: 't1' });
        midStep?.();
        return { kind: 'done' };
      }),
      step('fails', async (ctx) => {
        ctx.setState({ token: 't2' });
        throw new StepFailure({ code: 'invalid_grant', message: 'no', hint: 'again' });
      }),
    ],
  },
};

const env = (storage: Storage) => ({ storage, origin: 'http://app.test', mode: 'mock' as const, navigate: () => {} });

describe('FlowRunner writes the journal once when a step starts and once when it ends', () => {
  it('writes a step with two state changes, an exchange and an artifact twice, and stores what the page shows', async () => {
    const storage = new CountingStorage();
    const runner = new FlowRunner(flow, env(storage));
    const before = storage.journalWrites;
    let storedMidStep: ReturnType<typeof loadJournal>;
    midStep = () => (storedMidStep = loadJournal(storage, 'writes-flow'));
    expect(await runner.runNext()).toBe(true);
    midStep = undefined;
    expect(storage.journalWrites - before).toBe(2);
    // In the middle of the step, storage has the step as running (a reload then shows it as cut off) ...
    expect(storedMidStep!.steps[0].status.kind).toBe('running');
    // ... and after it, everything the step did.
    const stored = loadJournal(storage, 'writes-flow')!;
    expect(stored).toEqual(runner.current);
    expect(stored.state).toMatchObject({ verifier: 'v1', token: 't1' });
    expect(stored.steps[0].exchanges).toHaveLength(1);
    expect(stored.steps[0].artifacts).toHaveLength(1);
  });

  it('writes a failing step twice too, with its error and the state it set', async () => {
    const storage = new CountingStorage();
    const runner = new FlowRunner(flow, env(storage));
    await runner.runNext();
    const before = storage.journalWrites;
    expect(await runner.runNext()).toBe(false);
    expect(storage.journalWrites - before).toBe(2);
    const stored = loadJournal(storage, 'writes-flow')!;
    expect(stored).toEqual(runner.current);
    expect(stored.steps[1].status).toMatchObject({ kind: 'failed', error: { code: 'invalid_grant' } });
    expect(stored.state).toMatchObject({ token: 't2' });
  });
});
