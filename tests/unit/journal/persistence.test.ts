import { describe, expect, it } from 'vitest';
import { clearJournal, journalKey, loadJournal, newJournal, saveJournal, type JournalStorage } from '../../../src/journal/persistence';

function memoryStorage(): JournalStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
  };
}

describe('journal persistence', () => {
  it('starts a journal with every step pending', () => {
    const j = newJournal('ehr-launch', ['discover', 'authorize'], { iss: 'https://x.example' });
    expect(j.flowId).toBe('ehr-launch');
    expect(j.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(j.steps).toEqual([
      { id: 'discover', status: { kind: 'pending' }, exchanges: [], artifacts: [] },
      { id: 'authorize', status: { kind: 'pending' }, exchanges: [], artifacts: [] },
    ]);
    expect(newJournal('ehr-launch', [], {}).runId).not.toBe(j.runId);
  });

  it('saves and loads a journal per flow', () => {
    const storage = memoryStorage();
    const a = newJournal('ehr-launch', ['discover'], { n: 1 });
    a.steps[0].status = { kind: 'failed', finishedAt: new Date().toISOString(), error: { code: 'network', message: 'm', hint: 'h' } };
    const b = newJournal('backend-services', ['token'], {});
    expect(saveJournal(storage, a)).toEqual({ ok: true });
    saveJournal(storage, b);
    expect(loadJournal(storage, 'ehr-launch')).toEqual(a);
    expect(loadJournal(storage, 'backend-services')).toEqual(b);
    clearJournal(storage, 'ehr-launch');
    expect(loadJournal(storage, 'ehr-launch')).toBeUndefined();
    expect(loadJournal(storage, 'backend-services')).toEqual(b);
  });

  it.each([
    ['corrupt JSON', '{"runId": "x", '],
    ['JSON null', 'null'],
    ['an array', '[]'],
    ['a journal without steps', JSON.stringify({ runId: 'r', flowId: 'ehr-launch', startedAt: 't', state: {} })],
    [
      'a step with an unknown status',
      JSON.stringify({
        runId: 'r',
        flowId: 'ehr-launch',
        startedAt: 't',
        state: {},
        steps: [{ id: 's', status: { kind: 'weird' }, exchanges: [], artifacts: [] }],
      }),
    ],
    ["another flow's journal under this key", JSON.stringify(newJournal('medmij-verzamelen', [], {}))],
  ])('returns undefined for %s', (_name, text) => {
    const storage = memoryStorage();
    storage.map.set(journalKey('ehr-launch'), text);
    expect(loadJournal(storage, 'ehr-launch')).toBeUndefined();
  });

  it('does not throw when storage is unavailable or full', () => {
    const broken: JournalStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(loadJournal(broken, 'x')).toBeUndefined();
    const result = saveJournal(broken, newJournal('x', [], {}));
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('QuotaExceededError') });
    expect(() => clearJournal(broken, 'x')).not.toThrow();
  });
});
