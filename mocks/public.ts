import { ageOn } from './data/dates';
import { digidAccounts } from './digid/accounts';
import { encodeMedMijScenario, type MedMijScenario } from './medmij/scenario';

/**
 * The one face the mock servers show the app (src/). The app may build a
 * scenario URL, name a mock path, offer the demo people in a set-up picker and
 * read the MedMij lists' example host names as the mock serves them; nothing
 * else of the servers' insides. (The lazy entries, mocks/browser and the mock
 * pages' routes, are loaded on their own.)
 */

// SMART: the scenario a FHIR base carries (/mock/smart/s/{scenario}/fhir), and the mock's paths.
export {
  CODE_LIFETIME_BOUNDS,
  DEFAULT_CODE_LIFETIME_SECONDS,
  SIMULATED_ERRORS,
  codeLifetimeSeconds,
  decodeScenario,
  encodeScenario,
  type Scenario,
  type SimulatedError,
} from './smart-auth/scenario';
// SMART attack labs: the defences a scenario's `weaken` may switch off, with what each lets through.
export { WEAKENING_INFO, type Weakening } from './smart-auth/weaken';
export { SMART_PREFIX, smartFhirBase } from './paths';

// Demo people, for set-up pickers.
export { displayName, patients } from './data/people';

export interface DemoDigidAccount {
  bsn: string;
  name: string;
  birthDate: string;
  /** Age today: the MedMij availability check refuses under 16. */
  age: number;
}

/** The DigiD test accounts a set-up may preselect (by BSN) at the mock DigiD. */
export function demoDigidAccounts(today: Date = new Date()): DemoDigidAccount[] {
  return digidAccounts.map(({ bsn, name, birthDate }) => ({ bsn, name, birthDate, age: ageOn(birthDate, today) }));
}

// MedMij: the scenario the lists are read under (/mock/medmij/s/{scenario}/lists/...).
export type MedMijScenarioRequest = MedMijScenario & {
  /** Simulate a person under 16: the mock preselects its oldest DigiD test account under 16 (it knows its people; the app does not). */
  under16?: boolean;
};

export function medmijScenarioSegment({ under16, ...scenario }: MedMijScenarioRequest): string | undefined {
  const account = under16 ? oldestUnder16(new Date()) : scenario.account;
  return encodeMedMijScenario({ ...scenario, account });
}

function oldestUnder16(today: Date): string | undefined {
  return digidAccounts.filter((a) => ageOn(a.birthDate, today) < 16).sort((a, b) => (a.birthDate < b.birthDate ? -1 : a.birthDate > b.birthDate ? 1 : 0))[0]
    ?.bsn;
}

// MedMij: the lists name the mock's servers under medmij.example; these map those names to where the mock serves them.
export { listHostnameForLocal, localUrlForList, mockServingOrigin } from './medmij/list-hosts';

// DigiD's SAML entityID at an origin: the SourceID of its artifacts is its SHA-1.
export { digidEntityId } from './digid/endpoints';

// The inspector's report, as its JSON endpoint sends it to the Inspect page.
export type { InspectionReport } from './inspector/endpoint';
export type { Check, CheckStatus } from './inspector/types';
