import { defineStep, need, StepFailure } from '../../flow';
import type { BackendState } from '../state';
import { discover } from './discover';
import { makeKey } from './make-key';
import { register } from './register';
import { requestToken } from './token';
import { errorFromHttpAnswer } from '../../../protocol/errors';
import { hintForRefusal } from '../hints';
import { postForm, type HttpAnswer as Answer } from '../../../protocol/http';
import { BACKEND_SPEC } from '../specs';
import { chooseIntrospectionAuth, describeIntrospectionAuth, hintForRefusedCaller } from '../introspection-auth';
import { assertionFields, loadKey, nowSeconds, type Ctx } from './common';
import { planAssertion, signAssertion } from '../assertion';
import { fieldText } from '../../../protocol/field-text';

function introspectionEndpoint(ctx: Ctx): string {
  const url = ctx.state.introspectionEndpoint;
  if (!url) {
    throw new StepFailure({
      code: 'no_introspection_endpoint',
      message: 'The SMART configuration has no introspection_endpoint.',
      hint: 'Introspection is optional for a SMART server; this one does not offer it. The flow is complete without it.',
      spec: BACKEND_SPEC.introspection,
    });
  }
  return url;
}

/**
 * POST token=…, authenticated as the server advertises (introspection-auth.ts),
 * and shown: which method, and why. A refusal says what was sent.
 */
async function introspect(ctx: Ctx, token: string): Promise<{ answer: Answer; jti?: string }> {
  const url = introspectionEndpoint(ctx);
  const advertised = ctx.state.introspectionAuthMethods;
  const auth = chooseIntrospectionAuth(advertised);
  ctx.addArtifact({
    kind: 'value',
    label: 'Caller authentication',
    value: auth.kind === 'bearer' ? 'Bearer access token (Authorization header)' : 'private_key_jwt (client_assertion in the form)',
    note: auth.why,
  });
  let answer: Answer;
  let jti: string | undefined;
  if (auth.kind === 'private_key_jwt') {
    const fresh = await freshAssertion(ctx);
    jti = fresh.jti;
    answer = await postForm(ctx.fetch, url, { token, ...assertionFields(fresh.compact) }, 'The introspection endpoint');
  } else {
    const accessToken = need(ctx.state, 'accessToken', requestToken, 'the access token');
    answer = await postForm(ctx.fetch, url, { token }, 'The introspection endpoint', { Authorization: `Bearer ${accessToken}` });
  }
  if (answer.status !== 200 || !answer.json || typeof answer.json.active !== 'boolean') {
    const base = errorFromHttpAnswer(answer.status, answer.statusText, answer.headers, answer.text, 'token', 'The introspection endpoint');
    const description = typeof answer.json?.error_description === 'string' ? answer.json.error_description : undefined;
    if (answer.status === 401 || answer.status === 403) {
      throw new StepFailure({
        ...base,
        message: `The introspection endpoint refused the caller (HTTP ${answer.status}${answer.json?.error ? `, ${fieldText(answer.json.error)}` : ''}). The client sent ${describeIntrospectionAuth(auth)}.`,
        cause: base.cause ?? (description ? `The server says: "${description}"` : `The body was: ${answer.text.slice(0, 200) || '(empty)'}`),
        hint: (auth.kind === 'private_key_jwt' ? hintForRefusal(description) : undefined) ?? hintForRefusedCaller(auth, advertised),
        spec: BACKEND_SPEC.introspectionAuthorization,
      });
    }
    throw new StepFailure({
      ...base,
      message: answer.status === 200 ? 'The introspection answer has no boolean "active".' : base.message,
      hint: hintForRefusal(description) ?? base.hint,
      spec: BACKEND_SPEC.introspectionResponse,
    });
  }
  return { answer, jti };
}

const asTime = (v: unknown) => (typeof v === 'number' ? `${v} (${new Date(v * 1000).toISOString()})` : fieldText(v, '(absent)'));

export const introspectToken = defineStep<BackendState>({
  id: 'introspect',
  title: 'Introspect the token',
  why: 'Introspection asks the authorization server what a token means: is it active, for which client and scopes, until when. Only an authorized caller may ask (RFC 7662 §2.1): the client authenticates as the server advertises, with a new assertion (a new jti: the old one is spent) or with its access token as a bearer token, which SMART servers must accept.',
  spec: [
    BACKEND_SPEC.introspection,
    BACKEND_SPEC.introspectionAuthorization,
    BACKEND_SPEC.introspectionRequest,
    BACKEND_SPEC.introspectionResponse,
    BACKEND_SPEC.serverMetadata,
  ],
  actors: ['backend-client', 'auth-server'],
  channel: 'back-channel',
  carries: 'POST /introspect',
  async run(ctx) {
    const s = ctx.state;
    const token = need(s, 'accessToken', requestToken, 'the access token');
    const { answer, jti } = await introspect(ctx, token);
    const body = answer.json!;
    ctx.addArtifact({
      kind: 'table',
      label: 'What the server says about the token',
      columns: ['field', 'value'],
      rows: [
        ['active', String(body.active)],
        ['scope', fieldText(body.scope, '(absent)')],
        ['client_id', fieldText(body.client_id, '(absent)')],
        ['exp', asTime(body.exp)],
      ],
    });
    ctx.addArtifact({
      kind: 'checks',
      label: 'Introspection',
      checks: [
        { name: 'active', ok: body.active === true, detail: String(body.active) },
        { name: 'client_id is this client', ok: body.client_id === s.client_id, detail: String(body.client_id) },
        { name: 'scope is the granted scope', ok: body.scope === s.grantedScope, detail: String(body.scope) },
        ...(jti ? [{ name: 'assertion jti is new', ok: jti !== s.assertionClaims?.jti, detail: jti }] : []),
      ],
    });
    if (body.active !== true) {
      throw new StepFailure({
        code: 'token_inactive',
        message: 'The server says the token just issued is not active.',
        hint: 'The token lives 5 minutes: if the flow paused longer, it expired. Start over to get a new one.',
        spec: BACKEND_SPEC.introspectionResponse,
      });
    }
    return { kind: 'done' };
  },
});

export const introspectUnknown = defineStep<BackendState>({
  id: 'introspect-unknown',
  title: 'Introspect a token the server never issued',
  why: 'An unknown, expired or revoked token gets the same answer: {"active": false} and nothing more. The server reveals nothing about tokens that are not active, so introspection cannot be used to probe for them.',
  spec: [BACKEND_SPEC.introspectionResponse],
  actors: ['backend-client', 'auth-server'],
  channel: 'back-channel',
  carries: 'POST /introspect (unknown token)',
  async run(ctx) {
    need(ctx.state, 'accessToken', requestToken, 'the access token');
    const madeUp = `not-a-token-${crypto.randomUUID()}`;
    const { answer } = await introspect(ctx, madeUp);
    const body = answer.json!;
    const extra = Object.keys(body).filter((k) => k !== 'active');
    ctx.addArtifact({
      kind: 'checks',
      label: 'Introspection of a made-up token',
      checks: [
        { name: 'active is false', ok: body.active === false, detail: String(body.active) },
        { name: 'nothing else is revealed', ok: extra.length === 0, detail: extra.length ? `also sent: ${extra.join(', ')}` : 'only "active"' },
      ],
    });
    if (body.active !== false) {
      throw new StepFailure({
        code: 'unknown_token_active',
        message: 'The server says a made-up token is active.',
        hint: 'A server must answer {"active": false} for a token it did not issue (RFC 7662 §2.2). Report this to the server\'s operator.',
        spec: BACKEND_SPEC.introspectionResponse,
      });
    }
    return { kind: 'done' };
  },
});

/** A new, correct assertion (new jti) with the registered key: each request gets its own. */
async function freshAssertion(ctx: Ctx): Promise<{ compact: string; jti: string }> {
  const s = ctx.state;
  const plan = planAssertion({
    clientId: need(s, 'client_id', register, 'the client_id'),
    tokenEndpoint: need(s, 'tokenEndpoint', discover, 'the token endpoint'),
    fhirBase: s.fhirBase,
    kid: need(s, 'kid', makeKey, 'the key id'),
    alg: s.alg,
    jwksUri: s.registration === 'by-url' ? s.jwksUri : undefined,
    nowSeconds: nowSeconds(),
    attack: 'none',
  });
  const key = await loadKey(s.kid);
  return { compact: await signAssertion(plan.header, plan.claims, key.signingKey), jti: plan.claims.jti };
}
