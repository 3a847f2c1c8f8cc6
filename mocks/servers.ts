import { combine, requestUrl, type MockEnv, type MockServer } from './core/server';
import { createSmartAuthServer } from './smart-auth/server';
import { createBackendRegistrationServer } from './smart-auth/backend/registration';
import { DIGID_PREFIX, EHR_PREFIX, INSPECTOR_PREFIX, MEDMIJ_PREFIX, SMART_PREFIX } from './paths';
import { withInspector } from './inspector/recorder';
import { signingKey } from './smart-auth/signing-key';

const under = (prefix: string) => (pathname: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);
// The FHIR base, with or without a scenario segment: /mock/smart/fhir, /mock/smart/s/{scenario}/fhir.
const FHIR_PATH = new RegExp(`^${SMART_PREFIX}(?:/s/[^/]+)?/fhir(?:/|$)`);

/**
 * Every mock server of the playground as one fetch-style function. The SMART
 * authorization server comes before the FHIR server because it answers the
 * `.well-known` documents under the FHIR base.
 *
 * The FHIR server and the EHR (with the clinical data), MedMij and DigiD (their SAML,
 * lists and data) load on their first request: in the browser they are
 * chunks of their own, so opening the playground does not fetch them and a
 * SMART run never fetches MedMij's.
 */
export function createMockServers(env: MockEnv): MockServer {
  // In the browser the id_token signing key (an RSA key pair, generated on first use) is made in the
  // background as the mocks start, not inside the first token request of a run.
  if (env.transport === 'worker') void signingKey(env.store).catch(() => undefined);
  // The inspector records what registered apps send to the SMART servers and the EHR, and grades it.
  return withInspector(
    env,
    combine(
      createSmartAuthServer(env),
      createBackendRegistrationServer(env),
      loadedOnFirstRequest(
        (path) => FHIR_PATH.test(path),
        () => import('./fhir/server').then((m) => m.createFhirServer(env)),
      ),
      loadedOnFirstRequest(under(EHR_PREFIX), () => import('./ehr/server').then((m) => m.createEhrServer(env))),
      loadedOnFirstRequest(under(MEDMIJ_PREFIX), () => import('./medmij/server').then((m) => m.createMedMijServer(env))),
      loadedOnFirstRequest(under(DIGID_PREFIX), () => import('./digid/server').then((m) => m.createDigidServer(env))),
      // The inspector's reports load on their first request: a first visit does not fetch them.
      loadedOnFirstRequest(under(INSPECTOR_PREFIX), () => import('./inspector/endpoint').then((m) => m.createInspectorServer(env))),
    ),
  );
}

/** A server that answers only the paths `serves` names, created (and its code loaded) when the first such request comes. */
export function loadedOnFirstRequest(serves: (pathname: string) => boolean, load: () => Promise<MockServer>): MockServer {
  let server: Promise<MockServer> | undefined;
  return async (request) => {
    if (!serves(requestUrl(request).pathname)) return undefined;
    server ??= load().catch((e: unknown) => {
      server = undefined; // a chunk that failed to load (the network) is tried again on the next request
      throw e;
    });
    return (await server)(request);
  };
}
