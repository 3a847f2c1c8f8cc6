import { combine, type MockEnv, type MockServer } from './core/server';
import { createSmartAuthServer } from './smart-auth/server';
import { createBackendRegistrationServer } from './smart-auth/backend/registration';
import { createFhirServer } from './fhir/server';
import { createEhrServer } from './ehr/server';
import { createMedMijServer } from './medmij/server';
import { createDigidServer } from './digid/server';

/**
 * Every mock server of the playground as one fetch-style function. The SMART
 * authorization server comes before the FHIR server because it answers the
 * `.well-known` documents under the FHIR base.
 */
export function createMockServers(env: MockEnv): MockServer {
  return combine(
    createSmartAuthServer(env),
    createBackendRegistrationServer(env),
    createFhirServer(env),
    createEhrServer(env),
    createMedMijServer(env),
    createDigidServer(env),
  );
}
