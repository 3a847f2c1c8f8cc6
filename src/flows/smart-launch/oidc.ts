import { OidcClient, WebStorageStateStore, InMemoryWebStorage, type OidcClientSettings } from 'oidc-client-ts';
import type { SmartLaunchState } from './state';

/**
 * oidc-client-ts's OidcClient builds the authorize request and keeps the
 * signin state (state, nonce, PKCE verifier) across the redirect. The token
 * requests themselves are the playground's own (src/protocol/token-request.ts),
 * so the code exchange and the refresh authenticate the client the same way:
 * oidc-client-ts sends client_secret_basic without RFC 6749 §2.3.1's
 * form-encoding, which the refresh could not match.
 *
 * oidc-client-ts 3.5 takes no fetch function (its JsonService calls the global
 * fetch), so it must never need one here: the discovered metadata is handed
 * over, and the playground makes every request itself with the recording
 * fetch. Nothing swaps globalThis.fetch.
 */
// Outside a browser (tests under Node) the signin state lives in memory for the process.
const memoryStorage = new InMemoryWebStorage();

export function createOidcClient(state: SmartLaunchState): OidcClient {
  const storage = typeof sessionStorage === 'undefined' ? memoryStorage : sessionStorage;
  const settings: OidcClientSettings = {
    authority: state.issuer ?? state.iss,
    client_id: state.clientId,
    redirect_uri: state.redirectUri,
    scope: state.scope,
    response_type: 'code',
    response_mode: 'query',
    // Discovery was done by the playground (SMART's document, not OpenID's); hand it over.
    metadata: {
      issuer: state.issuer ?? state.iss,
      authorization_endpoint: state.authorizationEndpoint,
      token_endpoint: state.tokenEndpoint,
      jwks_uri: state.jwksUri,
    },
    stateStore: new WebStorageStateStore({ store: storage, prefix: 'playground.oidc.' }),
    loadUserInfo: false,
    // Keep every claim and field on the response: the playground shows them all.
    filterProtocolClaims: false,
  };
  if (state.clientType === 'confidential') {
    settings.client_secret = state.clientSecret;
    settings.client_authentication = state.clientAuth;
  }
  return new OidcClient(settings);
}
