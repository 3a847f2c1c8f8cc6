import type { Change, MemoryStore, Store } from '../../../mocks/core/store';

/**
 * A store that counts what the server asks of it: each call is one operation,
 * and a key listing touches every key the underlying store holds (that is what
 * a scan costs). Work is measured in operations, not in time.
 */
export class CountingStore implements Store {
  operations = 0;
  keysTouched = 0;
  /** Awaited before a set of a key that starts with the prefix: lets a test stop a request half-way. */
  gate?: { prefix: string; wait: () => Promise<void> };

  constructor(readonly inner: MemoryStore) {}

  reset(): void {
    this.operations = 0;
    this.keysTouched = 0;
  }

  async get<T>(key: string): Promise<T | undefined> {
    this.operations++;
    this.keysTouched++;
    return this.inner.get<T>(key);
  }
  async set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
    this.operations++;
    this.keysTouched++;
    if (this.gate && key.startsWith(this.gate.prefix)) await this.gate.wait();
    return this.inner.set(key, value, ttlSeconds);
  }
  async delete(key: string): Promise<void> {
    this.operations++;
    this.keysTouched++;
    return this.inner.delete(key);
  }
  async keys(prefix: string): Promise<string[]> {
    this.operations++;
    this.keysTouched += this.inner.size;
    return this.inner.keys(prefix);
  }
  async update<T>(key: string, change: (current: T | undefined) => Change<T>) {
    this.operations++;
    this.keysTouched++;
    return this.inner.update(key, change);
  }
  async take<T>(key: string): Promise<T | undefined> {
    this.operations++;
    this.keysTouched++;
    return this.inner.take<T>(key);
  }
}
