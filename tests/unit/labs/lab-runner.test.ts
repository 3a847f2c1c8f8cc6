import { describe, expect, it } from 'vitest';
import { LabFailure, runLab, type Lab } from '../../../src/labs/lab';
import { defenceFromSearch, labPath } from '../../../src/labs/registry';

/** A lab of three steps whose second refuses when the defence is on: what the runner does with refusals and failures. */
function lab(second: 'refuse-on' | 'throw-lab-failure' | 'throw'): Lab<{ ran: string[] }> {
  const step = (id: string, afterRefusal = false) => ({
    id,
    title: id,
    why: '',
    actor: 'App',
    afterRefusal,
    move: () => id,
    async run(ctx: { fetch: typeof fetch; state: { ran: string[] }; defence: 'on' | 'off' }) {
      ctx.state.ran.push(id);
      if (id === 'b') {
        if (second === 'throw-lab-failure') throw new LabFailure('The server is gone.', 'Reload.');
        if (second === 'throw') throw new TypeError('Failed to fetch');
        if (ctx.defence === 'on') return { kind: 'refused' as const, summary: 'no', error: 'invalid_grant', description: 'used' };
      }
      return { kind: 'done' as const, summary: `${id} done` };
    },
  });
  return {
    id: 'code-replay',
    title: 't',
    attack: '',
    story: '',
    defence: { label: '', on: '', off: '' },
    spec: { label: '', url: '' },
    explain: { succeeded: '', refused: '' },
    prevention: [],
    initialState: () => ({ ran: [] }),
    steps: [step('a'), step('b'), step('c'), step('d', true)],
  };
}

const options = (defence: 'on' | 'off') => ({ defence, fetch: (() => Promise.reject(new Error('no network'))) as typeof fetch, origin: 'http://localhost' });

describe('runLab', () => {
  it('defence off: every step runs and the attack succeeded with the last step’s summary', async () => {
    const run = await runLab(lab('refuse-on'), options('off'));
    expect(run.steps.map((s) => s.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(run.outcome).toEqual({ kind: 'attack-succeeded', summary: 'd done' });
  });

  it('a refusal ends the attack; only the steps that show its consequences still run', async () => {
    const run = await runLab(lab('refuse-on'), options('on'));
    expect(run.steps.map((s) => s.id)).toEqual(['a', 'b', 'd']);
    expect(run.outcome).toEqual({ kind: 'attack-refused', summary: 'no', error: 'invalid_grant', description: 'used', stepId: 'b' });
  });

  it('a LabFailure ends the lab as failed with its message and hint, never as a refused attack', async () => {
    const run = await runLab(lab('throw-lab-failure'), options('on'));
    expect(run.outcome).toEqual({ kind: 'lab-failed', message: 'The server is gone.', hint: 'Reload.', stepId: 'b' });
  });

  it('an unexpected error says what it was and what to do', async () => {
    const run = await runLab(lab('throw'), options('off'));
    expect(run.outcome.kind).toBe('lab-failed');
    expect(run.outcome.kind === 'lab-failed' && run.outcome.message).toContain('TypeError: Failed to fetch');
    expect(run.outcome.kind === 'lab-failed' && run.outcome.hint).toMatch(/mock mode/);
  });
});

describe('the lab URL', () => {
  it('carries the defence; anything but "off" is on, the safe default', () => {
    expect(labPath('mix-up', 'off')).toBe('/labs/mix-up?defence=off');
    expect(defenceFromSearch(new URLSearchParams('defence=off'))).toBe('off');
    expect(defenceFromSearch(new URLSearchParams('defence=OFF'))).toBe('on');
    expect(defenceFromSearch(new URLSearchParams(''))).toBe('on');
  });
});
