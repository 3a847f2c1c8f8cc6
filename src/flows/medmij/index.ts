import type { FlowModule } from '../flow';
import { MEDMIJ_STEPS } from './steps';
import { FLOW_TEXTS } from './i18n';
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
    ...FLOW_TEXTS.en,
    texts: (state) => FLOW_TEXTS[state.lang],
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
