import type { FlowModule } from '../flow';
import { MEDMIJ_STEPS } from './steps';
import type { MedMijState } from './state';

export type { MedMijState } from './state';

/**
 * MedMij Verzamelen: a PGO collects one gegevensdienst from one zorgaanbieder.
 * The 16 steps are numbered as the afsprakenstelsel's flow; steps 3 to 10
 * happen at the authorization server and DigiD while the browser is away, and
 * are shown when it comes back.
 */
export const medmijModule: FlowModule<MedMijState> = {
  definition: {
    id: 'medmij-verzamelen',
    title: 'MedMij Verzamelen (PGO)',
    summary:
      'A PGO collects one gegevensdienst from one zorgaanbieder: the ZAL, OCL and GNL; the authorization request; DigiD over SAML (AuthnRequest, artifact, ArtifactResolve); the 16+ availability check; consent; the code and the token; a FHIR search without a BSN.',
    steps: MEDMIJ_STEPS,
  },
  initialState: ({ origin }) => ({
    lang: 'en',
    listsBase: `${origin}/mock/medmij`,
    zorgaanbieder: 'umcharderwijk@medmij',
    gegevensdienst: '4',
    scopeForm: '1.x',
    accountHint: '',
    simulate: 'none',
  }),
};
