import type { Store } from '../../core/store';
import { clientKey, type DynamicClientRecord } from '../clients';
import type { PublicJwks } from './jwks';

/** What registration stores for a backend client at `smart:client:{client_id}`. */
export interface BackendClientRecord extends DynamicClientRecord {
  client_id: string;
  client_name?: string;
  token_endpoint_auth_method: 'private_key_jwt';
  grant_types: ['client_credentials'];
  /** Registered scope ceiling, space separated; absent = any system/ scope. */
  scope?: string;
  /** Registered "by value". */
  jwks?: PublicJwks;
  /** Registered "by URL". */
  jwks_uri?: string;
  /** epoch seconds */
  registeredAt: number;
}

/** A registration lasts a day (a workshop, a course day); after that the client registers again. */
export const REGISTRATION_LIFETIME_SECONDS = 24 * 3600;

export async function saveBackendClient(store: Store, record: BackendClientRecord): Promise<void> {
  await store.set(clientKey(record.client_id), record, REGISTRATION_LIFETIME_SECONDS);
}

export async function findBackendClient(store: Store, clientId: string): Promise<BackendClientRecord | undefined> {
  const record = await store.get<DynamicClientRecord>(clientKey(clientId));
  if (!record || record.token_endpoint_auth_method !== 'private_key_jwt') return undefined;
  return record as BackendClientRecord;
}

export async function isRegisteredClient(store: Store, clientId: string): Promise<boolean> {
  return (await store.get(clientKey(clientId))) !== undefined;
}
