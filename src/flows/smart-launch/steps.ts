import { decodeJwt } from 'jose';
import { defineStep, need, StepFailure, type StepContext, type StepDefinition } from '../flow';
import { discoverSmartConfiguration, discoverOpenIdConfiguration, fetchJwks } from '../../protocol/discovery';
import { fetchJson } from '../../protocol/http';
import { calculateS256Challenge } from '../../protocol/pkce';
import { generateState, stateComparison } from '../../protocol/state';
import { checkResponseIssuer } from '../../protocol/issuer';
import { oauthErrorFromRedirect } from '../../protocol/errors';
import { errorText } from '../../protocol/step-failure';
import { verifyIdToken, assertIdTokenValid } from '../../protocol/jwt';
import { SPEC } from '../../protocol/specs';
import { humanName } from '../../protocol/fhir';
import { observationValue } from '../../ui/format';
import { buildTokenRequest, explainClientAuthentication, type ClientCredentials } from '../../protocol/token-request';
import type { StepError } from '../../journal/types';
import { createOidcClient } from './oidc';
import { mockCodeLifetime } from './mock-iss';
import type { SmartLaunchState } from './state';
import { fieldText } from '../../protocol/field-text';

type Ctx = StepContext<SmartLaunchState>;
type Step = StepDefinition<SmartLaunchState>;

const IG = 'https://hl7.org/fhir/smart-app-launch/STU2.2';
const link = (label: string, path: string) => ({ label, url: `${IG}/${path}` });

/** EHR launch only: the EHR opened the app's launch URL with iss and launch. */
export const receiveLaunch = defineStep<SmartLaunchState>({
  id: 'launch',
  title: 'The EHR opens the app with iss and launch',
  why: "In an EHR launch the EHR starts the app by sending the browser to the app's launch URL. `iss` says which FHIR server to talk to; `launch` is an opaque handle for the context (patient, encounter, user) that the app hands back in the authorize request.",
  spec: [link('SMART: Launch app: EHR launch', 'app-launch.html#launch-app-ehr-launch')],
  actors: ['ehr', 'browser', 'app'],
  channel: 'front-channel',
  carries: 'GET /launch?iss=…&launch=…',
  async run(ctx: Ctx) {
    const url = ctx.incomingUrl ?? `${ctx.origin}/launch?iss=${encodeURIComponent(ctx.state.iss)}&launch=${encodeURIComponent(ctx.state.launch ?? '')}`;
    ctx.recordRedirect(url, 'incoming', "The EHR sent the browser to the app's launch URL.");
    if (!ctx.state.iss || !ctx.state.launch) {
      throw new StepFailure({
        code: 'invalid_launch',
        message: 'The launch URL must carry both iss and launch.',
        cause: `iss=${JSON.stringify(ctx.state.iss ?? null)}, launch=${JSON.stringify(ctx.state.launch ?? null)}`,
        hint: 'Start the EHR launch from an EHR (the mock EHR at /mock/ehr), which adds both parameters.',
        spec: link('SMART: EHR launch', 'app-launch.html#launch-app-ehr-launch'),
      });
    }
    ctx.addArtifact({ kind: 'value', label: 'iss (the FHIR base)', value: ctx.state.iss });
    ctx.addArtifact({ kind: 'value', label: 'launch (opaque context handle)', value: ctx.state.launch });
    return { kind: 'done' };
  },
});

export const discover = defineStep<SmartLaunchState>({
  id: 'discover',
  title: 'Discover the server: .well-known/smart-configuration',
  why: 'The app learns where the authorization and token endpoints are, and what the server supports (PKCE S256, scopes, capabilities), from a document at the FHIR base. Nothing is configured by hand, so one app works with every SMART server.',
  spec: [link('SMART: Conformance (smart-configuration)', 'conformance.html')],
  actors: ['app', 'fhir-server'],
  channel: 'back-channel',
  carries: 'GET /.well-known/smart-configuration',
  async run(ctx: Ctx) {
    const config = await discoverSmartConfiguration(ctx.fetch, ctx.state.iss);
    if (!config.authorization_endpoint) {
      throw new StepFailure({
        code: 'missing_authorization_endpoint',
        message: 'The SMART configuration has no authorization_endpoint.',
        hint: 'A server that supports app launch must publish authorization_endpoint. Check the FHIR base, or the server does not support user-facing launches.',
        spec: SPEC.smartDiscovery,
      });
    }
    ctx.setState({
      authorizationEndpoint: config.authorization_endpoint,
      tokenEndpoint: config.token_endpoint,
      jwksUri: config.jwks_uri,
      issuer: config.issuer ?? ctx.state.iss,
      issParameterSupported: config.authorization_response_iss_parameter_supported,
    });
    ctx.addArtifact({
      kind: 'table',
      label: 'What the app takes from the document',
      columns: ['field', 'value'],
      rows: [
        ['authorization_endpoint', config.authorization_endpoint],
        ['token_endpoint', config.token_endpoint],
        ['jwks_uri', config.jwks_uri ?? '(absent: taken from openid-configuration when needed)'],
        ['code_challenge_methods_supported', config.code_challenge_methods_supported.join(' ')],
        ['capabilities', config.capabilities.join(' ')],
      ],
    });
    return { kind: 'done' };
  },
});

export const buildAuthorizeRequest = defineStep<SmartLaunchState>({
  id: 'authorize-request',
  title: 'Build the authorization request (state, PKCE, scopes)',
  why: 'The app asks for a code. `state` ties the answer to this browser (against CSRF); the PKCE verifier stays in the app while only its SHA-256 challenge travels, so a stolen code is useless; `aud` names the FHIR server the token is for, so a token cannot be replayed elsewhere.',
  spec: [
    link('SMART: Obtain authorization code', 'app-launch.html#obtain-authorization-code'),
    { label: 'RFC 7636 PKCE §4', url: 'https://www.rfc-editor.org/rfc/rfc7636#section-4' },
    { label: 'RFC 9700 §2.1 (CSRF, PKCE)', url: 'https://www.rfc-editor.org/rfc/rfc9700#section-2.1' },
  ],
  actors: ['app'],
  channel: 'local',
  carries: 'the /authorize URL: state, PKCE, scope',
  async run(ctx: Ctx) {
    const s = ctx.state;
    const client = createOidcClient(s);
    const wantsOpenId = s.scope.split(/\s+/).includes('openid');
    // oidc-client-ts's own state id is a UUIDv4 (122 random bits); 256 more from
    // crypto.getRandomValues ride along as url_state, so the state sent carries ≥128 bits.
    const extraEntropy = generateState();
    const nonce = wantsOpenId ? generateState() : undefined;
    const extraQueryParams: Record<string, string> = { aud: s.iss };
    if (s.launchType === 'ehr' && s.launch) extraQueryParams.launch = s.launch;
    const request = await client.createSigninRequest({ scope: s.scope, nonce, url_state: extraEntropy, extraQueryParams });
    const url = new URL(request.url);
    const sentState = url.searchParams.get('state') ?? '';
    const verifier = request.state.code_verifier ?? '';
    const challenge = url.searchParams.get('code_challenge') ?? '';
    ctx.addArtifact({ kind: 'value', label: 'state', value: sentState, note: 'Random, single use; the callback must return it unchanged.' });
    ctx.addArtifact({ kind: 'pkce', verifier, challenge, recomputed: await calculateS256Challenge(verifier), method: 'S256' });
    if (nonce) ctx.addArtifact({ kind: 'value', label: 'nonce', value: nonce, note: 'Comes back inside the id_token: binds the token to this request.' });
    ctx.addArtifact({ kind: 'table', label: 'Authorize request parameters', columns: ['parameter', 'value'], rows: [...url.searchParams.entries()] });
    ctx.addArtifact({ kind: 'value', label: 'Authorize URL', value: request.url });
    ctx.setState({ authorizeUrl: request.url, sentState, nonce });
    return { kind: 'done' };
  },
});

const redirectToAuthorize = defineStep<SmartLaunchState>({
  id: 'redirect',
  title: 'Send the browser to the authorization server',
  why: 'The request travels in the front channel: the browser carries it as a URL. That is why nothing secret goes in it (the PKCE verifier stays behind) and why the user signs in at the server, never in the app.',
  spec: [
    link('SMART: Obtain authorization code', 'app-launch.html#obtain-authorization-code'),
    { label: 'RFC 6749 §4.1.1', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1' },
  ],
  actors: ['app', 'browser', 'auth-server'],
  channel: 'front-channel',
  carries: '302 → /authorize',
  async run(ctx: Ctx) {
    const url = need(ctx.state, 'authorizeUrl', buildAuthorizeRequest, 'the authorize URL');
    ctx.recordRedirect(url, 'outgoing', 'The app sends the browser to the authorization endpoint.');
    // A new request starts with a new state and PKCE pair, so from the step that builds them.
    return { kind: 'navigate', url, to: 'the authorization server', resendFrom: buildAuthorizeRequest.id };
  },
});

export const atAuthorizationServer = defineStep<SmartLaunchState>({
  id: 'at-server',
  title: 'The user at the authorization server; the browser comes back',
  why: 'The server signs the user in, asks which patient when none is in context (a practitioner’s standalone launch) and what to share, then sends the browser back to the redirect_uri with a short-lived code and the state, or with an error. The app never sees the password.',
  spec: [{ label: 'RFC 6749 §4.1.2', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2' }, link('SMART: Response', 'app-launch.html#response-3')],
  actors: ['user', 'browser', 'auth-server', 'app'],
  channel: 'front-channel',
  carries: 'sign-in, consent; 302 → /callback',
  onReturn: 'at-server',
  async run(ctx: Ctx) {
    const url = ctx.incomingUrl;
    if (!url) {
      throw new StepFailure({
        code: 'no_callback',
        message: 'The browser has not come back from the authorization server.',
        hint: "Continue at the authorization server's page, or start over.",
      });
    }
    ctx.recordRedirect(url, 'incoming', 'The authorization server sent the browser back to the redirect_uri.');
    const params = new URL(url).searchParams;
    const code = params.get('code');
    if (!code) {
      ctx.setState({ callbackUrl: url, codeReceivedAt: undefined, codeLifetimeSeconds: undefined });
      return { kind: 'done' };
    }
    // The code's clock starts now: a teacher who pauses here should see it run down.
    const codeReceivedAt = new Date().toISOString();
    const codeLifetimeSeconds = mockCodeLifetime(ctx.state.iss, ctx.origin);
    ctx.addArtifact({
      kind: 'value',
      label: 'code',
      value: code,
      note:
        codeLifetimeSeconds === undefined
          ? 'Single use and short-lived (RFC 6749 §4.1.2 advises at most 10 minutes; many servers allow 60 s or less): worthless without the PKCE verifier.'
          : `Single use, valid for ${codeLifetimeSeconds} s at this mock server: worthless without the PKCE verifier.`,
      expiry: { since: codeReceivedAt, lifetimeSeconds: codeLifetimeSeconds },
    });
    ctx.setState({ callbackUrl: url, codeReceivedAt, codeLifetimeSeconds });
    return { kind: 'done' };
  },
});

export const checkCallback = defineStep<SmartLaunchState>({
  id: 'callback',
  title: 'Check the callback: state, then error or code',
  why: 'The app accepts the answer only if `state` equals the value it sent, so an attacker cannot inject their own code (CSRF). Only then does it look at `error` or `code`.',
  spec: [{ label: 'RFC 6749 §10.12 CSRF', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-10.12' }, SPEC.authorizationErrors],
  actors: ['app'],
  channel: 'local',
  carries: 'checks state, then code or error',
  onReturn: 'callback',
  async run(ctx: Ctx) {
    const url = need(ctx.state, 'callbackUrl', atAuthorizationServer, 'the URL the browser came back with');
    const params = new URL(url).searchParams;
    const returned = params.get('state');
    const { comparison: cmp, artifact } = stateComparison(ctx.state.sentState, returned);
    ctx.addArtifact(artifact);
    if (!cmp.equal) {
      // Checked before anything else in the callback: an error answer with a foreign state is as untrusted as a code.
      const carried = params.get('error');
      throw new StepFailure({
        code: 'state_mismatch',
        message:
          carried === null
            ? 'The returned state is not the state this app sent: a possible CSRF (forged callback), so the code is not used.'
            : `The returned state is not the state this app sent: a possible CSRF (forged callback), so the error it carries ("${carried}") is not believed either.`,
        cause: cmp.reason,
        hint: "Never accept this answer: someone else's code or error may have been planted in this browser. Start over from the first step in the same browser tab.",
        spec: SPEC.csrf,
      });
    }
    // RFC 9207: a server that names itself in the callback must be the one the app sent the user to (mix-up attacks).
    const issuer = checkResponseIssuer(ctx.state.issuer ?? ctx.state.iss, params.get('iss'), ctx.state.issParameterSupported === true);
    if (issuer.kind !== 'not-sent' && issuer.artifact) ctx.addArtifact(issuer.artifact);
    if (issuer.kind === 'refused') throw new StepFailure(issuer.error);
    const error = oauthErrorFromRedirect(params);
    if (error) throw new StepFailure(error);
    if (!params.get('code')) {
      throw new StepFailure({
        code: 'no_code',
        message: 'The callback has neither a code nor an error.',
        hint: 'The authorization server must send code (RFC 6749 §4.1.2) or error (§4.1.2.1).',
        spec: SPEC.authorizationErrors,
      });
    }
    return { kind: 'done' };
  },
});

export const exchangeCode = defineStep<SmartLaunchState>({
  id: 'token',
  title: 'Exchange the code for tokens',
  why: 'A back-channel POST trades the code and the PKCE verifier for an access token. The server hashes the verifier and compares it with the challenge it got earlier: only the app that started the flow can finish it. SMART adds the launch context (patient, encounter) to the answer.',
  spec: [
    link('SMART: Obtain access token', 'app-launch.html#obtain-access-token'),
    { label: 'RFC 6749 §4.1.3', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3' },
  ],
  actors: ['app', 'auth-server'],
  channel: 'back-channel',
  carries: 'POST /token (code, code_verifier)',
  async run(ctx: Ctx) {
    const signin = await readSigninState(ctx);
    const client = clientCredentials(ctx.state);
    const request = buildTokenRequest(
      { grant_type: 'authorization_code', code: signin.code, redirect_uri: signin.redirectUri, code_verifier: signin.codeVerifier },
      client,
    );
    showClientAuthentication(ctx, client);
    let body: Record<string, unknown>;
    try {
      ({ body } = await fetchJson(
        ctx.fetch,
        need(ctx.state, 'tokenEndpoint', discover, 'the token endpoint'),
        { method: 'POST', headers: request.headers, body: request.body },
        'The token endpoint',
        { source: 'token' },
      ));
    } catch (e) {
      if (e instanceof StepFailure && e.error.code === 'invalid_grant') throw new StepFailure(codeRefused(ctx.state, e.error));
      throw e;
    }
    const response = tokenResponse(body);
    // SMART's extra fields sit in the token response next to the standard ones.
    const extra = body;
    const str = (k: string) => (typeof extra[k] === 'string' ? extra[k] : undefined);
    const accessToken = response.access_token;
    showToken(ctx, 'access_token', accessToken);
    if (response.refresh_token)
      ctx.addArtifact({
        kind: 'opaque-token',
        label: 'refresh_token',
        value: response.refresh_token,
        note: 'Used later to get a new access token without the user.',
      });
    ctx.addArtifact({
      kind: 'scopes',
      requested: ctx.state.scope.split(/\s+/).filter(Boolean),
      granted: (response.scope ?? ctx.state.scope).split(/\s+/).filter(Boolean),
    });
    const contextRows: [string, string][] = [];
    for (const k of ['patient', 'encounter', 'need_patient_banner', 'smart_style_url', 'fhirContext', 'token_type', 'expires_in']) {
      const v = k === 'expires_in' ? response.expires_in : extra[k];
      if (v !== undefined && v !== null) contextRows.push([k, typeof v === 'string' ? v : JSON.stringify(v)]);
    }
    ctx.addArtifact({ kind: 'table', label: 'Launch context and token fields', columns: ['field', 'value'], rows: contextRows });
    ctx.setState({
      accessToken,
      refreshToken: response.refresh_token,
      idToken: response.id_token,
      // RFC 6749 §5.1: no scope in the answer means the scope asked for was granted.
      grantedScope: response.scope ?? ctx.state.scope,
      patient: str('patient'),
      encounter: str('encounter'),
    });
    return { kind: 'done' };
  },
});

function showToken(ctx: Ctx, label: string, token: string) {
  try {
    const payload = decodeJwt(token);
    ctx.addArtifact({
      kind: 'jwt',
      label,
      compact: token,
      header: {},
      payload,
      signature: { kind: 'unverified', detail: 'An access token is meant for the FHIR server; the app treats it as opaque.' },
    });
  } catch {
    ctx.addArtifact({ kind: 'opaque-token', label, value: token, note: 'Opaque: only the server can read it. The app sends it as a Bearer token.' });
  }
}

const RESTART_AT_AUTHORIZE = { stepId: 'authorize-request', label: 'Get a new code: restart from the authorize step' };

interface SigninState {
  code: string;
  redirectUri: string;
  codeVerifier: string;
}

/**
 * oidc-client-ts kept the signin state (PKCE verifier, redirect_uri) across
 * the redirect. Read it once (it is removed, so a callback cannot be replayed)
 * and check it belongs to this client and server, as its own validator does.
 */
async function readSigninState(ctx: Ctx): Promise<SigninState> {
  const client = createOidcClient(ctx.state);
  const lost = (cause: string): StepFailure =>
    new StepFailure({
      code: 'signin_state_missing',
      message: 'This app has no saved sign-in request for this callback, so it cannot finish it.',
      cause,
      hint: 'The request was started in another tab or browser, or this callback was already used. Start over in this tab.',
      spec: SPEC.csrf,
    });
  const callbackUrl = need(ctx.state, 'callbackUrl', atAuthorizationServer, 'the URL the browser came back with');
  let read: Awaited<ReturnType<typeof client.readSigninResponseState>>;
  try {
    read = await client.readSigninResponseState(callbackUrl, true);
  } catch (e) {
    throw lost(errorText(e));
  }
  const { state, response } = read;
  if (state.client_id !== ctx.state.clientId || state.authority !== (ctx.state.issuer ?? ctx.state.iss)) {
    throw lost(`The saved request was made for client ${JSON.stringify(state.client_id)} at ${JSON.stringify(state.authority)}, not for this set-up.`);
  }
  const redirectError = oauthErrorFromRedirect(new URL(callbackUrl).searchParams);
  if (redirectError) throw new StepFailure(redirectError);
  if (!response.code || !state.code_verifier) {
    throw new StepFailure({
      code: 'no_code',
      message: 'The callback has no code to exchange.',
      hint: 'Start over: the authorization server must send a code (RFC 6749 §4.1.2).',
      spec: SPEC.authorizationErrors,
    });
  }
  return { code: response.code, redirectUri: state.redirect_uri, codeVerifier: state.code_verifier };
}

function clientCredentials(s: SmartLaunchState): ClientCredentials {
  if (s.clientType === 'public') return { method: 'none', clientId: s.clientId };
  return { method: s.clientAuth, clientId: s.clientId, clientSecret: s.clientSecret };
}

function showClientAuthentication(ctx: Ctx, client: ClientCredentials): void {
  const explained = explainClientAuthentication(client);
  ctx.addArtifact({ kind: 'value', label: 'Client authentication', value: explained.sent, note: explained.note });
}

interface TokenResponse {
  access_token: string;
  token_type: string;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  expires_in?: number;
}

/** RFC 6749 §5.1: access_token and token_type are required; SMART uses Bearer tokens. */
function tokenResponse(body: Record<string, unknown>): TokenResponse {
  const str = (k: string) => (typeof body[k] === 'string' ? body[k] : undefined);
  const accessToken = str('access_token');
  const tokenType = str('token_type');
  if (!accessToken || !tokenType) {
    throw new StepFailure({
      code: 'invalid_token_response',
      message: `The token response has no ${!accessToken ? 'access_token' : 'token_type'}.`,
      cause: `It has: ${Object.keys(body).join(', ') || 'nothing'}.`,
      hint: 'RFC 6749 §5.1 requires access_token and token_type in a successful answer. Check what the server returned above.',
      spec: { label: 'RFC 6749 §5.1 Successful response', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-5.1' },
    });
  }
  if (tokenType.toLowerCase() !== 'bearer') {
    throw new StepFailure({
      code: 'invalid_token_response',
      message: `The token_type is "${tokenType}", not Bearer.`,
      hint: 'SMART App Launch uses Bearer tokens (RFC 6750); this app cannot use another token type.',
      spec: SPEC.smartLaunch,
    });
  }
  return {
    access_token: accessToken,
    token_type: tokenType,
    refresh_token: str('refresh_token'),
    id_token: str('id_token'),
    scope: str('scope'),
    expires_in: typeof body.expires_in === 'number' ? body.expires_in : undefined,
  };
}

/**
 * invalid_grant for a code: a new code is the remedy whatever the reason, so the
 * run is offered a restart from the authorize step. When the code outlived its
 * life, say so: that is what a teacher pausing between steps meets.
 */
function codeRefused(s: SmartLaunchState, error: StepError): StepError {
  const age = s.codeReceivedAt ? Math.round((Date.now() - Date.parse(s.codeReceivedAt)) / 1000) : undefined;
  const lifetime = s.codeLifetimeSeconds;
  const expired = age !== undefined && lifetime !== undefined && age >= lifetime;
  const likelyExpired = age !== undefined && lifetime === undefined && age >= 60;
  if (!expired && !likelyExpired) return { ...error, restartFrom: RESTART_AT_AUTHORIZE };
  return {
    ...error,
    message: expired
      ? `The authorization code expired: it arrived ${age} s ago and lives ${lifetime} s at this server.`
      : `The token endpoint refused the code, which arrived ${age} s ago: it has most likely expired (many servers let a code live 60 s or less).`,
    hint: `Codes are short-lived on purpose (a leaked code is soon useless): get a new one by restarting from the authorize step; your set-up is kept.${lifetime !== undefined ? ' For teaching, the mock set-up can give codes a longer life.' : ''}`,
    restartFrom: RESTART_AT_AUTHORIZE,
  };
}

export const validateIdToken = defineStep<SmartLaunchState>({
  id: 'id-token',
  title: 'Verify the id_token and read fhirUser',
  why: "The id_token says who signed in. The app checks its signature against the server's published keys (jwks_uri), and that iss, aud, exp and nonce are right, before trusting `fhirUser`: the FHIR resource of the user.",
  spec: [link('SMART: Scopes for requesting identity data', 'scopes-and-launch-context.html#scopes-for-requesting-identity-data'), SPEC.idTokenValidation],
  actors: ['app', 'auth-server'],
  channel: 'back-channel',
  carries: 'GET /jwks: the id_token signature',
  async run(ctx: Ctx) {
    const idToken = ctx.state.idToken;
    if (!idToken && (ctx.state.grantedScope ?? '').split(/\s+/).includes('openid')) {
      throw new StepFailure({
        code: 'missing_id_token',
        message: 'The server granted openid but sent no id_token.',
        hint: 'OpenID Connect requires an id_token in the token response when openid is granted; the app cannot tell who signed in without it.',
        spec: SPEC.idTokenValidation,
      });
    }
    if (!idToken) {
      ctx.addArtifact({
        kind: 'value',
        label: 'id_token',
        value: '(none)',
        note: 'No id_token: the scope had no openid, or the server did not grant it. Nothing to verify.',
      });
      return { kind: 'done' };
    }
    let jwksUri = ctx.state.jwksUri;
    if (!jwksUri) jwksUri = (await discoverOpenIdConfiguration(ctx.fetch, ctx.state.issuer ?? ctx.state.iss)).jwks_uri;
    const jwks = await fetchJwks(ctx.fetch, jwksUri);
    const artifact = await verifyIdToken({ idToken, jwks, issuer: ctx.state.issuer ?? ctx.state.iss, audience: ctx.state.clientId, nonce: ctx.state.nonce });
    ctx.addArtifact(artifact);
    assertIdTokenValid(artifact);
    const fhirUser = artifact.kind === 'jwt' && typeof artifact.payload.fhirUser === 'string' ? artifact.payload.fhirUser : undefined;
    if (fhirUser) ctx.addArtifact({ kind: 'value', label: 'fhirUser', value: fhirUser });
    ctx.setState({ fhirUser });
    return { kind: 'done' };
  },
});

/** GET a FHIR resource or search with the access token; failures explained (401, 403 ...). */
async function fhirGet(ctx: Ctx, url: string, what: string): Promise<Record<string, unknown>> {
  const { body } = await fetchJson(
    ctx.fetch,
    url,
    { headers: { Authorization: `Bearer ${need(ctx.state, 'accessToken', exchangeCode, 'the access token')}`, Accept: 'application/fhir+json' } },
    what,
    { source: 'resource' },
  );
  return body;
}

function resolveFhirUrl(iss: string, reference: string): string {
  return /^https?:\/\//.test(reference) ? reference : `${iss.replace(/\/+$/, '')}/${reference}`;
}

export const readFhirUser = defineStep<SmartLaunchState>({
  id: 'fhir-user',
  title: 'Read the signed-in user (fhirUser)',
  why: 'fhirUser is a FHIR reference (Patient/…, Practitioner/…) to the person who signed in. Reading it with the access token shows the app who is using it, which the access token alone does not say.',
  spec: [link('SMART: fhirUser', 'scopes-and-launch-context.html#scopes-for-requesting-identity-data')],
  actors: ['app', 'fhir-server'],
  channel: 'back-channel',
  carries: 'GET fhirUser (Bearer)',
  async run(ctx: Ctx) {
    const ref = ctx.state.fhirUser;
    if (!ref) {
      ctx.addArtifact({ kind: 'value', label: 'fhirUser', value: '(none)', note: 'No fhirUser claim (ask for `openid fhirUser`): skipped.' });
      return { kind: 'done' };
    }
    const user = await fhirGet(ctx, resolveFhirUrl(ctx.state.iss, ref), `The fhirUser resource ${ref}`);
    ctx.addArtifact({ kind: 'value', label: 'Signed in as', value: `${humanName(user)} (${ref})` });
    return { kind: 'done' };
  },
});

export const readPatient = defineStep<SmartLaunchState>({
  id: 'read-patient',
  title: 'Read the patient in context',
  why: 'The token response named the patient; the app reads that Patient with the access token as a Bearer token. The FHIR server checks the token, its scopes and that the patient is the one in context.',
  spec: [
    { label: 'RFC 6750 §2.1 Bearer header', url: 'https://www.rfc-editor.org/rfc/rfc6750#section-2.1' },
    link('SMART: Access FHIR API', 'app-launch.html#access-fhir-api'),
  ],
  actors: ['app', 'fhir-server'],
  channel: 'back-channel',
  carries: 'GET /Patient/{id} (Bearer)',
  async run(ctx: Ctx) {
    const id = ctx.state.patient;
    if (!id) {
      throw new StepFailure({
        code: 'no_patient',
        message: 'The token response has no patient in context.',
        hint: 'Ask for launch/patient (standalone) or launch (EHR launch), and make sure the server granted it.',
        spec: SPEC.smartScopes,
      });
    }
    const patient = await fhirGet(ctx, resolveFhirUrl(ctx.state.iss, `Patient/${id}`), `Patient/${id}`);
    const name = humanName(patient);
    ctx.addArtifact({ kind: 'value', label: 'Patient name', value: name });
    ctx.addArtifact({
      kind: 'table',
      label: 'Patient',
      columns: ['field', 'value'],
      rows: [
        ['id', String(patient.id)],
        ['birthDate', fieldText(patient.birthDate)],
        ['gender', fieldText(patient.gender)],
      ],
    });
    ctx.setState({ patientName: name });
    return { kind: 'done' };
  },
});

export const searchObservations = defineStep<SmartLaunchState>({
  id: 'observations',
  title: "Search the patient's Observations",
  why: "A search within the patient's compartment. With patient/ scopes a server returns only that patient's data, whatever the query asks for.",
  spec: [{ label: 'FHIR R4 search', url: 'https://hl7.org/fhir/R4/search.html' }, SPEC.smartScopes],
  actors: ['app', 'fhir-server'],
  channel: 'back-channel',
  carries: 'GET /Observation?patient=… (Bearer)',
  async run(ctx: Ctx) {
    const url = `${ctx.state.iss.replace(/\/+$/, '')}/Observation?patient=${encodeURIComponent(need(ctx.state, 'patient', exchangeCode, 'the patient in context'))}&_sort=-date&_count=10`;
    const bundle = await fhirGet(ctx, url, 'The Observation search');
    // A server may add OperationOutcome entries (search mode "outcome"): only matches are Observations.
    const entries = ((bundle.entry as { resource: Record<string, unknown>; search?: { mode?: string } }[] | undefined) ?? []).filter(
      (e) => e.search?.mode !== 'outcome' && e.resource.resourceType === 'Observation',
    );
    const rows = entries.map(({ resource: o }) => {
      const code = o.code as { text?: string; coding?: { display?: string }[] } | undefined;
      return [fieldText(o.effectiveDateTime).slice(0, 10), code?.text ?? code?.coding?.[0]?.display ?? '', observationValue(o)];
    });
    ctx.addArtifact({
      kind: 'table',
      label: `Observations (${fieldText(bundle.total, String(entries.length))} in all)`,
      columns: ['date', 'what', 'value'],
      rows,
    });
    return { kind: 'done' };
  },
});

export const refreshTokens = defineStep<SmartLaunchState>({
  id: 'refresh',
  title: 'Refresh the access token',
  why: 'Access tokens are short-lived. With offline_access (or online_access) the app got a refresh token and trades it for a new access token without the user. Servers may rotate it: the old refresh token then stops working.',
  spec: [
    link('SMART: Refresh access token', 'app-launch.html#step-7-app-uses-a-refresh-token-to-obtain-a-new-access-token'),
    { label: 'RFC 6749 §6', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-6' },
  ],
  actors: ['app', 'auth-server'],
  channel: 'back-channel',
  carries: 'POST /token (refresh_token)',
  async run(ctx: Ctx) {
    const s = ctx.state;
    if (!s.refreshToken) {
      ctx.addArtifact({ kind: 'value', label: 'refresh_token', value: '(none)', note: 'No refresh token: ask for offline_access or online_access. Skipped.' });
      return { kind: 'done' };
    }
    const client = clientCredentials(s);
    const request = buildTokenRequest({ grant_type: 'refresh_token', refresh_token: s.refreshToken }, client);
    showClientAuthentication(ctx, client);
    let body: Record<string, unknown>;
    try {
      ({ body } = await fetchJson(
        ctx.fetch,
        need(s, 'tokenEndpoint', discover, 'the token endpoint'),
        { method: 'POST', headers: request.headers, body: request.body },
        'The token endpoint (refresh)',
        { source: 'token' },
      ));
    } catch (e) {
      throw e instanceof StepFailure ? new StepFailure(refreshRefused(e.error)) : e;
    }
    const accessToken = typeof body.access_token === 'string' ? body.access_token : '';
    if (!accessToken)
      throw new StepFailure({
        code: 'invalid_token_response',
        message: 'The refresh answer has no access_token.',
        hint: 'RFC 6749 §5.1 requires access_token and token_type.',
        spec: SPEC.tokenErrors,
      });
    showToken(ctx, 'new access_token', accessToken);
    const rotated = typeof body.refresh_token === 'string' && body.refresh_token !== s.refreshToken;
    ctx.addArtifact({
      kind: 'value',
      label: 'refresh token rotation',
      value: rotated ? 'rotated: the server issued a new refresh token' : 'not rotated',
      note: rotated ? 'The old refresh token no longer works.' : undefined,
    });
    ctx.setState({ accessToken, refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : s.refreshToken });
    return { kind: 'done' };
  },
});

/** A refused refresh is not a refused code: its own words, and the remedy is to authorize again. */
function refreshRefused(error: StepError): StepError {
  const reauthorize =
    'Re-authorize: restart from the authorize step so the user signs in and consents again; your set-up is kept. A refused refresh token cannot be repaired by the app.';
  switch (error.code) {
    case 'invalid_grant':
      return {
        ...error,
        message:
          'The token endpoint refused the refresh token (invalid_grant): it has expired, was revoked, was replaced by a newer one (rotation), or was issued to another client.',
        hint: `${reauthorize} If the server rotates refresh tokens, always keep the newest one it sent.`,
        restartFrom: RESTART_AT_AUTHORIZE,
      };
    case 'invalid_client':
      return {
        ...error,
        message: "The token endpoint did not accept the client's credentials on refresh (invalid_client).",
        hint: 'A confidential client must authenticate on refresh exactly as on the code exchange (RFC 6749 §6): check the client_id, the secret and the authentication method in the set-up.',
      };
    case 'invalid_scope':
      return {
        ...error,
        message: 'The refresh asked for a scope beyond the original grant (invalid_scope).',
        hint: 'A refresh may ask for the same scopes or fewer, never more (RFC 6749 §6). For more, re-authorize.',
        restartFrom: RESTART_AT_AUTHORIZE,
      };
    case 'unauthorized_client':
      return { ...error, hint: 'This client may not use the refresh_token grant here: check its registration, or re-authorize when the access token expires.' };
    default:
      return error;
  }
}

/** From discovery to refresh: what both launches share. */
export const authorizationCodeSteps: Step[] = [
  discover,
  buildAuthorizeRequest,
  redirectToAuthorize,
  atAuthorizationServer,
  checkCallback,
  exchangeCode,
  validateIdToken,
  readFhirUser,
  readPatient,
  searchObservations,
  refreshTokens,
];
