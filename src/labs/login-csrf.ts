import { generateState, stateComparison } from '../protocol/state';
import type { Lab } from './lab';
import { BCP_SECTIONS, RFC } from './specs';
import {
  PUBLIC_CLIENT,
  authorizeQuery,
  callbackParams,
  callbackUri,
  discover,
  fhirRead,
  fhirRefused,
  labFhirBase,
  must,
  patientName,
  redeemCode,
  refusedBy,
  showWhoseTokens,
  signIn,
  type ServerEndpoints,
} from './smart-moves';

/**
 * Login CSRF (RFC 9700 §4.7): the attacker gets a code for their own account
 * and makes the victim's browser bring it to the app's callback. Without the
 * state check the app redeems it and the victim works in the attacker's account.
 */
const ATTACKER_PATIENT = 'p-bram';

interface State {
  fhirBase?: string;
  server?: ServerEndpoints;
  forgedCallback?: string;
  victimState?: string;
  accessToken?: string;
  patient?: string;
}

export const loginCsrfLab: Lab<State> = {
  id: 'login-csrf',
  title: 'CSRF: the attacker signs the victim in to the attacker’s account',
  attack: "The attacker plants a code for their own account in the victim's browser; the app without a state check signs the victim in as the attacker.",
  story:
    'The attacker signs in at the authorization server as themselves (Bram Jansen) and stops before their browser returns to the app: they keep the callback URL with its unused code. ' +
    "They get the victim (Anna de Vries, who has just pressed “Sign in” in the app) to open that URL: a link, an image, a hidden form. The victim's app receives a callback it did not ask for. " +
    'To show state as the only defence, the app here does not use PKCE (the server allows it: pkce-optional); PKCE would stop this too (RFC 9700 §4.7.1).',
  defence: {
    label: 'Client checks state',
    on: 'The app compares the returned state with the one it stored before sending the victim to the server (compareState) and refuses any other.',
    off: 'The app takes the code from any callback without looking at state.',
  },
  spec: BCP_SECTIONS.csrf,
  moreSpecs: [RFC.csrf6749],
  explain: {
    succeeded:
      "The app redeemed a code it never asked for. The token is for the attacker's account (its patient and fhirUser are the attacker's), so the victim now reads, and may upload into, the attacker's record: whatever the victim adds, the attacker sees.",
    refused:
      "The callback carried the attacker's state, not the one the victim's app stored: the app refused it (state_mismatch) before looking at the code, so the attacker's code was never redeemed.",
  },
  prevention: [
    {
      step: 'Check the callback: state, then error or code (checkCallback in src/flows/smart-launch/steps.ts)',
      where: 'compareState in src/protocol/state.ts',
      what: 'The returned state must equal, exactly, the value this app generated and stored before the redirect; otherwise the step fails with state_mismatch and the code is not used.',
    },
  ],
  initialState: () => ({}),
  steps: [
    {
      id: 'attacker-signs-in',
      title: 'The attacker signs in with their own account',
      why: 'A code is bound to the account that signed in. The attacker makes one for themselves and does not let their browser go back to the app, so the code stays unused.',
      actor: 'Attacker',
      move: () => `The attacker starts a sign-in with their own state and signs in as ${ATTACKER_PATIENT} (Bram Jansen); they keep the callback URL.`,
      async run(ctx) {
        const fhirBase = labFhirBase(ctx.origin, { skipConsent: true, weaken: ['pkce-optional'] });
        const server = await discover(ctx, fhirBase, 'The authorization server');
        const query = authorizeQuery({ clientId: PUBLIC_CLIENT, redirectUri: callbackUri(ctx.origin), aud: fhirBase, state: generateState() });
        const answer = await signIn(ctx, server.authorize, query, ATTACKER_PATIENT);
        if (answer.kind === 'error') return refusedBy(answer, `The server refused the attacker's request: ${answer.description}`);
        ctx.redirect(answer.location, 'incoming', "The attacker's browser would go back to the app here; the attacker stops it and keeps this URL.");
        Object.assign(ctx.state, { fhirBase, server, forgedCallback: answer.location });
        return { kind: 'done', summary: "The attacker holds an unused code for their own account, in a callback URL to the victim's app." };
      },
    },
    {
      id: 'victim-starts',
      title: 'The victim presses “Sign in” in the app',
      why: 'The app makes a fresh state, stores it in the victim’s browser and sends the browser to the server. Only a callback that brings this value back answers this request.',
      actor: "Victim's app",
      move: () => 'The app generates a state (generateState) and sends the victim to the authorization server.',
      async run(ctx) {
        const server = must(ctx.state.server, 'The server');
        const victimState = generateState();
        const query = authorizeQuery({
          clientId: PUBLIC_CLIENT,
          redirectUri: callbackUri(ctx.origin),
          aud: must(ctx.state.fhirBase, 'The FHIR base'),
          state: victimState,
        });
        ctx.redirect(`${server.authorize}?${query.toString()}`, 'outgoing', 'The victim is on their way to the sign-in page...');
        ctx.artifact({ kind: 'value', label: 'state stored by the victim’s app', value: victimState });
        ctx.state.victimState = victimState;
        return { kind: 'done', summary: 'The app has stored its state and is waiting for the callback.' };
      },
    },
    {
      id: 'forged-callback',
      title: "The attacker's link brings the victim's browser to the callback",
      why: 'The callback is a plain URL: anyone can make a browser open it. Nothing in it says which browser started the sign-in, except state.',
      actor: "Victim's browser",
      move: () => "The victim's browser opens the attacker's callback URL (the attacker's code and the attacker's state).",
      async run(ctx) {
        const url = must(ctx.state.forgedCallback, "The attacker's callback URL");
        ctx.redirect(url, 'incoming', "The victim's browser arrives at the app's callback with the attacker's code.");
        return { kind: 'done', summary: "The victim's app has a callback with the attacker's code." };
      },
    },
    {
      id: 'check-state',
      title: 'The app checks state',
      why: 'The state the callback brings must be the one this app stored for this browser; a different one (or none) means the callback was not started here.',
      actor: 'App',
      move: (defence) => (defence === 'on' ? 'compareState(stored, returned), as the flows do.' : 'No check: the app goes on with the code.'),
      async run(ctx) {
        const returned = callbackParams(must(ctx.state.forgedCallback, 'The callback')).state ?? null;
        const { comparison, artifact } = stateComparison(ctx.state.victimState, returned);
        if (ctx.defence === 'off') {
          ctx.artifact(artifact.kind === 'compare' ? { ...artifact, note: `Not checked (defence off). ${comparison.reason}` } : artifact);
          return { kind: 'skipped', summary: 'The app does not look at state and goes on.' };
        }
        ctx.artifact(artifact);
        if (comparison.equal) return { kind: 'done', summary: 'The states match.' };
        return {
          kind: 'refused',
          summary: 'The app refuses the callback: the state is not the one it stored.',
          error: 'state_mismatch',
          description: comparison.reason,
        };
      },
    },
    {
      id: 'redeem',
      title: "The app redeems the attacker's code",
      why: 'The app trades the code for tokens at the token endpoint, as for any callback it accepted.',
      actor: 'App',
      move: () => 'POST the token endpoint with the code from the callback.',
      async run(ctx) {
        const server = must(ctx.state.server, 'The server');
        const code = must(callbackParams(must(ctx.state.forgedCallback, 'The callback')).code, 'The code');
        const answer = await redeemCode(ctx, server.token, { code, redirectUri: callbackUri(ctx.origin), clientId: PUBLIC_CLIENT });
        if (answer.refused) return { kind: 'refused', summary: 'The token endpoint refused the code.', ...answer.refused };
        const who = showWhoseTokens(ctx, answer.body, "The victim's session: whose tokens?");
        ctx.state.accessToken = String(answer.body.access_token);
        ctx.state.patient = who.patient;
        return {
          kind: 'done',
          summary: `The victim's session holds tokens for patient ${who.patient ?? '?'} (fhirUser ${who.fhirUser ?? '?'}): the attacker's account.`,
        };
      },
    },
    {
      id: 'victim-reads',
      title: 'The victim opens “their” record',
      why: 'The app shows the record of the patient in the token: the attacker’s.',
      actor: 'App',
      move: () => 'GET Patient/{patient} with the access token.',
      async run(ctx) {
        const patient = must(ctx.state.patient, 'The patient in the token');
        const base = must(ctx.state.fhirBase, 'The FHIR base');
        const read = await fhirRead(ctx, `${base}/Patient/${patient}`, must(ctx.state.accessToken, 'The access token'));
        if (read.status !== 200) return fhirRefused(read.status);
        return { kind: 'done', summary: `The victim is signed in to ${patientName(read.body)}'s record (Patient/${patient}), the attacker's account.` };
      },
    },
  ],
};
