import { signAssertion, verifyLocally, type AssertionClaims, type AssertionHeader } from '../assertion';
import { BACKEND_SPEC } from '../specs';
import { loadKey, need, type Step } from './common';

export const sign: Step = {
  id: 'sign',
  title: 'Sign the assertion',
  why: 'Signing with the private key turns the claims into proof: only the holder of the registered key can make a signature that the server\'s copy of the public key accepts. The result is a compact JWT, checked here against the public key just as the server will.',
  spec: [BACKEND_SPEC.jwtAssertion, BACKEND_SPEC.authenticationJwt],
  actors: ['backend-client'],
  channel: 'local',
  async run(ctx) {
    const s = ctx.state;
    const header = need(s.assertionHeader, 'The assertion header', 'Build the client assertion') as unknown as AssertionHeader;
    const claims = need(s.assertionClaims, 'The assertion claims', 'Build the client assertion') as unknown as AssertionClaims;
    const key = await loadKey(need(s.signingKeyId, 'The signing key', 'Build the client assertion'));
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
};
