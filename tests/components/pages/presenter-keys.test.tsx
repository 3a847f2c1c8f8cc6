// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { presenterKeyAction } from '../../../src/pages/presenter/usePresenterKeys';
import { presenterFocus, presenterPlace } from '../../../src/pages/presenter/presenter-view';
import type { StepRecord, StepStatus } from '../../../src/journal/types';

afterEach(() => document.body.replaceChildren());

function press(
  key: string,
  target: EventTarget | null = document.body,
  mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean; repeat: boolean }> = {},
) {
  return presenterKeyAction({ key, target, ctrlKey: false, altKey: false, metaKey: false, repeat: false, ...mods });
}

function element(html: string, selector: string): Element {
  document.body.innerHTML = html;
  return document.body.querySelector(selector)!;
}

describe('presenterKeyAction', () => {
  it('→ and Space continue, ← goes back, f (or F) is full screen; other keys do nothing', () => {
    expect(press('ArrowRight')).toBe('next');
    expect(press(' ')).toBe('next');
    expect(press('ArrowLeft')).toBe('back');
    expect(press('f')).toBe('fullscreen');
    expect(press('F')).toBe('fullscreen');
    expect(press('Enter')).toBeUndefined();
    expect(press('ArrowDown')).toBeUndefined();
  });

  it('keys typed into an input, a textarea, a select or an editable element stay there', () => {
    expect(press('ArrowRight', element('<label>x <input></label>', 'input'))).toBeUndefined();
    expect(press(' ', element('<textarea></textarea>', 'textarea'))).toBeUndefined();
    expect(press('ArrowLeft', element('<select><option>a</option></select>', 'select'))).toBeUndefined();
    expect(press('f', element('<div contenteditable="true"><b>text</b></div>', 'b'))).toBeUndefined();
    expect(press('f', element('<div contenteditable="false"><b>text</b></div>', 'b'))).toBe('fullscreen');
  });

  it('with Ctrl, Alt or Meta the browser keeps its shortcut; a held key does not run step after step', () => {
    expect(press('ArrowLeft', document.body, { altKey: true })).toBeUndefined();
    expect(press('f', document.body, { ctrlKey: true })).toBeUndefined();
    expect(press('ArrowRight', document.body, { metaKey: true })).toBeUndefined();
    expect(press('ArrowRight', document.body, { repeat: true })).toBeUndefined();
  });

  it('Space on a focused button or disclosure presses that (the browser does); → there still continues', () => {
    const button = element('<button type="button">Start over</button>', 'button');
    expect(press(' ', button)).toBeUndefined();
    expect(press('ArrowRight', button)).toBe('next');
    expect(press(' ', element('<details><summary>All 5 headers</summary></details>', 'summary'))).toBeUndefined();
  });
});

const record = (status: StepStatus): StepRecord => ({ id: 's', status, exchanges: [], artifacts: [] });
const pending = record({ kind: 'pending' });
const done = record({ kind: 'done', finishedAt: 't' });

describe('presenterFocus', () => {
  it('the first step before anything ran; then the step that ran last, so its results are what the room sees', () => {
    expect(presenterFocus([pending, pending, pending])).toBe(0);
    expect(presenterFocus([done, pending, pending])).toBe(0);
    expect(presenterFocus([done, done, pending])).toBe(1);
    expect(presenterFocus([done, done, done])).toBe(2);
  });

  it('a running or failed step is in focus', () => {
    expect(presenterFocus([done, record({ kind: 'running', startedAt: 't' }), pending])).toBe(1);
    expect(presenterFocus([done, record({ kind: 'failed', finishedAt: 't', error: { code: 'network', message: 'm', hint: 'h' } }), pending])).toBe(1);
  });

  it('places the neighbours around the step in view and hides the rest', () => {
    expect([0, 1, 2, 3, 4].map((i) => presenterPlace(i, 2))).toEqual(['hidden', 'previous', 'current', 'next', 'hidden']);
  });
});
