import { base64url } from 'jose';
import { weakenProblem, type Weakening } from './weaken';

/**
 * A scenario is a launch set-up carried in the URL, so every scenario is a link:
 * the FHIR base `/mock/smart/s/{scenario}/fhir`, where `{scenario}` is
 * base64url(JSON). The authorization server's endpoints carry the same segment.
 */
export const SIMULATED_ERRORS = [
  // authorization endpoint
  'auth_invalid_client_id',
  'auth_invalid_redirect_uri',
  'auth_invalid_scope',
  'auth_invalid_client_secret',
  // token endpoint
  'token_invalid_token',
  'token_expired_refresh_token',
  'token_invalid_scope',
  'token_invalid_jti',
  'token_expired_registration_token',
  // FHIR server
  'request_invalid_token',
  'request_expired_token',
] as const;
export type SimulatedError = (typeof SIMULATED_ERRORS)[number];

export interface Scenario {
  /** Patient id(s) to pre-select (comma separated picks the picker's list). */
  patient?: string;
  practitioner?: string;
  encounter?: string;
  skipLogin?: boolean;
  skipConsent?: boolean;
  error?: SimulatedError;
  /**
   * Seconds an authorization code stays redeemable (default 60). A teacher may
   * lengthen it to pause between the callback and the token exchange.
   */
  codeLifetime?: number;
  /**
   * Defences switched off for an attack lab (weaken.ts). Left out, every
   * defence is on: the strict server.
   */
  weaken?: Weakening[];
}

/** Whether this scenario switched the defence off. */
export function isWeakened(scenario: Scenario, weakening: Weakening): boolean {
  return scenario.weaken?.includes(weakening) ?? false;
}

/** The strict default, and the bounds a scenario may choose from (whole seconds). */
export const DEFAULT_CODE_LIFETIME_SECONDS = 60;
export const CODE_LIFETIME_BOUNDS = { min: 60, max: 3600 } as const;

/** How long a code issued under this scenario may be redeemed, in seconds. */
export function codeLifetimeSeconds(scenario: Scenario): number {
  return scenario.codeLifetime ?? DEFAULT_CODE_LIFETIME_SECONDS;
}

export function encodeScenario(s: Scenario): string {
  return base64url.encode(JSON.stringify(s));
}

export type ScenarioDecode = { ok: true; scenario: Scenario } | { ok: false; reason: string };

export function decodeScenario(segment: string | undefined): ScenarioDecode {
  if (!segment) return { ok: true, scenario: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(base64url.decode(segment)));
  } catch {
    return { ok: false, reason: 'The scenario segment is not base64url-encoded JSON.' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'The scenario must be a JSON object.' };
  }
  const s = parsed as Record<string, unknown>;
  for (const k of ['patient', 'practitioner', 'encounter'] as const) {
    if (s[k] !== undefined && typeof s[k] !== 'string') return { ok: false, reason: `scenario.${k} must be a string.` };
  }
  for (const k of ['skipLogin', 'skipConsent'] as const) {
    if (s[k] !== undefined && typeof s[k] !== 'boolean') return { ok: false, reason: `scenario.${k} must be a boolean.` };
  }
  if (s.error !== undefined && !SIMULATED_ERRORS.includes(s.error as SimulatedError)) {
    return { ok: false, reason: `scenario.error must be one of ${SIMULATED_ERRORS.join(', ')}.` };
  }
  if (s.codeLifetime !== undefined) {
    const { min, max } = CODE_LIFETIME_BOUNDS;
    const v = s.codeLifetime;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      return {
        ok: false,
        reason:
          `scenario.codeLifetime must be a whole number of seconds from ${min} to ${max}, got ${JSON.stringify(v)}. ` +
          `Leave it out for the strict ${DEFAULT_CODE_LIFETIME_SECONDS} seconds.`,
      };
    }
  }
  if (s.weaken !== undefined) {
    const problem = weakenProblem(s.weaken);
    if (problem) return { ok: false, reason: problem };
  }
  return { ok: true, scenario: s };
}
