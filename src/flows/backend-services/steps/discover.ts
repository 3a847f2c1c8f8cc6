import { defineStep, StepFailure } from '../../flow';
import type { BackendState } from '../state';
import { discoverSmartConfiguration } from '../../../protocol/discovery';
import type { Check } from '../../../journal/types';
import { BACKEND_SPEC } from '../specs';

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

/** token_endpoint_auth_signing_alg_values_supported: absent (a warning) is not the same as listing other algorithms (a stop). */
type AlgField = { kind: 'absent' } | { kind: 'listed'; algs: string[] } | { kind: 'malformed'; value: unknown };

function readAlgs(value: unknown): AlgField {
  if (value === undefined) return { kind: 'absent' };
  const algs = strings(value);
  return algs ? { kind: 'listed', algs } : { kind: 'malformed', value };
}

export const discover = defineStep<BackendState>({
  id: 'discover',
  title: 'Discover the token endpoint: .well-known/smart-configuration',
  why: "The client learns the token endpoint (the aud of its assertion) from the FHIR server's SMART configuration, and checks that the server takes private_key_jwt with the chosen algorithm before signing anything.",
  spec: [BACKEND_SPEC.conformance, BACKEND_SPEC.protocol],
  actors: ['backend-client', 'fhir-server'],
  channel: 'back-channel',
  carries: 'GET /.well-known/smart-configuration',
  async run(ctx) {
    const s = ctx.state;
    const config = await discoverSmartConfiguration(ctx.fetch, s.fhirBase);
    const methods = config.token_endpoint_auth_methods_supported ?? [];
    const algField = readAlgs(config.raw.token_endpoint_auth_signing_alg_values_supported);
    const introspectionAuthMethods = strings(config.raw.introspection_endpoint_auth_methods_supported);
    const checks: Check[] = [
      { name: 'token_endpoint', ok: Boolean(config.token_endpoint), detail: config.token_endpoint },
      { name: 'token_endpoint_auth_methods_supported includes private_key_jwt', ok: methods.includes('private_key_jwt'), detail: JSON.stringify(methods) },
      {
        name: `token_endpoint_auth_signing_alg_values_supported includes ${s.alg}`,
        ok: algField.kind === 'listed' && algField.algs.includes(s.alg),
        detail:
          algField.kind === 'absent'
            ? `absent: ${s.alg} assumed (see the warning)`
            : algField.kind === 'listed'
              ? JSON.stringify(algField.algs)
              : `not a list of strings: ${JSON.stringify(algField.value)}`,
      },
      {
        name: 'grant_types_supported includes client_credentials',
        ok: config.grant_types_supported.includes('client_credentials'),
        detail: JSON.stringify(config.grant_types_supported),
      },
      { name: 'introspection_endpoint (for steps 8 and 9)', ok: Boolean(config.introspection_endpoint), detail: config.introspection_endpoint ?? '(absent)' },
    ];
    if (algField.kind === 'absent') {
      // SMART requires the field, but a server that omits it (the SMART App Launcher does) may still verify RS384.
      ctx.addArtifact({
        kind: 'warning',
        label: 'No signing algorithms advertised',
        message: `The discovery document does not include token_endpoint_auth_signing_alg_values_supported, so it does not say which algorithms the server verifies. The flow goes on with ${s.alg}${s.alg === 'RS384' ? ', the algorithm SMART servers support most widely' : ''}; if the token endpoint refuses the signature, ${s.alg === 'RS384' ? "ask the server's operator which algorithm it verifies" : 'choose RS384 in the set-up and start over'}.`,
        why: 'SMART App Launch 2.2 requires a server that supports client-confidential-asymmetric (and so Backend Services) to list token_endpoint_auth_signing_alg_values_supported in .well-known/smart-configuration, with at least one of RS384 and ES384. Without it a client can only guess; this server does not meet that requirement.',
        spec: BACKEND_SPEC.asymmetricDiscovery,
      });
    }
    ctx.addArtifact({ kind: 'checks', label: 'What backend services needs from the document', checks });
    ctx.setState({ tokenEndpoint: config.token_endpoint, introspectionEndpoint: config.introspection_endpoint, introspectionAuthMethods });
    if (!methods.includes('private_key_jwt')) {
      throw new StepFailure({
        code: 'private_key_jwt_not_supported',
        message: 'The server does not list private_key_jwt in token_endpoint_auth_methods_supported.',
        cause: config.token_endpoint_auth_methods_supported === undefined ? 'The field is absent.' : `It lists ${JSON.stringify(methods)}.`,
        hint: "SMART Backend Services clients authenticate with a signed JWT (private_key_jwt). This server does not offer it: check the FHIR base, or ask the server's operator.",
        spec: BACKEND_SPEC.conformance,
      });
    }
    if (algField.kind !== 'absent' && !(algField.kind === 'listed' && algField.algs.includes(s.alg))) {
      const algs = algField.kind === 'listed' ? algField.algs : [];
      const other = s.alg === 'RS384' ? 'ES384' : 'RS384';
      throw new StepFailure({
        code: 'alg_not_supported',
        message: `The server does not list ${s.alg} in token_endpoint_auth_signing_alg_values_supported.`,
        cause: algField.kind === 'listed' ? `It lists ${JSON.stringify(algs)}.` : `The field is not a list of strings: ${JSON.stringify(algField.value)}.`,
        hint: algs.includes(other)
          ? `Choose ${other} in the set-up and start over.`
          : 'SMART servers must support RS384 or ES384 for client assertions; this one advertises neither.',
        spec: BACKEND_SPEC.asymmetricDiscovery,
      });
    }
    if (!config.grant_types_supported.includes('client_credentials')) {
      throw new StepFailure({
        code: 'client_credentials_not_supported',
        message: 'The server does not list client_credentials in grant_types_supported.',
        hint: 'Backend services use the client_credentials grant; this server does not advertise it.',
        spec: BACKEND_SPEC.conformance,
      });
    }
    return { kind: 'done' };
  },
});
