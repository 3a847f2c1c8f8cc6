/**
 * Where a mock server keeps its state (codes, tokens, sessions, keys).
 *
 * The mock servers are real servers, and a real server remembers what it issued
 * across the browser's full-page redirects. In the browser the state lives in
 * sessionStorage (it survives the redirect to the authorization server's pages
 * and back); under Node it lives in a Map.
 */
export interface Store {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlSeconds?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Keys that start with the prefix (for revocation by grant, listing registrations). */
  keys(prefix: string): Promise<string[]>;
}

interface Entry<T> {
  value: T;
  /** epoch milliseconds, or null for no expiry */
  expiresAt: number | null;
}

export type Clock = () => number;

export class MemoryStore implements Store {
  private readonly map = new Map<string, Entry<unknown>>();
  constructor(private readonly now: Clock = Date.now) {}

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= this.now()) {
      this.map.delete(key);
      return undefined;
    }
    return entry.value as T;
  }
  async set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
    this.map.set(key, { value, expiresAt: ttlSeconds === undefined ? null : this.now() + ttlSeconds * 1000 });
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
  async keys(prefix: string): Promise<string[]> {
    return [...this.map.keys()].filter((k) => k.startsWith(prefix));
  }
}

/** sessionStorage-backed store, namespaced so "Start over" can clear the mocks apart from the journal. */
export class SessionStorageStore implements Store {
  constructor(
    private readonly storage: Storage,
    private readonly namespace = 'mock:',
    private readonly now: Clock = Date.now,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const raw = this.storage.getItem(this.namespace + key);
    if (raw === null) return undefined;
    const entry = JSON.parse(raw) as Entry<T>;
    if (entry.expiresAt !== null && entry.expiresAt <= this.now()) {
      this.storage.removeItem(this.namespace + key);
      return undefined;
    }
    return entry.value;
  }
  async set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
    const entry: Entry<T> = { value, expiresAt: ttlSeconds === undefined ? null : this.now() + ttlSeconds * 1000 };
    this.storage.setItem(this.namespace + key, JSON.stringify(entry));
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
    return out;
  }
  /** Forget everything the mock servers remember. */
  clear(): void {
    for (let i = this.storage.length - 1; i >= 0; i--) {
      const k = this.storage.key(i);
      if (k && k.startsWith(this.namespace)) this.storage.removeItem(k);
    }
  }
}
