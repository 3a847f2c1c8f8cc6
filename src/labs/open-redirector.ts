import { calculateS256Challenge, generateCodeVerifier } from '../protocol/pkce';
import { generateState } from '../protocol/state';
import { LabFailure, type Lab } from './lab';
import { BCP_SECTIONS, RFC } from './specs';
import {
  authorizeQuery,
  callbackParams,
  discover,
  labFhirBase,
  must,
  oauthError,
  redeemCode,
  refusedBy,
  showWhoseTokens,
  signIn,
  type ServerEndpoints,
} from './smart-moves';

/**
 * Redirect URI manipulation (RFC 9700 §4.1): a server that compares redirect_uri
 * by prefix lets an attacker's link send the victim's code to a host the
 * attacker owns. The app here registered by origin only (https://portal.example),
 * so `https://portal.example.evil.example` starts with it.
 */
const REGISTERED_REDIRECT = 'https://portal.example';
const ATTACKER_REDIRECT = 'https://portal.example.evil.example/steal';
const VICTIM = 'p-anna';

interface State {
  fhirBase?: string;
  server?: ServerEndpoints;
  clientId?: string;
  attackerVerifier?: string;
  location?: string;
}

export const openRedirectorLab: Lab<State> = {
  id: 'open-redirector',
  title: 'Open redirector: the code sent to the attacker’s host',
  attack: "A server that matches redirect_uri by prefix sends the victim's code to https://portal.example.evil.example; exact matching refuses the request.",
  story:
    'A patient portal registered its redirect URI by origin only: https://portal.example. The attacker sends the victim (Anna de Vries) a link to the real authorization server, ' +
    'with the portal’s client_id and redirect_uri https://portal.example.evil.example/steal, a host the attacker owns, and a PKCE challenge of the attacker’s own. The victim sees the real sign-in page and signs in.',
  weakening: 'redirect-uri-prefix',
  defence: {
    label: 'Exact redirect_uri matching',
    on: 'The strict server compares redirect_uri with the registered URIs by exact string comparison and shows an error page instead of redirecting.',
    off: 'The server accepts any redirect_uri that starts with a registered one (weaken redirect-uri-prefix), as one MedMij example server does.',
  },
  spec: BCP_SECTIONS.redirectUri,
  moreSpecs: [RFC.redirectExact],
  explain: {
    succeeded:
      'The redirect_uri started with the registered https://portal.example, so the prefix match let it through: the server sent the code to the attacker’s host. The portal is a public client and the PKCE challenge was the attacker’s, so the attacker redeemed the code for the victim’s tokens.',
    refused:
      'https://portal.example.evil.example/steal is not a registered redirect URI. The server does not redirect to an unverified URI (that would be the attack itself): it shows the error to the user (invalid_request, RFC 6749 §4.1.2.1).',
  },
  prevention: [
    {
      step: 'Authorization endpoint of the mock server (the user at the authorization server)',
      where: 'validateAuthorizeRequest in mocks/smart-auth/authorize-request.ts, with redirectUriRegistered(…, "exact") in mocks/smart-auth/clients.ts',
      what: 'redirect_uri must equal a registered URI character for character; until it does, every error is shown on a page and never redirected.',
    },
    {
      step: 'Build the authorization request (buildAuthorizeRequest in src/flows/smart-launch/steps.ts)',
      where: 'the playground registers and sends one full redirect URI, {origin}/callback',
      what: 'A full redirect URI (scheme, host, path) leaves nothing for a prefix to extend, even at a lax server.',
    },
  ],
  initialState: () => ({}),
  steps: [
    {
      id: 'register',
      title: 'The portal is registered by origin only',
      why: 'Dynamic client registration (RFC 7591) at the mock server: a public app whose only redirect URI is its origin.',
      actor: "Portal's developer",
      move: () => `POST the registration endpoint: redirect_uris ["${REGISTERED_REDIRECT}"], token_endpoint_auth_method none.`,
      async run(ctx) {
        const fhirBase = labFhirBase(ctx.origin, ctx.defence === 'on' ? { skipConsent: true } : { skipConsent: true, weaken: ['redirect-uri-prefix'] });
        const server = await discover(ctx, fhirBase, 'The authorization server');
        const response = await ctx.fetch(server.register, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({
            client_name: 'Patient portal (lab)',
            redirect_uris: [REGISTERED_REDIRECT],
            token_endpoint_auth_method: 'none',
            grant_types: ['authorization_code'],
          }),
        });
        const body = (await response.json()) as Record<string, unknown>;
        if (response.status !== 201 && response.status !== 200) {
          const e = oauthError(body);
          throw new LabFailure(`The registration was refused: ${e?.error ?? response.status} ${e?.description ?? ''}`, 'Run the lab again.');
        }
        Object.assign(ctx.state, { fhirBase, server, clientId: String(body.client_id) });
        return { kind: 'done', summary: `The portal is client ${String(body.client_id)} with redirect URI ${REGISTERED_REDIRECT}.` };
      },
    },
    {
      id: 'victim-signs-in',
      title: "The victim follows the attacker's link and signs in",
      why: "The link goes to the real server, so the victim sees the real sign-in page. Where the code goes depends only on the server's redirect_uri check.",
      actor: 'Victim (attacker’s link)',
      move: () =>
        `Authorization request with the portal's client_id, redirect_uri ${ATTACKER_REDIRECT} and the attacker's own PKCE challenge; the victim signs in as ${VICTIM}.`,
      async run(ctx) {
        const server = must(ctx.state.server, 'The server');
        const attackerVerifier = generateCodeVerifier();
        const query = authorizeQuery({
          clientId: must(ctx.state.clientId, 'The client_id'),
          redirectUri: ATTACKER_REDIRECT,
          aud: must(ctx.state.fhirBase, 'The FHIR base'),
          state: generateState(),
          codeChallenge: await calculateS256Challenge(attackerVerifier),
        });
        ctx.artifact({
          kind: 'compare',
          label: 'redirect_uri',
          sentLabel: 'registered',
          sent: REGISTERED_REDIRECT,
          returnedLabel: 'in the request',
          returned: ATTACKER_REDIRECT,
          equal: false,
          note: `Not equal, but it starts with the registered value: a prefix match accepts it. Its host is ${new URL(ATTACKER_REDIRECT).host}.`,
        });
        const answer = await signIn(ctx, server.authorize, query, VICTIM);
        if (answer.kind === 'error') {
          return refusedBy(answer, 'The server shows an error page to the user and sends the browser nowhere.');
        }
        ctx.redirect(answer.location, 'outgoing', `The server sends the browser, and the code, to ${new URL(answer.location).host}.`);
        Object.assign(ctx.state, { attackerVerifier, location: answer.location });
        return { kind: 'done', summary: `The code went to ${new URL(answer.location).host}, the attacker's host.` };
      },
    },
    {
      id: 'attacker-redeems',
      title: 'The attacker redeems the code',
      why: 'The portal is a public client and the PKCE challenge in the request was the attacker’s: the attacker has everything the token endpoint asks for.',
      actor: 'Attacker',
      move: () => "POST the token endpoint with the code, the attacker's redirect_uri and the attacker's code_verifier.",
      async run(ctx) {
        const location = must(ctx.state.location, 'The redirect');
        const answer = await redeemCode(ctx, must(ctx.state.server, 'The server').token, {
          code: must(callbackParams(location).code, 'The code'),
          redirectUri: ATTACKER_REDIRECT,
          clientId: must(ctx.state.clientId, 'The client_id'),
          codeVerifier: must(ctx.state.attackerVerifier, 'The verifier'),
        });
        if (answer.refused) return { kind: 'refused', summary: 'The token endpoint refused the code.', ...answer.refused };
        const who = showWhoseTokens(ctx, answer.body, "The attacker's tokens");
        return { kind: 'done', summary: `The attacker has tokens for the victim (patient ${who.patient ?? '?'}).` };
      },
    },
  ],
};
