import { defineStep, need, StepFailure } from '../../flow';
import type { BackendState } from '../state';
import { makeKey } from './make-key';
import { oauthErrorCode } from '../../../protocol/error-codes';
import { jwksOf } from '../keys';
import { postJson, type HttpAnswer as Answer } from '../../../protocol/http';
import { BACKEND_SPEC } from '../specs';
import { mockRegistrationUrls, type Ctx } from './common';

function registrationFailure(what: string, url: string, answer: Answer): StepFailure {
  const error = typeof answer.json?.error === 'string' ? answer.json.error : undefined;
  const description = typeof answer.json?.error_description === 'string' ? answer.json.error_description : undefined;
  return new StepFailure({
    code: error === undefined ? 'http_error' : oauthErrorCode(error),
    message: `${what} at ${url} was refused (HTTP ${answer.status}${error !== undefined ? `, ${error}` : ''}).`,
    cause: description ? `The server says: "${description}"` : `The body was: ${answer.text.slice(0, 200) || '(empty)'}`,
    hint: 'The error_description names the metadata the server refused. A backend client registers token_endpoint_auth_method "private_key_jwt", grant_types ["client_credentials"], and its public keys in jwks or at a jwks_uri (never both, never a private key).',
    spec: BACKEND_SPEC.registrationErrors,
  });
}

/** Publishes the JWK Set on the mock's JWKS host: the URL a real client would serve it from. */
async function hostJwks(ctx: Ctx, jwksHost: string, jwks: unknown): Promise<string> {
  const answer = await postJson(ctx.fetch, jwksHost, jwks, 'The JWKS host');
  const url = answer.json?.url;
  if (answer.status !== 201 || typeof url !== 'string') throw registrationFailure('Publishing the JWK Set', jwksHost, answer);
  return url;
}

export const register = defineStep<BackendState>({
  id: 'register',
  title: 'Register the client and its public key',
  why: 'The server must know the client and the public key that checks its signatures before any assertion can be trusted. The key goes along by value (jwks) or by URL (jwks_uri), which lets the client rotate keys without registering again. Here the mock takes a dynamic registration (RFC 7591); many real servers register backend clients by hand.',
  spec: [BACKEND_SPEC.registration, BACKEND_SPEC.dynamicRegistration, BACKEND_SPEC.clientMetadata],
  actors: ['backend-client', 'auth-server'],
  channel: 'back-channel',
  carries: 'POST /register (public key)',
  async run(ctx) {
    const s = ctx.state;
    const publicJwk = need(s, 'publicJwk', makeKey, 'the public key');
    if (s.mode === 'live') {
      if (!s.client_id.trim()) {
        throw new StepFailure({
          code: 'missing_client_id',
          message: 'In live mode the client_id is yours to type: no client_id was given.',
          hint: 'Register this public key (the JWK Set from step 1, or a URL that serves it) with your server, then type the client_id it gave you in the set-up and start over. Tick "Reuse my key" so the key stays the same.',
          spec: BACKEND_SPEC.registration,
        });
      }
      ctx.addArtifact({
        kind: 'value',
        label: 'client_id (typed in the set-up)',
        value: s.client_id.trim(),
        note: 'Live mode: registration is skipped. The server must already know this client_id with the public key of step 1 (kid below); most servers register backend clients through their own portal.',
      });
      ctx.addArtifact({ kind: 'json', label: 'The JWK Set your server must have', value: jwksOf(publicJwk) });
      ctx.setState({ client_id: s.client_id.trim() });
      return { kind: 'done' };
    }

    const urls = mockRegistrationUrls(s.fhirBase);
    if (!urls) {
      throw new StepFailure({
        code: 'not_the_mock',
        message: `The FHIR base ${s.fhirBase} is not the SMART mock's, so this app cannot register a client there.`,
        hint: 'Use the mock FHIR base (…/mock/smart/fhir), or switch to live mode and type the client_id your server gave you.',
      });
    }
    const metadata: Record<string, unknown> = {
      client_name: 'Playground backend client',
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['client_credentials'],
      scope: s.scope,
    };
    let jwksUri: string | undefined;
    if (s.registration === 'by-url') {
      jwksUri = await hostJwks(ctx, urls.jwksHost, jwksOf(publicJwk));
      metadata.jwks_uri = jwksUri;
    } else {
      metadata.jwks = jwksOf(publicJwk);
    }
    const answer = await postJson(ctx.fetch, urls.register, metadata, 'The registration endpoint');
    const clientId = answer.json?.client_id;
    if (answer.status !== 201 || typeof clientId !== 'string') throw registrationFailure('The registration', urls.register, answer);
    ctx.setState({ client_id: clientId, jwksUri });
    ctx.addArtifact({ kind: 'value', label: 'client_id', value: clientId, note: 'Given by the server. It goes in iss and sub of every assertion.' });
    if (jwksUri) {
      ctx.addArtifact({
        kind: 'value',
        label: 'jwks_uri',
        value: jwksUri,
        note: 'The server fetches the public keys from here; the assertion header names it in jku.',
      });
    }
    ctx.addArtifact({ kind: 'json', label: 'Registered client metadata', value: answer.json });
    return { kind: 'done' };
  },
});
