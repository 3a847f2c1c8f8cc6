import { calculateS256Challenge, generateCodeVerifier } from '../protocol/pkce';
import { generateState } from '../protocol/state';
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
 * Authorization code interception (RFC 9700 §2.1.1, §4.5; RFC 7636 §1): a
 * malicious app on the same device registered the same redirect URI and gets
 * the redirect. Without PKCE the code alone buys tokens; with S256 the token
 * endpoint wants the verifier only the real app has.
 */
const VICTIM = 'p-anna';

interface State {
  fhirBase?: string;
  server?: ServerEndpoints;
  callback?: string;
  stolenToken?: string;
  patient?: string;
}

export const codeInterceptionLab: Lab<State> = {
  id: 'code-interception',
  title: 'Authorization code interception: a malicious app redeems the code',
  attack: 'A malicious app registered for the same redirect URI receives the code and redeems it itself; PKCE makes the code worthless without the verifier.',
  story:
    'On a phone, two apps can claim the same redirect URI (a custom scheme): the operating system hands the redirect to either. The victim (Anna de Vries) signs in for the real app, ' +
    'but the redirect with the code lands in the malicious app, which sends the code to the token endpoint itself. It never saw the code_verifier: that stayed inside the real app.',
  weakening: 'pkce-optional',
  defence: {
    label: 'PKCE (S256)',
    on: 'The app sends a code_challenge (S256) and the server (strict) demands the matching code_verifier when the code is redeemed.',
    off: 'The server does not require PKCE (weaken pkce-optional) and the app sends no code_challenge: the code alone is enough.',
  },
  spec: BCP_SECTIONS.pkce,
  moreSpecs: [BCP_SECTIONS.codeInjection, RFC.pkceVerify],
  explain: {
    succeeded: "Without PKCE, a code is a bearer credential: whoever holds it first gets the tokens. The malicious app now reads the victim's record.",
    refused:
      'The code was bound to the real app’s S256 challenge. The malicious app cannot produce the verifier: without one the server answers invalid_request, with a guessed one invalid_grant (BASE64URL(SHA-256(verifier)) differs from the challenge).',
  },
  prevention: [
    {
      step: 'Build the authorization request (state, PKCE, scopes) (buildAuthorizeRequest in src/flows/smart-launch/steps.ts)',
      where: 'generateCodeVerifier and calculateS256Challenge in src/protocol/pkce.ts',
      what: 'The app keeps a fresh verifier and sends only its S256 challenge; the token request (exchangeCode) sends the verifier over the back channel.',
    },
    {
      step: 'Token endpoint of the mock server',
      where: 'authorizationCodeGrant in mocks/smart-auth/token-endpoint.ts',
      what: 'Refuses a code issued with a challenge unless BASE64URL(SHA-256(code_verifier)) equals it (RFC 7636 §4.6).',
    },
  ],
  initialState: () => ({}),
  steps: [
    {
      id: 'sign-in',
      title: 'The app asks for a code; the victim signs in',
      why: 'The real app starts the authorization code flow. With PKCE it sends the hash of a secret it keeps; without, nothing ties the code to it.',
      actor: 'App and victim',
      move: (defence) =>
        defence === 'on'
          ? 'Authorization request with code_challenge (S256) at the strict server; the victim signs in as p-anna.'
          : 'Authorization request without code_challenge at a server with pkce-optional; the victim signs in as p-anna.',
      async run(ctx) {
        const fhirBase = labFhirBase(ctx.origin, ctx.defence === 'on' ? { skipConsent: true } : { skipConsent: true, weaken: ['pkce-optional'] });
        const server = await discover(ctx, fhirBase, 'The authorization server');
        let codeChallenge: string | undefined;
        if (ctx.defence === 'on') {
          const verifier = generateCodeVerifier();
          codeChallenge = await calculateS256Challenge(verifier);
          ctx.artifact({ kind: 'pkce', verifier, challenge: codeChallenge, recomputed: codeChallenge, method: 'S256' });
        }
        const query = authorizeQuery({ clientId: PUBLIC_CLIENT, redirectUri: callbackUri(ctx.origin), aud: fhirBase, state: generateState(), codeChallenge });
        const answer = await signIn(ctx, server.authorize, query, VICTIM);
        if (answer.kind === 'error') return refusedBy(answer, `The server refused the request: ${answer.description}`);
        Object.assign(ctx.state, { fhirBase, server, callback: answer.location });
        return { kind: 'done', summary: 'The server issued a code and redirects to the registered redirect URI.' };
      },
    },
    {
      id: 'intercept',
      title: 'The malicious app receives the redirect',
      why: 'Two apps registered the same redirect URI; the operating system chose the malicious one.',
      actor: 'Malicious app',
      move: () => 'The redirect with the code is delivered to the malicious app instead of the real one.',
      async run(ctx) {
        const callback = must(ctx.state.callback, 'The redirect');
        ctx.redirect(callback, 'incoming', 'Delivered to the malicious app, which claimed the same redirect URI.');
        ctx.artifact({ kind: 'value', label: 'the stolen code', value: must(callbackParams(callback).code, 'The code') });
        return { kind: 'done', summary: 'The malicious app holds the code; it does not have the code_verifier.' };
      },
    },
    {
      id: 'redeem-stolen',
      title: 'The malicious app redeems the code',
      why: 'The malicious app plays a public client: client_id, code and redirect_uri are all it needs, unless the server asks for the PKCE verifier.',
      actor: 'Malicious app',
      move: (defence) =>
        defence === 'on'
          ? 'POST the token endpoint without code_verifier; when that is refused, with a code_verifier it made up.'
          : 'POST the token endpoint with client_id, code and redirect_uri (no code_verifier).',
      async run(ctx) {
        const server = must(ctx.state.server, 'The server');
        const fields = {
          code: must(callbackParams(must(ctx.state.callback, 'The redirect')).code, 'The code'),
          redirectUri: callbackUri(ctx.origin),
          clientId: PUBLIC_CLIENT,
        };
        let answer = await redeemCode(ctx, server.token, fields);
        if (answer.refused) answer = await redeemCode(ctx, server.token, { ...fields, codeVerifier: generateCodeVerifier() });
        if (answer.refused)
          return {
            kind: 'refused',
            summary: 'The token endpoint refused the stolen code: the malicious app cannot prove it holds the verifier.',
            ...answer.refused,
          };
        const who = showWhoseTokens(ctx, answer.body, 'Tokens in the malicious app');
        Object.assign(ctx.state, { stolenToken: String(answer.body.access_token), patient: who.patient });
        return { kind: 'done', summary: `The malicious app got the victim's tokens (patient ${who.patient ?? '?'}).` };
      },
    },
    {
      id: 'use-stolen',
      title: "The malicious app reads the victim's record",
      why: 'An access token is a bearer token: the FHIR server serves whoever presents it.',
      actor: 'Malicious app',
      move: () => 'GET Patient/{patient} with the stolen access token.',
      async run(ctx) {
        const patient = must(ctx.state.patient, 'The patient');
        const read = await fhirRead(ctx, `${must(ctx.state.fhirBase, 'The FHIR base')}/Patient/${patient}`, must(ctx.state.stolenToken, 'The token'));
        if (read.status !== 200) return fhirRefused(read.status);
        return { kind: 'done', summary: `The malicious app reads ${patientName(read.body)}'s record with the stolen token.` };
      },
    },
  ],
};
