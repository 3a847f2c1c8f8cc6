/**
 * Every mock server lives under its own path prefix on whatever origin serves it:
 * the app's origin in the browser (MSW's worker), 127.0.0.1:4010 from
 * `npm run mock-server`, or http://localhost under msw/node.
 */
export const MOCK_PREFIX = '/mock';
export const SMART_PREFIX = '/mock/smart';
export const EHR_PREFIX = '/mock/ehr';
export const MEDMIJ_PREFIX = '/mock/medmij';
export const DIGID_PREFIX = '/mock/digid';
/** The inspector's reports on registered clients (mocks/inspector/endpoint.ts). */
export const INSPECTOR_PREFIX = '/mock/inspector';

/** The default SMART FHIR base (the `iss`) for an origin. */
export function smartFhirBase(origin: string, scenarioSegment?: string): string {
  return scenarioSegment ? `${origin}${SMART_PREFIX}/s/${scenarioSegment}/fhir` : `${origin}${SMART_PREFIX}/fhir`;
}
