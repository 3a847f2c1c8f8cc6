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
  redeemCode,
  refusedBy,
  showWhoseTokens,
  signIn,
  type ServerEndpoints,
} from './smart-moves';

/**
 * Code replay (RFC 6749 §4.1.2, §10.5; RFC 9700 §4.2.4): the app's token
 * request leaked (a proxy log, a shared HAR) and is sent again. A strict
 * server refuses the second redemption and revokes what the first issued.
 */
const VICTIM = 'p-anna';

interface State {
  fhirBase?: string;
  server?: ServerEndpoints;
  code?: string;
  verifier?: string;
  firstToken?: string;
  patient?: string;
}

export const codeReplayLab: Lab<State> = {
  id: 'code-replay',
  title: 'Code replay: the same code redeemed twice',
  attack: "A token request that leaked after the app used it is replayed; a single-use code refuses it and revokes the first redemption's tokens.",
  story:
    "The app signs the victim (Anna de Vries) in and redeems its code as usual. That token request, code and code_verifier included, ends up somewhere the attacker reads: a debugging proxy's log, a shared HAR file. " +
    'The attacker sends the same request again.',
  weakening: 'code-reuse',
  defence: {
    label: 'Single-use codes',
    on: 'The strict server: a code is redeemed once; a second redemption is refused and everything the first one issued is revoked.',
    off: 'The server lets a code be redeemed again while it lives (weaken code-reuse).',
  },
  spec: { label: 'RFC 9700 §4.2.4 Authorization code leakage (single use, revocation)', url: 'https://www.rfc-editor.org/rfc/rfc9700#section-4.2.4' },
  moreSpecs: [RFC.singleUseCode, BCP_SECTIONS.codeInjection],
  explain: {
    succeeded: 'The server redeemed the code a second time: the attacker has tokens of their own for the victim, and the first token still works too.',
    refused:
      'The code had been used: the server answered invalid_grant and, because a second use means the code leaked, revoked the tokens of the first redemption. The attacker gets nothing, and the leaked session ends.',
  },
  prevention: [
    {
      step: 'Token endpoint of the mock server',
      where: 'authorizationCodeGrant in mocks/smart-auth/token-endpoint.ts (claimCode and revokeGrant in mocks/smart-auth/grants.ts)',
      what: 'The code is marked used in one step before anything is issued; a replay gets invalid_grant and the grant’s tokens are revoked.',
    },
    {
      step: 'Exchange the code for tokens (exchangeCode in src/flows/smart-launch/steps.ts)',
      where: 'codeRefused in src/flows/smart-launch/steps.ts',
      what: 'The app redeems each code once and, when the server says invalid_grant, explains that the code is spent and starts over instead of retrying it.',
    },
  ],
  initialState: () => ({}),
  steps: [
    {
      id: 'sign-in',
      title: 'The victim signs in; the app gets a code',
      why: 'An ordinary authorization code flow with PKCE.',
      actor: 'App and victim',
      move: (defence) =>
        `Authorization request with PKCE; the victim signs in as ${VICTIM} at ${defence === 'on' ? 'the strict server' : 'a server with code-reuse'}.`,
      async run(ctx) {
        const fhirBase = labFhirBase(ctx.origin, ctx.defence === 'on' ? { skipConsent: true } : { skipConsent: true, weaken: ['code-reuse'] });
        const server = await discover(ctx, fhirBase, 'The authorization server');
        const verifier = generateCodeVerifier();
        const codeChallenge = await calculateS256Challenge(verifier);
        const query = authorizeQuery({ clientId: PUBLIC_CLIENT, redirectUri: callbackUri(ctx.origin), aud: fhirBase, state: generateState(), codeChallenge });
        const answer = await signIn(ctx, server.authorize, query, VICTIM);
        if (answer.kind === 'error') return refusedBy(answer, `The server refused the request: ${answer.description}`);
        ctx.redirect(answer.location, 'incoming', 'The browser comes back to the app with the code.');
        Object.assign(ctx.state, { fhirBase, server, verifier, code: must(callbackParams(answer.location).code, 'The code') });
        return { kind: 'done', summary: 'The app has its code.' };
      },
    },
    {
      id: 'redeem',
      title: 'The app redeems the code',
      why: 'The first, legitimate redemption.',
      actor: 'App',
      move: () => 'POST the token endpoint with code, redirect_uri, client_id and code_verifier.',
      async run(ctx) {
        const answer = await redeemCode(ctx, must(ctx.state.server, 'The server').token, tokenFields(ctx.state, ctx.origin));
        if (answer.refused) return { kind: 'refused', summary: 'The first redemption was refused.', ...answer.refused };
        const who = showWhoseTokens(ctx, answer.body, "The app's tokens");
        Object.assign(ctx.state, { firstToken: String(answer.body.access_token), patient: who.patient });
        return { kind: 'done', summary: 'The app has its access token.' };
      },
    },
    {
      id: 'first-token-works',
      title: "The app's token works",
      why: 'Before the replay: the FHIR server honours the first access token.',
      actor: 'App',
      move: () => 'GET Patient/{patient} with the first access token.',
      async run(ctx) {
        const read = await readWithFirstToken(ctx.state, ctx);
        if (read.status !== 200) return fhirRefused(read.status);
        return { kind: 'done', summary: 'The FHIR server answers 200.' };
      },
    },
    {
      id: 'replay',
      title: 'The attacker replays the token request',
      why: 'The leaked request is complete: code, redirect_uri, client_id and even the code_verifier. Only the server can tell it is the second time.',
      actor: 'Attacker',
      move: () => 'POST the same token request again, byte for byte.',
      async run(ctx) {
        const answer = await redeemCode(ctx, must(ctx.state.server, 'The server').token, tokenFields(ctx.state, ctx.origin));
        if (answer.refused) return { kind: 'refused', summary: 'The server refused the second redemption of the code.', ...answer.refused };
        showWhoseTokens(ctx, answer.body, "The attacker's tokens");
        return { kind: 'done', summary: 'The server redeemed the code a second time: the attacker has tokens for the victim.' };
      },
    },
    {
      id: 'first-token-after',
      title: "The app's first token, after the replay",
      why: 'A replay means the code leaked, so a strict server revokes what the first redemption issued (RFC 6749 §4.1.2): the leaked session must end too.',
      actor: 'App',
      afterRefusal: true,
      move: () => 'GET Patient/{patient} with the first access token again.',
      async run(ctx) {
        const read = await readWithFirstToken(ctx.state, ctx);
        if (read.status === 200) return { kind: 'done', summary: 'The first token still works (200): nothing was revoked.' };
        return { kind: 'done', summary: `The first token is revoked: the FHIR server answers ${read.status}.` };
      },
    },
  ],
};

function tokenFields(state: State, origin: string) {
  return { code: must(state.code, 'The code'), redirectUri: callbackUri(origin), clientId: PUBLIC_CLIENT, codeVerifier: must(state.verifier, 'The verifier') };
}

function readWithFirstToken(state: State, ctx: Parameters<typeof fhirRead>[0]) {
  return fhirRead(ctx, `${must(state.fhirBase, 'The FHIR base')}/Patient/${must(state.patient, 'The patient')}`, must(state.firstToken, 'The first token'));
}
