import type { FlowModule } from '../flow';
import { initialSmartState, type SmartLaunchState } from './state';
import * as steps from './steps';

/** SMART App Launch 2.x, EHR launch: the EHR opens the app with iss and launch. */
export const ehrLaunchModule: FlowModule<SmartLaunchState> = {
  definition: {
    id: 'ehr-launch',
    title: 'SMART EHR launch',
    summary:
      'An EHR opens the app with iss and launch; the app discovers the server, gets a code with PKCE, exchanges it for a token with the patient in context, verifies the id_token and reads FHIR.',
    // The EHR launch is the standalone launch with the EHR's opening move first.
    steps: [steps.receiveLaunch, ...steps.authorizationCodeSteps],
  },
  initialState: (env) => initialSmartState('ehr', env),
};
