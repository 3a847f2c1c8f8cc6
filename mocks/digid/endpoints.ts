import { decodeJsonSegment, encodeJsonSegment } from './segment';
import { DIGID_PREFIX } from '../paths';

/**
 * DigiD's URLs for one origin, as its metadata would list them. The optional
 * scenario segment (`/mock/digid/s/{scenario}/sso`) is the playground's fault
 * injection: the service provider is configured with that SSO URL, and DigiD
 * then answers as the scenario says (cancel, fail) without a real user.
 */
export interface DigidScenario {
  /** Answer without showing the login page: the user cancels, or the login fails. */
  decision?: 'cancel' | 'fail';
  /** The test account (BSN) the login page selects first. */
  account?: string;
}

export function digidEntityId(origin: string): string {
  return `${origin}${DIGID_PREFIX}/saml/idp/metadata`;
}

export function digidSsoUrl(origin: string, scenario?: DigidScenario): string {
  const seg = scenario && (scenario.decision || scenario.account) ? `/s/${encodeJsonSegment(scenario)}` : '';
  return `${origin}${DIGID_PREFIX}${seg}/sso`;
}

export function digidArtifactResolveUrl(origin: string): string {
  return `${origin}${DIGID_PREFIX}/saml/artifact-resolve`;
}

export function decodeDigidScenario(segment: string | undefined): DigidScenario {
  if (!segment) return {};
  const v = decodeJsonSegment(segment);
  if (!v || typeof v !== 'object') return {};
  const o = v as Record<string, unknown>;
  return {
    decision: o.decision === 'cancel' || o.decision === 'fail' ? o.decision : undefined,
    account: typeof o.account === 'string' ? o.account : undefined,
  };
}
