import { defineStep, need } from '../../flow';
import type { BackendState } from '../state';
import { buildAssertion } from './build-assertion';
import { signAssertion, verifyLocally, type AssertionClaims, type AssertionHeader } from '../assertion';
import { BACKEND_SPEC } from '../specs';
import { loadKey } from './common';

export const sign = defineStep<BackendState>({
  id: 'sign',
  title: 'Sign the assertion',
  why: "Signing with the private key turns the claims into proof: only the holder of the registered key can make a signature that the server's copy of the public key accepts. The result is a compact JWT, checked here against the public key just as the server will.",
  spec: [BACKEND_SPEC.jwtAssertion, BACKEND_SPEC.authenticationJwt],
  actors: ['backend-client'],
  channel: 'local',
  carries: 'the assertion signed with the private key',
  async run(ctx) {
    const s = ctx.state;
    const header = need(s, 'assertionHeader', buildAssertion, 'the assertion header') as unknown as AssertionHeader;
    const claims = need(s, 'assertionClaims', buildAssertion, 'the assertion claims') as unknown as AssertionClaims;
    const key = await loadKey(need(s, 'signingKeyId', buildAssertion, 'the signing key'));
    const compact = await signAssertion(header, claims, key.signingKey);
    ctx.setState({ clientAssertion: compact });
    ctx.addArtifact({
      kind: 'jwt',
      label: 'client_assertion',
      compact,
      header: { ...header },
      payload: { ...claims },
      signature: await verifyLocally(compact, header, s.publicJwk),
    });
    return { kind: 'done' };
  },
});
