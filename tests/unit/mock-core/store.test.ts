import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVICTION_INTERVAL_MS, MemoryStore, SessionStorageStore } from '../../../mocks/core/store';
import { MemoryStorage } from '../../support/memory-storage';

afterEach(() => vi.useRealTimers());

function clock(start = Date.UTC(2026, 0, 15, 9, 0, 0)) {
  const c = { now: start };
  return { now: () => c.now, advance: (seconds: number) => (c.now += seconds * 1000) };
}

describe('MemoryStore: everything expired is evicted, read or not', () => {
  it('drops expired records on its timer, so a record nobody reads again does not stay', async () => {
    vi.useFakeTimers();
    const time = clock();
    const store = new MemoryStore(time.now);
    await store.set('short', 1, 60);
    await store.set('long', 2, 3600);
    await store.set('forever', 3);
    expect(store.size).toBe(3);
    time.advance(61);
    vi.advanceTimersByTime(EVICTION_INTERVAL_MS);
    expect(store.size).toBe(2);
    expect(await store.get('long')).toBe(2);
    store.close();
  });

  it('its timer does not keep Node running, and stops on close', () => {
    vi.useFakeTimers();
    const store = new MemoryStore();
    expect(vi.getTimerCount()).toBe(1);
    store.close();
    expect(vi.getTimerCount()).toBe(0);
    store.close(); // closing twice is harmless
  });

  it('lists no expired keys', async () => {
    const time = clock();
    const store = new MemoryStore(time.now);
    await store.set('a:1', 1, 10);
    await store.set('a:2', 2, 100);
    time.advance(11);
    expect(await store.keys('a:')).toEqual(['a:2']);
    store.close();
  });

  it('update reads and writes one record with nothing in between: two racing claims, one winner', async () => {
    const store = new MemoryStore();
    await store.set('code', { used: false }, 60);
    const claim = () =>
      store.update<{ used: boolean }>('code', (current) => (current && !current.used ? { value: { used: true }, ttlSeconds: 60 } : undefined));
    const results = await Promise.all([claim(), claim()]);
    expect(results.filter((r) => r.before?.used === false && r.after?.used === true)).toHaveLength(1);
    store.close();
  });

  it('take hands a record to one caller only', async () => {
    const store = new MemoryStore();
    await store.set('refresh', 'r1', 60);
    const taken = await Promise.all([store.take('refresh'), store.take('refresh')]);
    expect(taken.filter((t) => t === 'r1')).toHaveLength(1);
    expect(store.size).toBe(0);
    store.close();
  });
});

describe('SessionStorageStore: expired records go on the next write', () => {
  it('removes expired entries of its namespace when something is written, and leaves other keys alone', async () => {
    const time = clock();
    const storage = new MemoryStorage();
    storage.setItem('journal', 'kept');
    const store = new SessionStorageStore(storage, 'mock:', time.now);
    await store.set('old', 1, 60);
    await store.set('kept', 2, 3600);
    time.advance(120);
    await store.set('new', 3, 60);
    expect(storage.getItem('mock:old')).toBeNull();
    expect(storage.getItem('mock:kept')).not.toBeNull();
    expect(storage.getItem('mock:new')).not.toBeNull();
    expect(storage.getItem('journal')).toBe('kept');
  });
});
