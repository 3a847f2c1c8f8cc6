import type { Journal } from './types';
import { errorText } from '../protocol/step-failure';

/**
 * A run must survive the full-page redirects to the authorization server and
 * back, so its journal lives in sessionStorage: one per flow, per tab.
 */

/** The part of Storage the journal needs (sessionStorage in the browser, a stub in tests). */
export type JournalStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function journalKey(flowId: string): string {
  return `journal:${flowId}`;
}

export function newJournal(flowId: string, stepIds: readonly string[], state: Record<string, unknown>): Journal {
  return {
    runId: crypto.randomUUID(),
    flowId,
    startedAt: new Date().toISOString(),
    state,
    steps: stepIds.map((id) => ({ id, status: { kind: 'pending' }, exchanges: [], artifacts: [] })),
  };
}

/**
 * The saved journal of a flow, or undefined when there is none or what is
 * stored is not a journal (corrupt JSON, another flow's, an older shape).
 * Never throws: a broken record must not break the page.
 */
export function loadJournal(storage: JournalStorage, flowId: string): Journal | undefined {
  let text: string | null;
  try {
    text = storage.getItem(journalKey(flowId));
  } catch {
    return undefined; // storage disabled (privacy settings)
  }
  if (text === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isJournal(value) && value.flowId === flowId ? value : undefined;
}

export type SaveResult = { ok: true } | { ok: false; error: string };

/** Saves the journal; reports (rather than throws) when storage is full or disabled. */
export function saveJournal(storage: JournalStorage, journal: Journal): SaveResult {
  try {
    storage.setItem(journalKey(journal.flowId), JSON.stringify(journal));
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      error: `The journal could not be saved in sessionStorage (${errorText(error)}); it will not survive a page load.`,
    };
  }
}

export function clearJournal(storage: JournalStorage, flowId: string): void {
  try {
    storage.removeItem(journalKey(flowId));
  } catch {
    // storage disabled: nothing was saved either
  }
}

function isJournal(value: unknown): value is Journal {
  if (value === null || typeof value !== 'object') return false;
  const j = value as Record<string, unknown>;
  return (
    typeof j.runId === 'string' &&
    typeof j.flowId === 'string' &&
    typeof j.startedAt === 'string' &&
    j.state !== null &&
    typeof j.state === 'object' &&
    !Array.isArray(j.state) &&
    Array.isArray(j.steps) &&
    j.steps.every(isStepRecord)
  );
}

function isStepRecord(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const s = value as Record<string, unknown>;
  const status = s.status as Record<string, unknown> | null | undefined;
  return (
    typeof s.id === 'string' &&
    status !== null &&
    typeof status === 'object' &&
    ['pending', 'running', 'done', 'failed'].includes(status.kind as string) &&
    Array.isArray(s.exchanges) &&
    Array.isArray(s.artifacts)
  );
}
