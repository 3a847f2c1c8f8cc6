import { decodeJsonSegment, encodeJsonSegment } from '../digid/segment';

/**
 * The playground's fault injection for the MedMij mock, carried in the URL
 * path (`/mock/medmij/s/{scenario}/...`) like the SMART mock's scenarios: the
 * lists fetched under a scenario name endpoints under the same scenario, so a
 * client reaches the faulty server through the ZAL alone, with no extra
 * parameters. Natural triggers (an under-16 account, Annuleren at DigiD,
 * Weigeren at consent) need no scenario.
 */
export interface MedMijScenario {
  /** DigiD answers without the user: cancelled, or failed. */
  digid?: 'cancel' | 'fail';
  /** The DigiD test account (BSN) selected first on the login page. */
  account?: string;
  /** The availability check finds no data for this person. */
  availability?: 'no-data';
  /** The consent answer: refused without asking, or impossible to establish. */
  consent?: 'deny' | 'undecidable';
  /** The token endpoint refuses the client for this grant. */
  token?: 'unauthorized_client';
}

export function encodeMedMijScenario(s: MedMijScenario): string | undefined {
  const clean = Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined && v !== ''));
  return Object.keys(clean).length ? encodeJsonSegment(clean) : undefined;
}

export function decodeMedMijScenario(segment: string | undefined): MedMijScenario {
  if (!segment) return {};
  const v = decodeJsonSegment(segment);
  if (!v || typeof v !== 'object') return {};
  const o = v as Record<string, unknown>;
  const pick = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined => (allowed.includes(value as T) ? (value as T) : undefined);
  return {
    digid: pick(o.digid, ['cancel', 'fail'] as const),
    account: typeof o.account === 'string' ? o.account : undefined,
    availability: pick(o.availability, ['no-data'] as const),
    consent: pick(o.consent, ['deny', 'undecidable'] as const),
    token: pick(o.token, ['unauthorized_client'] as const),
  };
}
