import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Store } from '../core/store';

/**
 * The key the server signs id_tokens with. It is generated on first use and
 * kept in the store (sessionStorage in the browser), so tokens issued before a
 * full page load still verify against the JWKS after it. Never committed.
 */
export const SIGNING_KEY = 'smart:signing-key';
export const ID_TOKEN_ALG = 'RS256';

interface StoredKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

// Two requests arriving together must not each mint a different key.
const creating = new WeakMap<Store, Promise<StoredKey>>();

async function create(store: Store): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair(ID_TOKEN_ALG, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const stored: StoredKey = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ID_TOKEN_ALG, use: 'sig' },
    publicJwk: { ...publicJwk, kid, alg: ID_TOKEN_ALG, use: 'sig' },
  };
  await store.set(SIGNING_KEY, stored);
  return stored;
}

function createOnce(store: Store): Promise<StoredKey> {
  let promise = creating.get(store);
  if (!promise) {
    promise = create(store).finally(() => creating.delete(store));
    creating.set(store, promise);
  }
  return promise;
}

// Importing an RSA key costs more than signing with it: each store's key is imported once, and again only when the stored key changes.
const imported = new WeakMap<Store, SigningKey>();

export async function signingKey(store: Store): Promise<SigningKey> {
  const stored = (await store.get<StoredKey>(SIGNING_KEY)) ?? (await createOnce(store));
  const kid = stored.publicJwk.kid as string;
  const cached = imported.get(store);
  if (cached?.kid === kid) return cached;
  const privateKey = (await importJWK(stored.privateJwk, ID_TOKEN_ALG)) as CryptoKey;
  const key = { kid, privateKey, publicJwk: stored.publicJwk };
  imported.set(store, key);
  return key;
}

export async function publicJwks(store: Store): Promise<{ keys: JWK[] }> {
  const stored = (await store.get<StoredKey>(SIGNING_KEY)) ?? (await createOnce(store));
  return { keys: [stored.publicJwk] };
}
