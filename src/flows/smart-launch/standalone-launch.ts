import type { FlowModule } from '../flow';
import { initialSmartState, type SmartLaunchState } from './state';
import * as steps from './steps';

/** SMART App Launch 2.x, standalone launch by a patient: the patient who signs in is the patient in context. */
export const standaloneLaunchModule: FlowModule<SmartLaunchState> = {
  definition: {
    id: 'standalone-launch',
    title: 'SMART patient standalone launch',
    summary:
      'A patient opens the app, which discovers the chosen FHIR server and asks for launch/patient; the patient signs in at the authorization server and becomes the patient in context, and the app reads FHIR with the token.',
    steps: steps.authorizationCodeSteps,
  },
  initialState: (env) => initialSmartState('standalone', env),
};
