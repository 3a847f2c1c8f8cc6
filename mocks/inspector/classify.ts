import { EHR_PREFIX, SMART_PREFIX } from '../paths';
import type { EndpointKind } from './types';

/** Which endpoint a request is for, and the FHIR base (issuer) of its SMART site. */
export interface Classified {
  kind: EndpointKind;
  /** The FHIR base of the site (scenario segment included); absent for the EHR. */
  issuer?: string;
}

const SMART_PATH = new RegExp(`^${SMART_PREFIX}(?:/s/([^/]+))?/(fhir/\\.well-known/(?:smart|openid)-configuration|auth/authorize|auth/token|fhir(?:/.*)?)$`);

export function classify(url: URL, method: string): Classified | undefined {
  if (url.pathname === `${EHR_PREFIX}/launch`) return method === 'POST' ? { kind: 'ehr-launch' } : undefined;
  const m = SMART_PATH.exec(url.pathname);
  if (!m) return undefined;
  const issuer = `${url.origin}${SMART_PREFIX}${m[1] ? `/s/${m[1]}` : ''}/fhir`;
  const rest = m[2];
  if (rest.startsWith('fhir/.well-known/')) return { kind: 'discovery', issuer };
  if (rest === 'auth/authorize') return { kind: 'authorize', issuer };
  if (rest === 'auth/token') return { kind: 'token', issuer };
  return { kind: 'fhir', issuer };
}

/** The headers worth keeping for grading. */
export const KEPT_HEADERS = ['authorization', 'content-type', 'origin', 'accept'];
