/**
 * Where a mock server keeps its state (codes, tokens, sessions, keys).
 *
 * The mock servers are real servers, and a real server remembers what it issued
 * across the browser's full-page redirects. In the browser the state lives in
 * sessionStorage (it survives the redirect to the authorization server's pages
 * and back); under Node it lives in a Map.
 *
 * Everything a server puts should have a lifetime: expired records are evicted
 * whether or not anyone reads them again, so a server that runs for hours keeps
 * a flat memory.
 */
export interface Store {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlSeconds?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Live keys that start with the prefix. A scan of the whole store: not for request paths that must stay cheap. */
  keys(prefix: string): Promise<string[]>;
  /**
   * Read, change and write one record with nothing in between, so two requests
   * racing for the same record each see the other's change (a code is claimed
   * once). `change` must not await; it returns the new value, or undefined to
   * leave the store as it was.
   */
  update<T>(key: string, change: (current: T | undefined) => Change<T>): Promise<Updated<T>>;
  /** Read and delete one record with nothing in between: only one caller gets it. */
  take<T>(key: string): Promise<T | undefined>;
}

/** What `update` writes: a value, for ttlSeconds or (without) forever; undefined writes nothing. */
export type Change<T> = { value: T; ttlSeconds?: number } | undefined;
export interface Updated<T> {
  before: T | undefined;
  after: T | undefined;
}

interface Entry<T> {
  value: T;
  /** epoch milliseconds, or null for no expiry */
  expiresAt: number | null;
}

export type Clock = () => number;

/** How often the Node store sweeps out what has expired. */
export const EVICTION_INTERVAL_MS = 60_000;

const expiry = (now: number, ttlSeconds: number | undefined) => (ttlSeconds === undefined ? null : now + ttlSeconds * 1000);
const isExpired = (entry: Entry<unknown>, now: number) => entry.expiresAt !== null && entry.expiresAt <= now;

export class MemoryStore implements Store {
  private readonly map = new Map<string, Entry<unknown>>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly now: Clock = Date.now) {
    this.timer = setInterval(() => this.evictExpired(), EVICTION_INTERVAL_MS);
    // The sweep must not keep a Node process (a test run, a script) alive on its own.
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** How many records the store holds, expired ones not yet evicted included (for tests and benchmarks). */
  get size(): number {
    return this.map.size;
  }

  /** Drop every expired record now; returns how many went. */
  evictExpired(): number {
    const now = this.now();
    let evicted = 0;
    for (const [key, entry] of this.map) {
      if (isExpired(entry, now)) {
        this.map.delete(key);
        evicted++;
      }
    }
    return evicted;
  }

  /** Stop the eviction timer (the HTTP server's close). */
  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private read<T>(key: string): T | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    if (isExpired(entry, this.now())) {
      this.map.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.read<T>(key);
  }
  async set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
    this.map.set(key, { value, expiresAt: expiry(this.now(), ttlSeconds) });
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
  async keys(prefix: string): Promise<string[]> {
    const now = this.now();
    return [...this.map].filter(([k, entry]) => k.startsWith(prefix) && !isExpired(entry, now)).map(([k]) => k);
  }
  async update<T>(key: string, change: (current: T | undefined) => Change<T>): Promise<Updated<T>> {
    // No await between the read and the write: JavaScript runs this to the end before any other request.
    const before = this.read<T>(key);
    const next = change(before);
    if (next === undefined) return { before, after: before };
    this.map.set(key, { value: next.value, expiresAt: expiry(this.now(), next.ttlSeconds) });
    return { before, after: next.value };
  }
  async take<T>(key: string): Promise<T | undefined> {
    const value = this.read<T>(key);
    this.map.delete(key);
    return value;
  }
}

/** The browser store sweeps on write, at most this often (a sweep reads every key of the tab's sessionStorage). */
const SWEEP_EVERY_MS = 30_000;

/** sessionStorage-backed store, namespaced so "Start over" can clear the mocks apart from the journal. */
export class SessionStorageStore implements Store {
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly storage: Storage,
    private readonly namespace = 'mock:',
    private readonly now: Clock = Date.now,
  ) {}

  private read<T>(key: string): T | undefined {
    const raw = this.storage.getItem(this.namespace + key);
    if (raw === null) return undefined;
    const entry = JSON.parse(raw) as Entry<T>;
    if (isExpired(entry, this.now())) {
      this.storage.removeItem(this.namespace + key);
      return undefined;
    }
    return entry.value;
  }

  private write<T>(key: string, value: T, ttlSeconds: number | undefined): void {
    this.sweepNowAndThen();
    const entry: Entry<T> = { value, expiresAt: expiry(this.now(), ttlSeconds) };
    this.storage.setItem(this.namespace + key, JSON.stringify(entry));
  }

  /** A tab has no timer it can count on (a page may sleep): expired records go when something new is written. */
  private sweepNowAndThen(): void {
    const now = this.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (let i = this.storage.length - 1; i >= 0; i--) {
      const k = this.storage.key(i);
      if (!k || !k.startsWith(this.namespace)) continue;
      try {
        if (isExpired(JSON.parse(this.storage.getItem(k) ?? 'null') as Entry<unknown>, now)) this.storage.removeItem(k);
      } catch {
        // Not a record this store wrote: leave it alone.
      }
    }
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.read<T>(key);
  }
  async set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
    this.write(key, value, ttlSeconds);
  }
  async delete(key: string): Promise<void> {
    this.storage.removeItem(this.namespace + key);
  }
  async keys(prefix: string): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const k = this.storage.key(i);
      if (k && k.startsWith(this.namespace + prefix)) out.push(k.slice(this.namespace.length));
    }
    return out.filter((k) => this.read(k) !== undefined);
  }
  async update<T>(key: string, change: (current: T | undefined) => Change<T>): Promise<Updated<T>> {
    const before = this.read<T>(key);
    const next = change(before);
    if (next === undefined) return { before, after: before };
    this.write(key, next.value, next.ttlSeconds);
    return { before, after: next.value };
  }
  async take<T>(key: string): Promise<T | undefined> {
    const value = this.read<T>(key);
    this.storage.removeItem(this.namespace + key);
    return value;
  }
  /** Forget everything the mock servers remember. */
  clear(): void {
    for (let i = this.storage.length - 1; i >= 0; i--) {
      const k = this.storage.key(i);
      if (k && k.startsWith(this.namespace)) this.storage.removeItem(k);
    }
  }
}
