import type { FlowModule, StepDefinition } from '../flow';
import { initialSmartState, PROVIDER_SCOPES, type SmartLaunchState } from './state';
import * as steps from './steps';

type Step = StepDefinition<SmartLaunchState>;

const IG = 'https://hl7.org/fhir/smart-app-launch/STU2.2';
const link = (label: string, path: string) => ({ label, url: `${IG}/${path}` });
const SCOPES_LINK = link('SMART: Scopes and launch context', 'scopes-and-launch-context.html');
const STANDALONE_LINK = link('SMART: Standalone launch', 'app-launch.html#launch-app-standalone-launch');

/** The same step, explained for a clinician who opens the app on their own. */
function told(step: Step, text: { title?: string; why: string; spec?: Step['spec'] }): Step {
  return { ...step, title: text.title ?? step.title, why: text.why, spec: text.spec ?? step.spec };
}

const buildAuthorizeRequest = told(steps.buildAuthorizeRequest, {
  why: 'The app asks for a code with `state` (against CSRF), a PKCE challenge (its verifier stays in the app) and `aud` (the FHIR server the token is for). Its scopes are `user/` scopes: they ask for what the signed-in user may see, across patients, where `patient/` scopes stop at one patient. `launch/patient` still asks the server to settle one patient in context, because the app opens on one record.',
  spec: [...steps.buildAuthorizeRequest.spec, SCOPES_LINK],
});

const atAuthorizationServer = told(steps.atAuthorizationServer, {
  title: 'The practitioner signs in and picks a patient; the browser comes back',
  why: 'A clinician, not a patient, signs in at the authorization server. No EHR launched the app, so no patient is in context yet; because the app asked for `launch/patient`, the server shows the practitioner a patient picker, and the choice becomes the `patient` of the token response. After consent the browser returns to the redirect_uri with a code and the state.',
  spec: [
    STANDALONE_LINK,
    link('SMART: launch/patient', 'scopes-and-launch-context.html#launch-context-arrives-with-your-access_token'),
    ...steps.atAuthorizationServer.spec,
  ],
});

const exchangeCode = told(steps.exchangeCode, {
  why: 'A back-channel POST trades the code and the PKCE verifier for tokens. Next to the access token, SMART puts the launch context in the answer: `patient` is the patient the practitioner picked, and `need_patient_banner` asks the app to show whose record is open.',
});

const validateIdToken = told(steps.validateIdToken, {
  why: 'The id_token says who signed in. After checking its signature (jwks_uri), iss, aud, exp and nonce, the app reads `fhirUser`: here a `Practitioner/…`, the clinician using the app, which is not the patient in context.',
});

const readFhirUser = told(steps.readFhirUser, {
  title: 'Read the signed-in practitioner (fhirUser)',
  why: 'fhirUser points at the Practitioner who signed in. Reading it tells the app who is at the keyboard, for example to show "Dr. …" in its header or to record who did what.',
});

const readPatient = told(steps.readPatient, {
  why: "The token response named the patient the practitioner picked; the app reads that Patient with the access token. A `user/Patient.rs` scope would let it read other patients the practitioner may see too: the patient in context is the app's choice of record, not a limit the server enforces.",
  spec: [...steps.readPatient.spec, SCOPES_LINK],
});

const searchObservations = told(steps.searchObservations, {
  why: "With `user/` scopes the server does not narrow a search to one patient: the app's own `patient=` parameter does. Without it, a practitioner's token would return Observations of every patient the practitioner may see.",
});

const PROVIDER_TEXTS: Step[] = [buildAuthorizeRequest, atAuthorizationServer, exchangeCode, validateIdToken, readFhirUser, readPatient, searchObservations];

/** SMART App Launch 2.x, standalone launch by a provider: a clinician opens the app and picks the patient at the server. */
export const providerStandaloneLaunchModule: FlowModule<SmartLaunchState> = {
  definition: {
    id: 'provider-standalone-launch',
    title: 'SMART provider standalone launch',
    summary:
      'A clinician opens the app on their own. It asks for launch/patient with user/ scopes; the practitioner signs in, picks a patient at the authorization server, and the app reads FHIR with the patient in context and fhirUser naming the practitioner.',
    // The standalone launch's steps, the ones whose story differs told from the practitioner's side.
    steps: steps.authorizationCodeSteps.map((step) => PROVIDER_TEXTS.find((t) => t.id === step.id) ?? step),
  },
  initialState: (env) => ({ ...initialSmartState('standalone', env), signIn: 'provider', scope: PROVIDER_SCOPES.v2 }),
};
