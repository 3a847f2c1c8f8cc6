import { SMART_PREFIX } from '../paths';

/**
 * The SMART mock's URLs for one origin and scenario. The scenario segment is
 * part of every URL, so a scenario chosen in the FHIR base reaches the
 * authorization server's endpoints through discovery.
 */
export interface SmartEndpoints {
  /** `{origin}/mock/smart` or `{origin}/mock/smart/s/{scenario}` */
  base: string;
  /** The FHIR base, the `iss` of a launch, and the issuer of id_tokens. */
  fhirBase: string;
  authorize: string;
  token: string;
  introspect: string;
  jwks: string;
  register: string;
  /** Where a backend client's JWKS can be hosted to be registered "by URL". */
  jwksHost: string;
}

export function smartEndpoints(origin: string, scenarioSegment?: string): SmartEndpoints {
  const base = scenarioSegment ? `${origin}${SMART_PREFIX}/s/${scenarioSegment}` : `${origin}${SMART_PREFIX}`;
  return {
    base,
    fhirBase: `${base}/fhir`,
    authorize: `${base}/auth/authorize`,
    token: `${base}/auth/token`,
    introspect: `${base}/auth/introspect`,
    jwks: `${base}/auth/jwks`,
    register: `${base}/auth/register`,
    jwksHost: `${origin}${SMART_PREFIX}/jwks-host`,
  };
}
