import { MEDMIJ_PREFIX } from '../paths';

/**
 * The MedMij mock's URLs for one origin and scenario segment. Every
 * zorgaanbieder has its own authorization server, ACS, consent page and
 * resource server under `{base}/{slug}/`.
 */
function medmijBase(origin: string, scenarioSegment?: string): string {
  return scenarioSegment ? `${origin}${MEDMIJ_PREFIX}/s/${scenarioSegment}` : `${origin}${MEDMIJ_PREFIX}`;
}

export interface ZorgaanbiederEndpoints {
  authorize: string;
  token: string;
  acs: string;
  consent: string;
  resource: string;
  /** The playground's inspection endpoint (a teaching aid, not part of MedMij). */
  inspect: string;
  /** The SAML service provider entityID of this authorization server. */
  entityId: string;
}

export function zorgaanbiederEndpoints(origin: string, slug: string, scenarioSegment?: string): ZorgaanbiederEndpoints {
  const base = `${medmijBase(origin, scenarioSegment)}/${slug}`;
  return {
    authorize: `${base}/oauth/authorize`,
    token: `${base}/oauth/token`,
    acs: `${base}/saml/acs`,
    consent: `${base}/oauth/consent`,
    resource: `${base}/fhir`,
    inspect: `${base}/playground/session`,
    entityId: `${origin}${MEDMIJ_PREFIX}/${slug}/saml/sp`,
  };
}
