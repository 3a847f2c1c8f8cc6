import type { LiveRegistration } from './live-registration';
import type { Mode } from '../flow';
import { mockIssScenario } from './mock-iss';
import { initialSmartState, type SmartLaunchState } from './state';

/**
 * Whether an EHR launch's iss may be followed without asking. Anyone can craft
 * `/launch?iss=...`: following an unknown iss at once hands an authorization
 * request (and the user, signed in) to whoever named it.
 */
export type LaunchIssTrust =
  | { kind: 'mock' } // the in-browser mock on this origin, any scenario
  | { kind: 'known'; registration: LiveRegistration } // a server the user has used (a saved registration)
  | { kind: 'unknown'; url: URL }
  | { kind: 'invalid'; reason: string };

export function classifyLaunchIss(iss: string, origin: string, saved: LiveRegistration | undefined): LaunchIssTrust {
  let url: URL;
  try {
    url = new URL(iss);
  } catch {
    return { kind: 'invalid', reason: `iss ${JSON.stringify(iss)} is not an absolute URL.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { kind: 'invalid', reason: `iss uses the scheme "${url.protocol}"; a FHIR base is an https (or, for a local test server, http) URL.` };
  }
  if (mockIssScenario(iss, origin)) return { kind: 'mock' };
  if (saved) return { kind: 'known', registration: saved };
  return { kind: 'unknown', url };
}

/** The EHR launch's first state: iss and launch from the URL, and the client registered for that iss, if any. */
export function ehrLaunchState(iss: string, launch: string, env: { origin: string; mode: Mode }, saved: LiveRegistration | undefined): SmartLaunchState {
  const fresh = { ...initialSmartState('ehr', env), scenario: scenarioOfIss(iss, env.origin) };
  if (!saved) return { ...fresh, iss, launch };
  const { clientId, clientSecret, clientType, clientAuth, redirectUri, scope, rememberSecret } = saved;
  return { ...fresh, iss, launch, clientId, clientSecret, clientType, clientAuth, redirectUri, scope, rememberSecret };
}

/** The scenario the mock EHR put in the FHIR base, as the set-up shows it (and a set-up link carries it). */
function scenarioOfIss(iss: string, origin: string): SmartLaunchState['scenario'] {
  const s = mockIssScenario(iss, origin) ?? {};
  return {
    skipLogin: s.skipLogin === true,
    skipConsent: s.skipConsent === true,
    error: s.error ?? '',
    patient: '',
    ...(s.codeLifetime !== undefined && { codeLifetime: s.codeLifetime }),
  };
}
