import { codeLifetimeSeconds, decodeScenario, SMART_PREFIX, type Scenario } from '../../../mocks/public';

/**
 * The in-browser mock FHIR base on this origin, with or without a scenario
 * segment: `{origin}/mock/smart/fhir` or `{origin}/mock/smart/s/{scenario}/fhir`.
 * Returns the scenario it carries, or undefined for any other URL.
 */
export function mockIssScenario(iss: string, origin: string): Scenario | undefined {
  let url: URL;
  try {
    url = new URL(iss);
  } catch {
    return undefined;
  }
  if (url.origin !== origin || url.search || url.hash) return undefined;
  const path = url.pathname.replace(/\/+$/, '');
  if (path === `${SMART_PREFIX}/fhir`) return {};
  const m = new RegExp(`^${SMART_PREFIX}/s/([A-Za-z0-9_-]+)/fhir$`).exec(path);
  if (!m) return undefined;
  const decoded = decodeScenario(m[1]);
  return decoded.ok ? decoded.scenario : undefined;
}

/** How long a code from the mock at this iss lives; undefined when the iss is not the mock (a live server does not say). */
export function mockCodeLifetime(iss: string, origin: string): number | undefined {
  const scenario = mockIssScenario(iss, origin);
  return scenario ? codeLifetimeSeconds(scenario) : undefined;
}
