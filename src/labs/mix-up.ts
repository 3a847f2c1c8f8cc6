import { calculateS256Challenge, generateCodeVerifier } from '../protocol/pkce';
import { generateState, stateComparison } from '../protocol/state';
import { checkResponseIssuer } from '../protocol/issuer';
import type { Lab } from './lab';
import { BCP_SECTIONS, RFC } from './specs';
import {
  PUBLIC_CLIENT,
  authorizeQuery,
  callbackParams,
  callbackUri,
  discover,
  labFhirBase,
  must,
  redeemCode,
  refusedBy,
  showWhoseTokens,
  signIn,
  type ServerEndpoints,
} from './smart-moves';

/**
 * Mix-up (RFC 9700 §4.4, RFC 9207): an app that talks to two authorization
 * servers sends the user to the attacker's, which forwards them to the honest
 * one. The callback comes from the honest server; an app that does not check
 * `iss` sends the code, and the verifier, to the attacker's token endpoint.
 * A second mock scenario, with its own issuer, plays the attacker's server.
 */
const VICTIM = 'p-anna';

interface State {
  honestBase?: string;
  attackerBase?: string;
  honest?: ServerEndpoints;
  attacker?: ServerEndpoints;
  sentState?: string;
  verifier?: string;
  challenge?: string;
  callback?: string;
}

export const mixUpLab: Lab<State> = {
  id: 'mix-up',
  title: 'Mix-up: the code sent to the wrong server',
  attack: "The attacker's authorization server forwards the user to the honest one; an app that ignores iss sends the honest server's code to the attacker.",
  story:
    'The app lets users sign in at two servers: the honest one and one the attacker runs (here a second mock server, with its own issuer). The victim (Anna de Vries) picks the attacker’s. ' +
    'That server forwards the browser to the honest server with the app’s own parameters; the victim signs in there, and the honest server sends a code back to the app. The app still thinks it is talking to the server the victim picked.',
  defence: {
    label: 'Client checks iss',
    on: 'The app compares the iss in the callback (RFC 9207) with the issuer it sent the user to, as the flows’ callback step does, and refuses a mismatch.',
    off: 'The app ignores iss and uses the token endpoint of the server it believes it sent the user to.',
  },
  spec: BCP_SECTIONS.mixUp,
  moreSpecs: [RFC.iss],
  explain: {
    succeeded:
      "State matched (the attacker forwarded it unchanged), so the app took the callback and sent the code and its PKCE verifier to the attacker's token endpoint. The attacker then redeemed them at the honest server: the victim's tokens.",
    refused:
      'The callback said iss = the honest server, but the app had sent the user to the attacker’s server: the app refused it (issuer_mismatch) and sent the code nowhere.',
  },
  prevention: [
    {
      step: 'Check the callback: state, then error or code (checkCallback in src/flows/smart-launch/steps.ts)',
      where:
        'checkResponseIssuer in src/protocol/issuer.ts, called by checkCallback in src/flows/smart-launch/steps.ts (the returned iss against the discovered issuer)',
      what: 'An iss that differs from the issuer this flow discovered fails the step with issuer_mismatch, and a missing iss from a server that promised one fails it with issuer_missing, before any code is sent anywhere.',
    },
    {
      step: 'Authorization endpoint of the mock server',
      where: 'responseIssuer and withIssuer in mocks/smart-auth/authorize-session.ts',
      what: 'Every authorization response names its issuer (iss), and discovery promises it (authorization_response_iss_parameter_supported).',
    },
  ],
  initialState: () => ({}),
  steps: [
    {
      id: 'two-servers',
      title: 'The app knows two servers',
      why: 'Each server has its own issuer and endpoints, found by discovery.',
      actor: 'App',
      move: () => 'Discovery at the honest server and at the attacker’s server.',
      async run(ctx) {
        const honestBase = labFhirBase(ctx.origin, { skipConsent: true });
        const attackerBase = labFhirBase(ctx.origin, { skipConsent: true, codeLifetime: 600 });
        const honest = await discover(ctx, honestBase, 'Honest server');
        const attacker = await discover(ctx, attackerBase, "Attacker's server");
        Object.assign(ctx.state, { honestBase, attackerBase, honest, attacker });
        return { kind: 'done', summary: `Honest issuer ${honest.issuer}; attacker's issuer ${attacker.issuer}.` };
      },
    },
    {
      id: 'user-picks-attacker',
      title: "The victim picks the attacker's server",
      why: 'The app stores what it needs for the callback: state, PKCE verifier, and which server it sent the user to.',
      actor: 'App',
      move: () => "The app sends the victim to the attacker's authorization endpoint (state and S256 challenge of its own).",
      async run(ctx) {
        const attacker = must(ctx.state.attacker, "The attacker's server");
        const sentState = generateState();
        const verifier = generateCodeVerifier();
        const challenge = await calculateS256Challenge(verifier);
        const query = authorizeQuery({
          clientId: PUBLIC_CLIENT,
          redirectUri: callbackUri(ctx.origin),
          aud: must(ctx.state.attackerBase, 'Base'),
          state: sentState,
          codeChallenge: challenge,
        });
        ctx.redirect(`${attacker.authorize}?${query.toString()}`, 'outgoing', "The browser goes to the attacker's authorization endpoint.");
        ctx.artifact({ kind: 'value', label: 'The app remembers: expected issuer', value: attacker.issuer });
        ctx.artifact({ kind: 'value', label: 'The app remembers: token endpoint', value: attacker.token });
        ctx.artifact({ kind: 'value', label: 'The app remembers: state', value: sentState });
        Object.assign(ctx.state, { sentState, verifier, challenge });
        return { kind: 'done', summary: "The app expects the answer from the attacker's server." };
      },
    },
    {
      id: 'forwarded',
      title: 'The attacker forwards the victim to the honest server',
      why: "The attacker's server does not sign anyone in: it sends the browser on to the honest server with the app's client_id, redirect_uri, state and code_challenge. The victim signs in at a server they trust.",
      actor: "Attacker's server, then the victim",
      move: () => `Redirect to the honest authorization endpoint with the app's parameters; the victim signs in as ${VICTIM}.`,
      async run(ctx) {
        const honest = must(ctx.state.honest, 'The honest server');
        const query = authorizeQuery({
          clientId: PUBLIC_CLIENT,
          redirectUri: callbackUri(ctx.origin),
          aud: must(ctx.state.honestBase, 'Base'),
          state: must(ctx.state.sentState, 'State'),
          codeChallenge: must(ctx.state.challenge, 'Challenge'),
        });
        const answer = await signIn(ctx, honest.authorize, query, VICTIM);
        if (answer.kind === 'error') return refusedBy(answer, `The honest server refused: ${answer.description}`);
        ctx.redirect(answer.location, 'incoming', 'The honest server sends the browser back to the app: code, state and iss.');
        ctx.state.callback = answer.location;
        return { kind: 'done', summary: 'The app receives a callback from the honest server.' };
      },
    },
    {
      id: 'check-callback',
      title: 'The app checks the callback: state, then iss',
      why: 'State matches: the attacker passed it along unchanged. Only iss says which server answered.',
      actor: 'App',
      move: (defence) => (defence === 'on' ? 'compareState, then iss against the issuer the app sent the user to.' : 'compareState only; iss is ignored.'),
      async run(ctx) {
        const params = callbackParams(must(ctx.state.callback, 'The callback'));
        const { comparison, artifact } = stateComparison(ctx.state.sentState, params.state ?? null);
        ctx.artifact(artifact);
        if (!comparison.equal) return { kind: 'refused', summary: 'The state did not match.', error: 'state_mismatch', description: comparison.reason };
        const expected = must(ctx.state.attacker, "The attacker's server").issuer;
        // The flows' own check (src/protocol/issuer.ts), so the lab shows what the SMART callback step does.
        const check = checkResponseIssuer(expected, params.iss ?? null, false);
        if (check.kind !== 'not-sent' && check.artifact) {
          ctx.artifact(ctx.defence === 'off' && check.artifact.kind === 'compare' ? { ...check.artifact, note: 'Not checked (defence off).' } : check.artifact);
        }
        if (ctx.defence === 'off') return { kind: 'skipped', summary: 'The state matches; the app ignores iss and goes on.' };
        if (check.kind === 'refused') {
          return {
            kind: 'refused',
            summary: 'The callback names another authorization server than the one the app sent the user to: refused.',
            error: check.error.code,
            description: check.error.cause ?? check.error.message,
          };
        }
        return { kind: 'done', summary: 'iss matches.' };
      },
    },
    {
      id: 'code-to-attacker',
      title: "The app sends the code to the attacker's token endpoint",
      why: 'The app redeems the code where it believes it came from: the server the user picked.',
      actor: 'App',
      move: () => "POST the attacker's token endpoint with code, redirect_uri, client_id and code_verifier.",
      async run(ctx) {
        const code = must(callbackParams(must(ctx.state.callback, 'The callback')).code, 'The code');
        const answer = await redeemCode(ctx, must(ctx.state.attacker, "The attacker's server").token, {
          code,
          redirectUri: callbackUri(ctx.origin),
          clientId: PUBLIC_CLIENT,
          codeVerifier: must(ctx.state.verifier, 'The verifier'),
        });
        ctx.artifact({ kind: 'value', label: "The attacker's token endpoint received: code (issued by the honest server)", value: code, secret: true });
        ctx.artifact({
          kind: 'value',
          label: "The attacker's token endpoint received: code_verifier",
          value: must(ctx.state.verifier, 'The verifier'),
          secret: true,
        });
        const said = answer.refused ? ` Its answer (${answer.refused.error}) does not matter: it has read them.` : '';
        return { kind: 'done', summary: `The honest server's code and the app's PKCE verifier reached the attacker's token endpoint.${said}` };
      },
    },
    {
      id: 'attacker-redeems',
      title: 'The attacker redeems the code at the honest server',
      why: 'With the code and the verifier, the attacker is, to the honest server, the app finishing its own flow.',
      actor: 'Attacker',
      move: () => "POST the honest token endpoint with the app's code and code_verifier.",
      async run(ctx) {
        const answer = await redeemCode(ctx, must(ctx.state.honest, 'The honest server').token, {
          code: must(callbackParams(must(ctx.state.callback, 'The callback')).code, 'The code'),
          redirectUri: callbackUri(ctx.origin),
          clientId: PUBLIC_CLIENT,
          codeVerifier: must(ctx.state.verifier, 'The verifier'),
        });
        if (answer.refused) return { kind: 'refused', summary: 'The honest server refused the code.', ...answer.refused };
        const who = showWhoseTokens(ctx, answer.body, "The attacker's tokens");
        return { kind: 'done', summary: `The attacker has the victim's tokens (patient ${who.patient ?? '?'}).` };
      },
    },
  ],
};
