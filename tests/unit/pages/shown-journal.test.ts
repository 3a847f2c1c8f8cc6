import { describe, expect, it } from 'vitest';
import { drawnAtOnce } from '../../../src/pages/useShownJournal';
import type { RunnerPhase } from '../../../src/flows/runner';
import type { Journal } from '../../../src/journal/types';

const runner = (auto: boolean, phase: RunnerPhase) => ({ current: { auto } as Journal, phase: () => phase });

describe('which changes of a run the flow page draws at once', () => {
  it('a run stepped through with Continue: every change, so the pressed Continue is gone at once', () => {
    expect(drawnAtOnce(runner(false, { kind: 'running', step: 2 }))).toBe(true);
    expect(drawnAtOnce(runner(false, { kind: 'paused', next: 3 }))).toBe(true);
  });

  it('a run going on by itself: drawn with the next drawing while it runs (the browser leaving too), at once when it ends or fails', () => {
    expect(drawnAtOnce(runner(true, { kind: 'ready' }))).toBe(false);
    expect(drawnAtOnce(runner(true, { kind: 'running', step: 2 }))).toBe(false);
    expect(drawnAtOnce(runner(true, { kind: 'paused', next: 3 }))).toBe(false);
    expect(drawnAtOnce(runner(true, { kind: 'returned', next: 5 }))).toBe(false);
    // In mock mode the browser is back a few milliseconds later; elsewhere the page is about to unload or go to a server's page.
    expect(drawnAtOnce(runner(true, { kind: 'away', step: 4, to: 'the authorization server', since: '' }))).toBe(false);
    expect(drawnAtOnce(runner(true, { kind: 'finished' }))).toBe(true);
    expect(drawnAtOnce(runner(true, { kind: 'failed', step: 6, error: { code: 'unexpected', message: '', hint: '' } }))).toBe(true);
  });

  it('the set-up before the first step: typed values are drawn at once, as a controlled input needs', () => {
    expect(drawnAtOnce(runner(false, { kind: 'ready' }))).toBe(true);
  });
});
