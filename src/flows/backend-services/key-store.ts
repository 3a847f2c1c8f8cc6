import type { JWK } from 'jose';

/**
 * Where the flow keeps its CryptoKeys. They cannot go in the JSON state (a
 * non-extractable private key has no JSON form, which is the point), so they
 * live here by id: in IndexedDB in the browser, which stores CryptoKeys as they
 * are and keeps them across a reload, and in a Map under Node.
 */
export interface StoredKey {
  id: string;
  /** The JWS alg this key signs with. */
  alg: string;
  /** A non-extractable private key (or, for the HS256 failure, a secret). */
  signingKey: CryptoKey;
  /** The public half, with kid and alg, when the key has one. */
  publicJwk?: JWK;
  source: 'generated' | 'imported' | 'failure-demo';
}

export interface KeyStore {
  get(id: string): Promise<StoredKey | undefined>;
  put(key: StoredKey): Promise<void>;
}

class MemoryKeyStore implements KeyStore {
  private readonly keys = new Map<string, StoredKey>();
  async get(id: string) {
    return this.keys.get(id);
  }
  async put(key: StoredKey) {
    this.keys.set(key.id, key);
  }
}

const DB_NAME = 'health-oauth-playground';
const STORE = 'backend-keys';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

class IndexedDbKeyStore implements KeyStore {
  private db: Promise<IDBDatabase> | undefined;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    });
    return this.db;
  }

  async get(id: string): Promise<StoredKey | undefined> {
    const db = await this.open();
    return request(db.transaction(STORE, 'readonly').objectStore(STORE).get(id) as IDBRequest<StoredKey | undefined>);
  }

  async put(key: StoredKey): Promise<void> {
    const db = await this.open();
    await request(db.transaction(STORE, 'readwrite').objectStore(STORE).put(key));
  }
}

let shared: KeyStore | undefined;

/** IndexedDB where the platform has it (the browser), memory otherwise (Node, tests). */
export function keyStore(): KeyStore {
  shared ??= typeof indexedDB !== 'undefined' ? new IndexedDbKeyStore() : new MemoryKeyStore();
  return shared;
}
