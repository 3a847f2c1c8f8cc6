import { OidcClient, WebStorageStateStore, InMemoryWebStorage, type OidcClientSettings } from 'oidc-client-ts';
import type { SmartLaunchState } from './state';

/**
 * oidc-client-ts's OidcClient does the authorization code steps (the signin
 * state with PKCE across the redirect, the callback's state check, the token
 * exchange). We use OidcClient rather than UserManager because UserManager
 * drops SMART's extra token fields (patient, encounter, need_patient_banner ...)
 * while OidcClient's SigninResponse keeps them.
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

/**
 * oidc-client-ts calls the global fetch. For the length of one call we route
 * that through the step's recording fetch, so the journal shows the token
 * request exactly as the library sent it.
 */
export async function withGlobalFetch<T>(recording: typeof fetch, run: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  globalThis.fetch = recording;
  try {
    return await run();
  } finally {
    globalThis.fetch = original;
  }
}
