import { decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { parseBasic } from '../smart-auth/client-auth';
import { DEFAULT_CODE_LIFETIME_SECONDS } from '../smart-auth/scenario';
import { parseScope, splitScope, uncoveredScopes } from '../smart-auth/scopes';
import { estimateEntropy } from './entropy';
import { evidenceOf } from './mask';
import { SPECS } from './specs';
import type { Check, CheckStatus, Evidence, InspectedClient, RecordedRequest, Run, SpecRef } from './types';
import { fieldText } from '../../src/protocol/field-text';

/**
 * The SMART client checklist, applied to one run's recorded requests. Each
 * check says pass, fail, warn or not-observable, with the requests it read as
 * evidence and the spec that asks for it. What the server cannot see (the app
 * comparing state at its callback, verifying the id_token) is listed as not
 * observable, never as passed.
 */
const STATE_MIN_BITS = 128;
/** SMART App Launch 2.2 asks for at least 122 bits (a random UUID); RFC 6749 §10.10 for 128. */
const STATE_SMART_MIN_BITS = 122;
/** A code is redeemed "promptly" within this many seconds of the redirect that carried it. */
const PROMPT_REDEMPTION_SECONDS = 10;
/** The server's code lifetime (a scenario may lengthen it for teaching). */
const CODE_LIFETIME_SECONDS = DEFAULT_CODE_LIFETIME_SECONDS;
const MAX_ASSERTION_SECONDS = 300;

const check = (id: string, title: string, status: CheckStatus, summary: string, evidence: Evidence[], spec: SpecRef[]): Check => ({
  id,
  title,
  status,
  summary,
  evidence,
  spec,
});

const header = (r: RecordedRequest, name: string) => r.headers.find(([n]) => n === name)?.[1];
const isForm = (r: RecordedRequest) => (header(r, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/** The parameters of an authorize request (query, or form body for authorize-post) or of a token request (form). */
function paramsOf(r: RecordedRequest): URLSearchParams {
  if (r.method === 'POST' && r.body !== undefined && (isForm(r) || r.kind === 'token')) return new URLSearchParams(r.body);
  return new URL(r.url).searchParams;
}

const grantOf = (r: RecordedRequest) => paramsOf(r).get('grant_type');
const seconds = (ms: number) => Math.round(ms / 100) / 10;
const sameBase = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

export function gradeRun(client: InspectedClient, run: Run, earlier: Run[]): Check[] {
  return run.kind === 'backend' ? gradeBackendRun(client, run, earlier) : gradeAppRun(client, run, earlier);
}

// ---------------------------------------------------------------- apps

function gradeAppRun(client: InspectedClient, run: Run, earlier: Run[]): Check[] {
  const authorize = run.requests.find((r) => r.kind === 'authorize');
  const codeExchanges = run.requests.filter((r) => r.kind === 'token' && grantOf(r) === 'authorization_code');
  const tokenRequests = run.requests.filter((r) => r.kind === 'token');
  const fhir = run.requests.filter((r) => r.kind === 'fhir');
  const notYet = (id: string, title: string, spec: SpecRef[]) =>
    check(id, title, 'not-observable', 'No authorize request in this run yet: the app has not started the authorization.', [], spec);
  if (!authorize) {
    return [
      notYet('discovery', 'Discovery before authorize', [SPECS.smartDiscovery]),
      notYet('state', 'state present, at least 128 bits', [SPECS.csrf]),
      notYet('pkce', 'PKCE with S256', [SPECS.pkceChallenge]),
      notYet('aud', 'aud is the FHIR base', [SPECS.smartAuthorize]),
      notYet('launch', 'launch passed through unchanged', [SPECS.smartEhrLaunch]),
      notYet('scope', 'Scopes well-formed and within the registration', [SPECS.smartScopes]),
    ];
  }
  const params = paramsOf(authorize);
  return [
    discoveryCheck(run, authorize, earlier),
    stateCheck(authorize, params),
    pkceCheck(authorize, params, codeExchanges),
    audCheck(run, authorize, params),
    launchCheck(run, authorize, params),
    scopeCheck(client, authorize, params),
    redirectUriCheck(authorize, params, codeExchanges),
    tokenRequestCheck(client, tokenRequests),
    codeCheck(run, codeExchanges),
    ...fhirChecks(fhir, codeExchanges),
    refreshCheck(client, run, codeExchanges),
    check(
      'state-compared',
      'state compared at the callback',
      'not-observable',
      'The app must compare the state that comes back to its redirect_uri with the one it sent, before it uses the code. That happens inside the app: the server cannot see it. Test it by sending the app a callback with a forged state.',
      [],
      [SPECS.csrf],
    ),
    ...(splitScope(params.get('scope')).includes('openid')
      ? [
          check(
            'id-token-verified',
            'id_token verified',
            'not-observable',
            'The app asked for openid, so it gets an id_token. It must check its signature against jwks_uri and its iss, aud, exp and nonce before trusting fhirUser; the server cannot see whether it did.',
            [],
            [SPECS.idToken],
          ),
        ]
      : []),
  ];
}

function discoveryCheck(run: Run, authorize: RecordedRequest, earlier: Run[]): Check {
  const title = 'Discovery before authorize';
  const spec = [SPECS.smartDiscovery, SPECS.smartConformance];
  const own = run.requests.find((r) => r.kind === 'discovery' && r.at <= authorize.at);
  if (own) {
    return check(
      'discovery',
      title,
      'pass',
      `The app fetched ${new URL(own.url).pathname.split('/').pop()} ${seconds(authorize.at - own.at)} s before the authorize request and used its authorization_endpoint.`,
      [evidenceOf(own), evidenceOf(authorize)],
      spec,
    );
  }
  const cached = earlier
    .flatMap((r) => r.requests)
    .filter((r) => r.kind === 'discovery' && run.issuer !== undefined && r.url.startsWith(`${run.issuer}/.well-known/`))
    .pop();
  if (cached) {
    return check(
      'discovery',
      title,
      'pass',
      `The app reused the discovery document of ${run.issuer} it fetched in an earlier run (${new Date(cached.at).toISOString()}).`,
      [evidenceOf(cached, 'fetched in an earlier run'), evidenceOf(authorize)],
      spec,
    );
  }
  return check(
    'discovery',
    title,
    'fail',
    `No request for ${run.issuer ?? 'the FHIR base'}/.well-known/smart-configuration was seen before the authorize request. An app learns the authorization and token endpoints from the server's discovery document; hard-coded endpoints break when the server moves them.`,
    [evidenceOf(authorize, 'no discovery request came before this one')],
    spec,
  );
}

function stateCheck(authorize: RecordedRequest, params: URLSearchParams): Check {
  const title = 'state present, at least 128 bits';
  const spec = [SPECS.csrf, SPECS.smartAuthorize, SPECS.guessing];
  const state = params.get('state');
  if (!state)
    return check(
      'state',
      title,
      'fail',
      'The authorize request has no state: nothing ties the answer at the redirect_uri to this request (CSRF).',
      [evidenceOf(authorize, 'state is missing')],
      spec,
    );
  const e = estimateEntropy(state);
  const how = `Estimated from its length and alphabet: ${e.explanation}. The estimate is an upper bound: the server cannot tell a random value from a counter or Math.random().`;
  if (e.bits >= STATE_MIN_BITS)
    return check(
      'state',
      title,
      'pass',
      `state holds up to ${e.bits} bits. ${how}`,
      [evidenceOf(authorize, `state: ${e.length} characters, ${e.alphabet}`)],
      spec,
    );
  if (e.bits >= STATE_SMART_MIN_BITS) {
    return check(
      'state',
      title,
      'warn',
      `state holds up to ${e.bits} bits: SMART's minimum of ${STATE_SMART_MIN_BITS} (a random UUID) is met, but not ${STATE_MIN_BITS}. ${how} Use 32 random bytes, base64url-encoded (43 characters).`,
      [evidenceOf(authorize, `state: ${e.length} characters, ${e.alphabet}`)],
      spec,
    );
  }
  return check(
    'state',
    title,
    'fail',
    `state holds at most ${e.bits} bits, fewer than ${STATE_MIN_BITS} (SMART asks for at least ${STATE_SMART_MIN_BITS}): an attacker can guess it. ${how} Use 32 random bytes from a CSPRNG, base64url-encoded (43 characters).`,
    [evidenceOf(authorize, `state: ${e.length} characters, ${e.alphabet}`)],
    spec,
  );
}

function pkceCheck(authorize: RecordedRequest, params: URLSearchParams, exchanges: RecordedRequest[]): Check {
  const title = 'PKCE with S256 and a 43-128 character verifier';
  const spec = [SPECS.pkceChallenge, SPECS.pkceVerifier, SPECS.bcpPkce];
  const method = params.get('code_challenge_method');
  const challenge = params.get('code_challenge');
  if (!challenge)
    return check(
      'pkce',
      title,
      'fail',
      'The authorize request has no code_challenge: without PKCE a stolen code can be redeemed by anyone.',
      [evidenceOf(authorize, 'code_challenge is missing')],
      spec,
    );
  if (method !== 'S256') {
    return check(
      'pkce',
      title,
      'fail',
      `code_challenge_method is ${method === null ? 'missing (so "plain")' : `"${method}"`}: the challenge is then the verifier itself, readable by anyone who sees the request. Use S256.`,
      [evidenceOf(authorize, `code_challenge_method: ${method ?? '(missing)'}`)],
      spec,
    );
  }
  const exchange = exchanges[0];
  if (!exchange)
    return check(
      'pkce',
      title,
      'not-observable',
      'S256 challenge sent; the verifier is seen only when the app redeems the code, which it has not done yet.',
      [evidenceOf(authorize)],
      spec,
    );
  const verifier = paramsOf(exchange).get('code_verifier');
  if (!verifier)
    return check(
      'pkce',
      title,
      'fail',
      'The token request carries no code_verifier: the code was bound to a challenge, so the server cannot accept it.',
      [evidenceOf(authorize), evidenceOf(exchange, 'code_verifier is missing')],
      spec,
    );
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) {
    return check(
      'pkce',
      title,
      'fail',
      `The code_verifier has ${verifier.length} characters${/^[A-Za-z0-9\-._~]*$/.test(verifier) ? '' : ' with characters outside A-Z a-z 0-9 - . _ ~'}; RFC 7636 asks for 43 to 128 unreserved characters (32 random bytes, base64url-encoded).`,
      [evidenceOf(authorize), evidenceOf(exchange, `code_verifier: ${verifier.length} characters`)],
      spec,
    );
  }
  const refused = exchange.response.status !== 200 && /code_verifier/.test(exchange.response.problem ?? '');
  if (refused)
    return check(
      'pkce',
      title,
      'fail',
      `The code_verifier does not match the challenge: ${exchange.response.problem}`,
      [evidenceOf(authorize), evidenceOf(exchange)],
      spec,
    );
  return check(
    'pkce',
    title,
    'pass',
    `S256 challenge at the authorize request; a ${verifier.length}-character verifier at the token endpoint.`,
    [evidenceOf(authorize, 'code_challenge_method: S256'), evidenceOf(exchange, `code_verifier: ${verifier.length} characters`)],
    spec,
  );
}

function audCheck(run: Run, authorize: RecordedRequest, params: URLSearchParams): Check {
  const title = 'aud is the FHIR base';
  const spec = [SPECS.smartAuthorize];
  const aud = params.get('aud');
  const base = run.issuer ?? '';
  if (!aud)
    return check(
      'aud',
      title,
      'fail',
      `The authorize request has no aud. SMART requires it: the FHIR base URL (${base}) the token is for, so a token cannot be obtained for one server and used at another.`,
      [evidenceOf(authorize, 'aud is missing')],
      spec,
    );
  if (!sameBase(aud, base)) return check('aud', title, 'fail', `aud is "${aud}", not the FHIR base ${base}.`, [evidenceOf(authorize, `aud: ${aud}`)], spec);
  return check('aud', title, 'pass', `aud is the FHIR base ${base}.`, [evidenceOf(authorize, `aud: ${aud}`)], spec);
}

function launchCheck(run: Run, authorize: RecordedRequest, params: URLSearchParams): Check {
  const title = 'launch passed through unchanged';
  const spec = [SPECS.smartEhrLaunch, SPECS.smartAuthorize];
  const launch = params.get('launch');
  const ehr = run.requests.find((r) => r.kind === 'ehr-launch');
  const evidence = [...(ehr ? [evidenceOf(ehr, `the EHR issued launch ${run.launchId}`)] : []), evidenceOf(authorize, `launch: ${launch ?? '(none)'}`)];
  if (run.launchId) {
    if (launch === run.launchId)
      return check('launch', title, 'pass', "The app sent the EHR's launch value to the authorize request unchanged (with the launch scope).", evidence, spec);
    if (launch === null)
      return check(
        'launch',
        title,
        'fail',
        `The EHR launched the app with launch=${run.launchId}, but the authorize request has no launch parameter: the server cannot give the app the EHR's context.`,
        evidence,
        spec,
      );
    return check(
      'launch',
      title,
      'fail',
      `The authorize request's launch differs from the one the EHR sent (${launch} instead of ${run.launchId}).`,
      evidence,
      spec,
    );
  }
  if (launch !== null) {
    return check(
      'launch',
      title,
      'not-observable',
      `The app sent launch=${launch}, but this EHR launch was not started for this client (launch it from the mock EHR with the client_id), so the value it received cannot be compared.`,
      evidence,
      spec,
    );
  }
  return check('launch', title, 'pass', 'A standalone launch: no launch parameter was sent, and none was expected.', evidence, spec);
}

function scopeCheck(client: InspectedClient, authorize: RecordedRequest, params: URLSearchParams): Check {
  const title = 'Scopes well-formed and within the registration';
  const spec = [SPECS.smartScopes];
  const scopes = splitScope(params.get('scope'));
  if (scopes.length === 0) return check('scope', title, 'fail', 'The authorize request asks for no scope.', [evidenceOf(authorize, 'scope is missing')], spec);
  const problems: string[] = [];
  const versions = new Set<string>();
  for (const raw of scopes) {
    const parsed = parseScope(raw);
    if (!parsed.ok) problems.push(parsed.reason);
    else if (parsed.scope.kind === 'resource') {
      versions.add(parsed.scope.version);
      if (parsed.scope.context === 'system') problems.push(`"${raw}" is a system/ scope, which is for backend services, not for a user's authorization`);
    }
  }
  const registered = client.registration.scope;
  const beyond = registered ? uncoveredScopes(splitScope(registered), scopes) : [];
  if (beyond.length) problems.push(`not within the registered scope "${registered}": ${beyond.join(', ')}`);
  const detail = `scope: ${scopes.join(' ')}`;
  if (problems.length) return check('scope', title, 'fail', problems.join('; ') + '.', [evidenceOf(authorize, detail)], spec);
  const version = versions.size === 0 ? 'no clinical scopes' : versions.size > 1 ? 'a mix of v1 and v2 clinical scopes' : `${[...versions][0]} clinical scopes`;
  if (versions.size > 1)
    return check(
      'scope',
      title,
      'warn',
      `All ${scopes.length} scopes are well-formed and within the registration, but they mix v1 and v2 syntax: pick one.`,
      [evidenceOf(authorize, detail)],
      spec,
    );
  return check(
    'scope',
    title,
    'pass',
    `All ${scopes.length} scopes are well-formed (${version}) and within the registration${registered ? ` ("${registered}")` : ''}.`,
    [evidenceOf(authorize, detail)],
    spec,
  );
}

function redirectUriCheck(authorize: RecordedRequest, params: URLSearchParams, exchanges: RecordedRequest[]): Check {
  const title = 'redirect_uri identical at authorize and token';
  const spec = [SPECS.tokenRequest];
  const sent = params.get('redirect_uri');
  if (exchanges.length === 0) return check('redirect-uri', title, 'not-observable', 'The app has not redeemed a code yet.', [evidenceOf(authorize)], spec);
  const differing = exchanges.filter((r) => paramsOf(r).get('redirect_uri') !== sent);
  if (differing.length) {
    const got = paramsOf(differing[0]).get('redirect_uri');
    return check(
      'redirect-uri',
      title,
      'fail',
      `The token request sent redirect_uri ${got === null ? '(none)' : `"${got}"`}, but the authorize request sent "${sent}"; RFC 6749 §4.1.3 requires the identical value.`,
      [evidenceOf(authorize, `redirect_uri: ${sent}`), ...differing.map((r) => evidenceOf(r, `redirect_uri: ${paramsOf(r).get('redirect_uri') ?? '(none)'}`))],
      spec,
    );
  }
  return check(
    'redirect-uri',
    title,
    'pass',
    `Both sent "${sent}".`,
    [evidenceOf(authorize, `redirect_uri: ${sent}`), ...exchanges.map((r) => evidenceOf(r, `redirect_uri: ${sent}`))],
    spec,
  );
}

type UsedAuth = 'none' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'several';

function usedAuth(r: RecordedRequest): UsedAuth {
  const params = paramsOf(r);
  const used = [
    parseBasic(header(r, 'authorization') ?? null) !== undefined && 'client_secret_basic',
    params.has('client_secret') && 'client_secret_post',
    params.has('client_assertion') && 'private_key_jwt',
  ].filter(Boolean) as UsedAuth[];
  return used.length > 1 ? 'several' : (used[0] ?? 'none');
}

function tokenRequestCheck(client: InspectedClient, requests: RecordedRequest[]): Check {
  const title = 'Token requests form-encoded, with the registered client authentication';
  const registered = client.registration.token_endpoint_auth_method;
  const spec = [SPECS.tokenRequest, SPECS.clientPassword, registered === 'private_key_jwt' ? SPECS.smartAsymmetric : SPECS.smartSymmetric];
  if (requests.length === 0) return check('token-request', title, 'not-observable', 'No token request in this run yet.', [], spec);
  const bad: Evidence[] = [];
  for (const r of requests) {
    if (!isForm(r)) {
      bad.push(evidenceOf(r, `content-type is ${header(r, 'content-type') ?? '(none)'}, not application/x-www-form-urlencoded`));
      continue;
    }
    const used = usedAuth(r);
    if (used === 'several') bad.push(evidenceOf(r, 'more than one client authentication method in one request'));
    else if (used !== registered) bad.push(evidenceOf(r, `authenticated with ${used}, but the client is registered for ${registered}`));
    else if (used === 'none' && !paramsOf(r).get('client_id') && grantOf(r) !== 'refresh_token')
      bad.push(evidenceOf(r, 'a public client must name itself with client_id in the body'));
  }
  if (bad.length)
    return check(
      'token-request',
      title,
      'fail',
      `${bad.length} of ${requests.length} token requests are not form-encoded with the registered ${registered} authentication.`,
      bad,
      spec,
    );
  return check(
    'token-request',
    title,
    'pass',
    `${requests.length} token request${requests.length > 1 ? 's' : ''}, form-encoded, with ${registered}.`,
    requests.map((r) => evidenceOf(r, `authentication: ${registered}`)),
    spec,
  );
}

function codeCheck(run: Run, exchanges: RecordedRequest[]): Check {
  const title = `Code redeemed once, within ${PROMPT_REDEMPTION_SECONDS} s`;
  const spec = [SPECS.codeGrant, SPECS.smartToken];
  const issued = run.codesIssued[0];
  if (issued === undefined) {
    if (exchanges.length)
      return check(
        'code',
        title,
        'fail',
        'The app redeemed a code this server did not issue to this run.',
        exchanges.map((r) => evidenceOf(r)),
        spec,
      );
    return check(
      'code',
      title,
      'not-observable',
      'No authorization code was issued in this run yet (the user has not finished at the server, or the request was refused).',
      [],
      spec,
    );
  }
  if (exchanges.length === 0)
    return check('code', title, 'not-observable', `A code was issued at ${new Date(issued).toISOString()}; the app has not redeemed it yet.`, [], spec);
  const codes = exchanges.map((r) => paramsOf(r).get('code'));
  const replayed = exchanges.filter((_r, i) => codes.indexOf(codes[i]) !== i);
  if (replayed.length) {
    return check(
      'code',
      title,
      'fail',
      `The app sent the same code ${replayed.length + 1} times. A code is single use: the second redemption is refused and revokes the tokens of the first (RFC 6749 §4.1.2).`,
      exchanges.map((r) => evidenceOf(r)),
      spec,
    );
  }
  const delay = (exchanges[0].at - issued) / 1000;
  const evidence = [evidenceOf(exchanges[0], `redeemed ${seconds(exchanges[0].at - issued)} s after the server issued it`)];
  if (delay <= PROMPT_REDEMPTION_SECONDS)
    return check('code', title, 'pass', `Redeemed once, ${seconds(exchanges[0].at - issued)} s after it was issued.`, evidence, spec);
  if (delay <= CODE_LIFETIME_SECONDS)
    return check(
      'code',
      title,
      'warn',
      `Redeemed once, but ${Math.round(delay)} s after it was issued: an app redeems its code as soon as the redirect arrives (codes here live ${CODE_LIFETIME_SECONDS} s).`,
      evidence,
      spec,
    );
  return check('code', title, 'fail', `Redeemed ${Math.round(delay)} s after it was issued, past the code's ${CODE_LIFETIME_SECONDS} s life.`, evidence, spec);
}

function fhirChecks(fhir: RecordedRequest[], exchanges: RecordedRequest[]): Check[] {
  return [bearerCheck(fhir), fhirScopeCheck(fhir, exchanges)];
}

function bearerCheck(fhir: RecordedRequest[]): Check {
  const title = 'FHIR calls with Authorization: Bearer';
  const spec = [SPECS.bearerHeader, SPECS.bearerQuery, SPECS.bcpTokenInUrl, SPECS.smartFhir];
  if (fhir.length === 0) return check('fhir-bearer', title, 'not-observable', "No FHIR request with this run's tokens yet.", [], spec);
  const bad = fhir.filter((r) => !/^bearer\s+\S/i.test(header(r, 'authorization') ?? ''));
  if (bad.length) {
    return check(
      'fhir-bearer',
      title,
      'fail',
      `${bad.length} of ${fhir.length} FHIR requests carry the access token outside the Authorization header (in the URL or the body). A token in a URL ends up in logs, browser history and Referer headers; send it as "Authorization: Bearer".`,
      bad.map((r) => evidenceOf(r, new URL(r.url).searchParams.has('access_token') ? 'access_token in the query' : 'access_token in the body')),
      spec,
    );
  }
  return check(
    'fhir-bearer',
    title,
    'pass',
    `All ${fhir.length} FHIR requests sent the token as Authorization: Bearer.`,
    fhir.slice(0, 5).map((r) => evidenceOf(r)),
    spec,
  );
}

function fhirScopeCheck(fhir: RecordedRequest[], exchanges: RecordedRequest[]): Check {
  const title = 'FHIR calls within the granted scopes and patient context';
  const spec = [SPECS.smartScopes, SPECS.smartFhir];
  if (fhir.length === 0) return check('fhir-scope', title, 'not-observable', "No FHIR request with this run's tokens yet.", [], spec);
  const granted = exchanges.find((r) => r.response.status === 200)?.response.fields;
  const context = granted?.patient ? ` (patient in context: ${fieldText(granted.patient)})` : '';
  const refused = fhir.filter((r) => r.response.status === 403);
  if (refused.length) {
    return check(
      'fhir-scope',
      title,
      'fail',
      `${refused.length} of ${fhir.length} FHIR requests asked for more than the token grants${context}: the server refused them (403).`,
      refused.map((r) => evidenceOf(r, r.response.problem)),
      spec,
    );
  }
  const rejected = fhir.filter((r) => r.response.status === 401);
  if (rejected.length === fhir.length)
    return check(
      'fhir-scope',
      title,
      'not-observable',
      'Every FHIR request was refused before its scope was read (401: the token was not accepted).',
      rejected.map((r) => evidenceOf(r, r.response.problem)),
      spec,
    );
  return check(
    'fhir-scope',
    title,
    'pass',
    `The FHIR requests stayed within the granted scope${granted?.scope ? ` "${fieldText(granted.scope)}"` : ''}${context}.`,
    fhir
      .filter((r) => r.response.status !== 401)
      .slice(0, 5)
      .map((r) => evidenceOf(r)),
    spec,
  );
}

function refreshCheck(client: InspectedClient, run: Run, exchanges: RecordedRequest[]): Check {
  const title = 'Refresh used rather than re-authorizing';
  const spec = [SPECS.refresh, SPECS.smartRefresh];
  const granted = exchanges.find((r) => r.response.status === 200 && r.response.fields?.refresh_token_issued);
  if (!granted)
    return check(
      'refresh',
      title,
      'pass',
      'No refresh token was granted in this run (no offline_access or online_access, or the app is not registered for the refresh_token grant), so there is nothing to refresh.',
      [],
      spec,
    );
  const refreshes = run.requests.filter((r) => r.kind === 'token' && grantOf(r) === 'refresh_token');
  if (refreshes.length) {
    const ok = refreshes.filter((r) => r.response.status === 200).length;
    return check(
      'refresh',
      title,
      'pass',
      `The app refreshed ${refreshes.length} time${refreshes.length > 1 ? 's' : ''} with its refresh token (${ok} accepted).`,
      refreshes.map((r) => evidenceOf(r)),
      spec,
    );
  }
  const lifetime = Number(granted.response.fields?.expires_in ?? 0) * 1000;
  // A later run of the same client that authorized again after this run's access token had expired.
  const later = client.runs
    .filter((r) => r.started > run.started && r.started >= granted.at + lifetime)
    .map((r) => r.requests.find((q) => q.kind === 'authorize'))
    .find((a) => a !== undefined);
  if (later)
    return check(
      'refresh',
      title,
      'fail',
      'The access token expired and the app sent the user through authorize again, though it held a refresh token.',
      [evidenceOf(granted, 'a refresh token was granted here'), evidenceOf(later, 'authorized again')],
      spec,
    );
  return check(
    'refresh',
    title,
    'not-observable',
    'A refresh token was granted; the access token has not needed refreshing while the server watched.',
    [evidenceOf(granted, 'a refresh token was granted here')],
    spec,
  );
}

// ---------------------------------------------------------------- backend services

interface Decoded {
  request: RecordedRequest;
  header?: ProtectedHeaderParameters;
  claims?: JWTPayload;
}

function decodeAssertion(request: RecordedRequest): Decoded {
  const jwt = paramsOf(request).get('client_assertion');
  if (!jwt) return { request };
  try {
    return { request, header: decodeProtectedHeader(jwt), claims: decodeJwt(jwt) };
  } catch {
    return { request };
  }
}

function gradeBackendRun(client: InspectedClient, run: Run, earlier: Run[]): Check[] {
  const grants = run.requests.filter((r) => r.kind === 'token' && grantOf(r) === 'client_credentials');
  const decoded = grants.map(decodeAssertion);
  const seenBefore = new Map<string, RecordedRequest>();
  for (const r of earlier.flatMap((e) => e.requests).filter((q) => q.kind === 'token')) {
    const jti = decodeAssertion(r).claims?.jti;
    if (jti) seenBefore.set(jti, r);
  }
  const fhir = run.requests.filter((r) => r.kind === 'fhir');
  return [
    ...assertionChecks(client, decoded, seenBefore),
    tokenRequestCheck(
      client,
      run.requests.filter((r) => r.kind === 'token'),
    ),
    bearerCheck(fhir),
    fhirScopeCheck(fhir, grants),
  ];
}

function assertionChecks(client: InspectedClient, all: Decoded[], seenBefore: Map<string, RecordedRequest>): Check[] {
  const spec = [SPECS.smartBackend, SPECS.smartAsymmetric, SPECS.jwtAssertion];
  const ids = ['assertion-iss-sub', 'assertion-aud', 'assertion-exp', 'assertion-jti', 'assertion-kid-alg'];
  if (all.length === 0) return ids.map((id) => check(id, id, 'not-observable', 'No client_credentials request in this run.', [], spec));
  const unreadable = all.filter((d) => !d.claims);
  if (unreadable.length) {
    return ids.map((id) =>
      check(
        id,
        id,
        'fail',
        'The client_assertion is missing or is not a JWT.',
        unreadable.map((d) => evidenceOf(d.request)),
        spec,
      ),
    );
  }
  const one = (id: string, title: string, problem: (d: Decoded) => string | undefined, passText: string): Check => {
    const bad = all.map((d) => ({ d, p: problem(d) })).filter((x) => x.p !== undefined);
    if (bad.length)
      return check(
        id,
        title,
        'fail',
        bad.map((x) => x.p).join(' '),
        bad.map((x) => evidenceOf(x.d.request, x.p)),
        spec,
      );
    return check(
      id,
      title,
      'pass',
      passText,
      all.map((d) => evidenceOf(d.request)),
      spec,
    );
  };
  const tokenEndpoint = (d: Decoded) => d.request.url.split('?')[0];
  const seen = new Map(seenBefore);
  const jtiProblems = new Map<Decoded, string>();
  for (const d of all) {
    const jti = d.claims!.jti;
    if (typeof jti !== 'string' || !jti) jtiProblems.set(d, 'The assertion has no jti.');
    else if (seen.has(jti))
      jtiProblems.set(
        d,
        `jti "${jti}" was already used in an earlier assertion (${new Date(seen.get(jti)!.at).toISOString()}): every assertion needs a new one.`,
      );
    else seen.set(jti, d.request);
  }
  return [
    one(
      'assertion-iss-sub',
      'Assertion iss = sub = client_id',
      (d) =>
        d.claims!.iss === client.client_id && d.claims!.sub === client.client_id
          ? undefined
          : `iss is ${JSON.stringify(d.claims!.iss ?? null)} and sub ${JSON.stringify(d.claims!.sub ?? null)}; both must be the client_id ${client.client_id}.`,
      `iss and sub are the client_id ${client.client_id}.`,
    ),
    one(
      'assertion-aud',
      'Assertion aud = token endpoint',
      (d) => {
        const aud = d.claims!.aud;
        const ok = aud === tokenEndpoint(d) || (Array.isArray(aud) && aud.includes(tokenEndpoint(d)));
        return ok ? undefined : `aud is ${JSON.stringify(aud ?? null)}, not the token endpoint ${tokenEndpoint(d)}.`;
      },
      'aud is the token endpoint URL.',
    ),
    one(
      'assertion-exp',
      'Assertion exp at most 5 minutes ahead',
      (d) => {
        const exp = d.claims!.exp;
        const now = Math.floor(d.request.at / 1000);
        if (typeof exp !== 'number') return 'The assertion has no exp.';
        if (exp <= now) return `exp ${exp} had passed when the request came (${now}).`;
        return exp - now > MAX_ASSERTION_SECONDS
          ? `exp is ${exp - now} s ahead of the request; at most ${MAX_ASSERTION_SECONDS} s (5 minutes) is allowed.`
          : undefined;
      },
      `exp at most ${MAX_ASSERTION_SECONDS} s after each request.`,
    ),
    one('assertion-jti', 'Assertion jti unique', (d) => jtiProblems.get(d), 'Every assertion has a jti not used before.'),
    one(
      'assertion-kid-alg',
      'Assertion kid registered, alg RS384 or ES384',
      (d) => {
        const alg = d.header?.alg;
        const kid = d.header?.kid;
        if (alg !== 'RS384' && alg !== 'ES384') return `alg is ${JSON.stringify(alg ?? null)}; SMART Backend Services asks for RS384 or ES384.`;
        if (!kid) return 'The header has no kid.';
        const keys = client.registration.keys;
        if (keys) {
          const key = keys.find((k) => k.kid === kid);
          if (!key) return `kid "${kid}" is not one of the registered keys (${keys.map((k) => k.kid).join(', ')}).`;
          if (key.alg && key.alg !== alg) return `kid "${kid}" is registered for ${key.alg}, but the assertion says ${alg}.`;
          return undefined;
        }
        return d.request.response.status === 200 || !/kid|key|signature/.test(d.request.response.problem ?? '') ? undefined : d.request.response.problem;
      },
      client.registration.keys
        ? 'kid names a registered key and alg is its algorithm.'
        : `kid found at the registered jwks_uri ${client.registration.jwks_uri ?? ''} and alg accepted.`,
    ),
  ];
}
