import { StepFailure, type StepContext } from '../../flow';
import { JWT_BEARER } from '../assertion';
import { keyStore, type StoredKey } from '../key-store';
import type { BackendState } from '../state';

export type Ctx = StepContext<BackendState>;

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export async function loadKey(id: string): Promise<StoredKey> {
  const key = await keyStore().get(id);
  if (!key) {
    throw new StepFailure({
      code: 'key_missing',
      message: `The private key ${id} is no longer in this browser's key store.`,
      cause: 'The key store (IndexedDB) was cleared, or the run started in another browser profile.',
      hint: 'Start over: a new key is made (or imported) and registered.',
    });
  }
  return key;
}

export function assertionFields(compact: string): Record<string, string> {
  return { client_assertion_type: JWT_BEARER, client_assertion: compact };
}

/** The SMART mock's registration endpoint and JWKS host, derived from a mock FHIR base. */
export function mockRegistrationUrls(fhirBase: string): { register: string; jwksHost: string } | undefined {
  const m = /^(https?:\/\/[^/]+)(\/mock\/smart(?:\/s\/[^/]+)?)\/fhir\/?$/.exec(fhirBase.trim());
  if (!m) return undefined;
  return { register: `${m[1]}${m[2]}/auth/register`, jwksHost: `${m[1]}/mock/smart/jwks-host` };
}
