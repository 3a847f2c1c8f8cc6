import { defineStep, need } from '../../flow';
import type { BackendState } from '../state';
import { discover } from './discover';
import { makeKey } from './make-key';
import { register } from './register';
import { claimChecks, planAssertion } from '../assertion';
import { generateHs256Secret, generateStrangerKey } from '../keys';
import { keyStore } from '../key-store';
import { BACKEND_SPEC } from '../specs';
import { nowSeconds, type Ctx } from './common';

/** The key the assertion is signed with: the registered one, or a failure's own key. */
async function signingKeyFor(ctx: Ctx): Promise<string> {
  const s = ctx.state;
  if (s.attack === 'unregistered-key') {
    const stranger = await generateStrangerKey(s.alg);
    await keyStore().put(stranger);
    return stranger.id;
  }
  if (s.attack === 'alg-hs256') {
    const secret = await generateHs256Secret();
    await keyStore().put(secret);
    return secret.id;
  }
  return need(s, 'kid', makeKey, 'the key id');
}

export const buildAssertion = defineStep<BackendState>({
  id: 'assertion',
  title: 'Build the client assertion, claim by claim',
  why: 'The assertion says who the client is (iss, sub), which server it is for (aud: the token endpoint), how long it is good for (exp, at most 5 minutes) and that it is used once (jti). Each claim closes a door an attacker would use.',
  spec: [BACKEND_SPEC.protocol, BACKEND_SPEC.jwtAssertionRules, BACKEND_SPEC.authenticationJwt],
  actors: ['backend-client'],
  channel: 'local',
  carries: 'iss, sub, aud, exp, jti',
  async run(ctx) {
    const s = ctx.state;
    const now = nowSeconds();
    const clientId = need(s, 'client_id', register, 'the client_id');
    const tokenEndpoint = need(s, 'tokenEndpoint', discover, 'the token endpoint');
    const plan = planAssertion({
      clientId,
      tokenEndpoint,
      fhirBase: s.fhirBase,
      kid: need(s, 'kid', makeKey, 'the key id'),
      alg: s.alg,
      jwksUri: s.registration === 'by-url' ? s.jwksUri : undefined,
      nowSeconds: now,
      attack: s.attack,
    });
    const signingKeyId = await signingKeyFor(ctx);
    ctx.setState({ assertionHeader: { ...plan.header }, assertionClaims: { ...plan.claims }, signingKeyId });
    ctx.addArtifact({ kind: 'table', label: 'The assertion, claim by claim', columns: ['claim', 'value', 'why'], rows: plan.rows });
    ctx.addArtifact({
      kind: 'checks',
      label: 'The checks the server will make on these claims',
      checks: claimChecks(plan.header, plan.claims, { clientId, tokenEndpoint, nowSeconds: now }),
    });
    return { kind: 'done' };
  },
});
