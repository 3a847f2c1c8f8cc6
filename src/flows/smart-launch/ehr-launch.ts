import type { FlowModule } from '../flow';
import { initialSmartState, type SmartLaunchState } from './state';
import * as steps from './steps';

/** SMART App Launch 2.x, EHR launch: the EHR opens the app with iss and launch. */
export const ehrLaunchModule: FlowModule<SmartLaunchState> = {
  definition: {
    id: 'ehr-launch',
    title: 'SMART EHR launch',
    summary: 'An EHR opens the app with iss and launch; the app discovers the server, gets a code with PKCE, exchanges it for a token with the patient in context, verifies the id_token and reads FHIR.',
    steps: [
      steps.receiveLaunch,
      steps.discover,
      steps.buildAuthorizeRequest,
      steps.redirectToAuthorize,
      steps.atAuthorizationServer,
      steps.checkCallback,
      steps.exchangeCode,
      steps.validateIdToken,
      steps.readFhirUser,
      steps.readPatient,
      steps.searchObservations,
      steps.refreshTokens,
    ],
  },
  initialState: (env) => initialSmartState('ehr', env),
};
