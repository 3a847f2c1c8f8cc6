import { defineStep, need, StepFailure } from '../../flow';
import { type BackendState, ATTACK_LABELS, type Attack } from '../state';
import { discover } from './discover';
import { sign } from './sign';
import { errorFromHttpAnswer } from '../../../protocol/errors';
import { splitScope } from '../../../protocol/scopes';
import type { Check } from '../../../journal/types';
import { ATTACK_LESSONS, hintForRefusal } from '../hints';
import { postForm, type HttpAnswer as Answer } from '../../../protocol/http';
import { BACKEND_SPEC } from '../specs';
import { assertionFields, type Ctx } from './common';

const RECOMMENDED_LIFETIME_S = 300;

function isToken(answer: Answer): boolean {
  return answer.status === 200 && typeof answer.json?.access_token === 'string';
}

/** A §5.2 error, with a hint for the check the server names. */
function refusal(answer: Answer): StepFailure {
  const base = errorFromHttpAnswer(answer.status, answer.statusText, answer.headers, answer.text, 'token', 'The token endpoint');
  const description = typeof answer.json?.error_description === 'string' ? answer.json.error_description : undefined;
  return new StepFailure({ ...base, hint: hintForRefusal(description) ?? base.hint, spec: BACKEND_SPEC.tokenErrors });
}

/** The refusal the chosen failure was meant to provoke: shown as a failed step, explained as a success of the server. */
function refusedAsExpected(answer: Answer, attack: Exclude<Attack, 'none'>): StepFailure {
  const base = errorFromHttpAnswer(answer.status, answer.statusText, answer.headers, answer.text, 'token', 'The token endpoint');
  return new StepFailure({
    code: base.code,
    message: `The token endpoint refused the assertion (HTTP ${answer.status}, ${base.code}), as a strict server must. Failure tried: ${ATTACK_LABELS[attack]}.`,
    cause: base.cause,
    hint: `${ATTACK_LESSONS[attack]} To get a token, choose "No failure" under "Try a failure" and start over.`,
    spec: BACKEND_SPEC.protocol,
  });
}

function attackAccepted(attack: Exclude<Attack, 'none'>): StepFailure {
  return new StepFailure({
    code: 'failure_accepted',
    message: `The server issued a token for an assertion it must refuse: ${ATTACK_LABELS[attack]}.`,
    cause: ATTACK_LESSONS[attack],
    hint: "This is a security hole in the server, not a mistake of the client. Report it to the server's operator with the exchange above.",
    spec: BACKEND_SPEC.protocol,
  });
}

function recordToken(ctx: Ctx, answer: Answer): void {
  const body = answer.json!;
  const token = body.access_token as string;
  const requested = splitScope(ctx.state.scope);
  const granted = typeof body.scope === 'string' ? splitScope(body.scope) : requested;
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : undefined;
  const checks: Check[] = [
    { name: 'token_type is Bearer', ok: typeof body.token_type === 'string' && body.token_type.toLowerCase() === 'bearer', detail: String(body.token_type) },
    {
      name: `expires_in at most ${RECOMMENDED_LIFETIME_S} s`,
      ok: expiresIn !== undefined && expiresIn <= RECOMMENDED_LIFETIME_S,
      detail: expiresIn === undefined ? 'absent' : `${expiresIn} s (SMART recommends 300: a backend simply asks again)`,
    },
    {
      name: 'no refresh_token',
      ok: body.refresh_token === undefined,
      detail:
        body.refresh_token === undefined
          ? 'none, as expected: a backend client just signs a new assertion'
          : 'a refresh token came back; SMART backend services do not need one',
    },
    { name: 'granted scope within the requested scope', ok: granted.every((g) => requested.includes(g)), detail: granted.join(' ') || '(empty)' },
  ];
  ctx.setState({ accessToken: token, grantedScope: granted.join(' '), expiresIn });
  ctx.addArtifact({
    kind: 'opaque-token',
    label: 'access_token',
    value: token,
    note: 'The client does not look inside an access token: it is for the FHIR server. Send it as "Authorization: Bearer …".',
  });
  ctx.addArtifact({ kind: 'scopes', requested, granted });
  ctx.addArtifact({ kind: 'checks', label: 'The token response', checks });
}

export const requestToken = defineStep<BackendState>({
  id: 'token',
  title: 'Ask for an access token: client_credentials with the assertion',
  why: 'With no user to ask, the client authenticates with its signed assertion and gets a short-lived token for the system/ scopes it is allowed. The server checks everything: the signature against the registered key, aud, exp, and that the jti was never seen before.',
  spec: [BACKEND_SPEC.protocol, BACKEND_SPEC.clientCredentials, BACKEND_SPEC.jwtAssertion, BACKEND_SPEC.tokenErrors],
  actors: ['backend-client', 'auth-server'],
  channel: 'back-channel',
  carries: 'POST /token (client_credentials)',
  async run(ctx) {
    const s = ctx.state;
    const tokenEndpoint = need(s, 'tokenEndpoint', discover, 'the token endpoint');
    const fields = { grant_type: 'client_credentials', scope: s.scope, ...assertionFields(need(s, 'clientAssertion', sign, 'the signed assertion')) };
    const first = await postForm(ctx.fetch, tokenEndpoint, fields, 'The token endpoint');

    if (s.attack === 'replayed-jti') {
      if (!isToken(first)) throw refusal(first);
      recordToken(ctx, first);
      ctx.addArtifact({
        kind: 'value',
        label: 'Replay',
        value: `jti ${String(s.assertionClaims?.jti)}`,
        note: 'The first request got a token. Now the very same assertion is sent again, as someone who copied it from a log would.',
      });
      const second = await postForm(ctx.fetch, tokenEndpoint, fields, 'The token endpoint');
      if (isToken(second)) throw attackAccepted('replayed-jti');
      throw refusedAsExpected(second, 'replayed-jti');
    }
    if (s.attack !== 'none') {
      if (isToken(first)) throw attackAccepted(s.attack);
      throw refusedAsExpected(first, s.attack);
    }
    if (!isToken(first)) throw refusal(first);
    recordToken(ctx, first);
    return { kind: 'done' };
  },
});
