import type { FlowModule } from '../flow';
import { initialSmartState, type SmartLaunchState } from './state';
import * as steps from './steps';

/** SMART App Launch 2.x, standalone launch: the user starts the app and picks the patient at the server. */
export const standaloneLaunchModule: FlowModule<SmartLaunchState> = {
  definition: {
    id: 'standalone-launch',
    title: 'SMART standalone launch',
    summary: 'The user opens the app, which discovers the chosen FHIR server, asks for launch/patient so the user picks a patient at the authorization server, and then reads FHIR with the token.',
    steps: steps.authorizationCodeSteps,
  },
  initialState: (env) => initialSmartState('standalone', env),
};
