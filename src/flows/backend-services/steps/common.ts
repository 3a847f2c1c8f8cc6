import { StepFailure, type StepContext, type StepDefinition } from '../../flow';
import { planAssertion, signAssertion, JWT_BEARER } from '../assertion';
import { keyStore, type StoredKey } from '../key-store';
import type { BackendState } from '../state';

export type Ctx = StepContext<BackendState>;
export type Step = StepDefinition<BackendState>;

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A value a step needs from an earlier one; its absence means the earlier step did not run. */
export function need<T>(value: T | undefined | null | '', what: string, step: string): T {
  if (value === undefined || value === null || value === '') {
    throw new StepFailure({
      code: 'missing_previous_step',
      message: `${what} is not known yet.`,
      hint: `It comes from the step "${step}". Start over to run the flow from the beginning.`,
    });
  }
  return value as T;
}

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

/** A new, correct assertion (new jti) with the registered key: each request gets its own. */
export async function freshAssertion(ctx: Ctx): Promise<{ compact: string; jti: string }> {
  const s = ctx.state;
  const plan = planAssertion({
    clientId: need(s.client_id, 'The client_id', 'Register the client'),
    tokenEndpoint: need(s.tokenEndpoint, 'The token endpoint', 'Discovery'),
    fhirBase: s.fhirBase,
    kid: need(s.kid, 'The key id', 'Make or import the key'),
    alg: s.alg,
    jwksUri: s.registration === 'by-url' ? s.jwksUri : undefined,
    nowSeconds: nowSeconds(),
    attack: 'none',
  });
  const key = await loadKey(s.kid);
  return { compact: await signAssertion(plan.header, plan.claims, key.signingKey), jti: plan.claims.jti };
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
