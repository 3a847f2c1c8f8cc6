import { Router, ownOrigin, type MockEnv, type MockServer } from '../core/server';
import { DIGID_PREFIX } from '../paths';
import { accountAge, digidAccounts, findAccountByUsername } from './accounts';
import { decodeDigidScenario, digidArtifactResolveUrl, digidEntityId, digidSsoUrl, type DigidScenario } from './endpoints';
import { readAction, respondScreen, sharedView, type PageAction, type Screen } from '../core/page-protocol';
import { createArtifact } from './saml/artifact';
import { decodeRedirectMessage } from './saml/encoding';
import {
  BINDING,
  NS,
  STATUS,
  buildArtifactResponse,
  buildResponse,
  levelUri,
  newSamlId,
  parseArtifactResolve,
  parseAuthnRequest,
  samlInstant,
  type AuthnOutcome,
  type AuthnRequestFields,
} from './saml/messages';
import { escapeXml } from './saml/xml';
import { errorText } from '../../src/protocol/step-failure';

/**
 * The DigiD mock: a SAML 2.0 identity provider with DigiD's profile.
 *   GET/POST /mock/digid/sso                 AuthnRequest (HTTP-Redirect), login page, decisions
 *   GET/POST /mock/digid/s/{scenario}/sso    the same, with the playground's fault injection
 *   POST     /mock/digid/saml/artifact-resolve   ArtifactResolve (SOAP 1.1) -> ArtifactResponse
 *   GET      /mock/digid/saml/idp/metadata   the entityID, with minimal metadata
 * Artifacts live 15 minutes at most and resolve once, as DigiD's do.
 */

const ARTIFACT_TTL_SECONDS = 15 * 60;
/** An AuthnRequest older than this (or this far in the future) is refused. */
const MAX_REQUEST_AGE_MS = 15 * 60 * 1000;
const CLOCK_SKEW_MS = 2 * 60 * 1000;

interface StoredArtifact {
  response: string;
  /** The service provider the artifact was issued to: only it may resolve it. */
  sp: string;
}
const artifactKey = (artifact: string) => `digid:artifact:${artifact}`;
/** DigiD's answer to one AuthnRequest (its redirect to the ACS), kept so the request is answered once. */
const answerKey = (issuer: string, id: string) => `digid:answer:${issuer}:${id}`;

interface DigidAccountView {
  username: string;
  name: string;
  bsn: string;
  birthDate: string;
  age: number;
}

export interface DigidLoginPage {
  request: {
    xml: string;
    id: string;
    issuer: string;
    assertionConsumerServiceUrl: string;
    level: string;
    levelUri: string;
    providerName?: string;
    relayState: string | null;
  };
  accounts: DigidAccountView[];
  preselect?: string;
  testPassword: string;
}

export function createDigidServer(env: MockEnv): MockServer {
  const router = new Router();
  const sso = (request: Request, params: Record<string, string>) => handleSso(env, request, decodeDigidScenario(params.scenario));
  router.on('GET', `${DIGID_PREFIX}/sso`, (req) => sso(req, {}));
  router.on('POST', `${DIGID_PREFIX}/sso`, (req) => sso(req, {}));
  router.on('GET', `${DIGID_PREFIX}/s/:scenario/sso`, (req, m) => sso(req, m.params));
  router.on('POST', `${DIGID_PREFIX}/s/:scenario/sso`, (req, m) => sso(req, m.params));
  router.post(`${DIGID_PREFIX}/saml/artifact-resolve`, (req) => handleArtifactResolve(env, req));
  router.get(`${DIGID_PREFIX}/saml/idp/metadata`, async (req) => metadata(ownOrigin(env, req)));
  return (request) => router.handle(request);
}

// ------------------------------------------------------------------ SSO

type Decoded = { kind: 'ok'; request: AuthnRequestFields; xml: string; relayState: string | null } | { kind: 'error'; screen: Screen<never> };

async function decodeQuery(env: MockEnv, query: string, origin: string, selfUrl: string): Promise<Decoded> {
  const params = new URLSearchParams(query);
  const bad = (message: string, hint: string): Decoded => ({
    kind: 'error',
    screen: { kind: 'error', status: 400, title: 'DigiD: ongeldig verzoek (invalid request)', message, hint },
  });
  const saml = params.getAll('SAMLRequest');
  if (saml.length !== 1) {
    return bad(
      saml.length ? 'SAMLRequest appears more than once.' : 'The request has no SAMLRequest parameter.',
      'The service provider sends its AuthnRequest in one SAMLRequest parameter (HTTP-Redirect binding).',
    );
  }
  const relay = params.getAll('RelayState');
  if (relay.length > 1) return bad('RelayState appears more than once.', 'Send at most one RelayState.');
  const relayState = relay[0] ?? null;
  // SAML Bindings §3.4.3: RelayState MUST NOT exceed 80 bytes.
  if (relayState !== null && new TextEncoder().encode(relayState).length > 80) {
    return bad('RelayState is longer than 80 bytes.', 'SAML Bindings §3.4.3 limits RelayState to 80 bytes: send a short reference to the session, not data.');
  }
  let xml: string;
  try {
    xml = await decodeRedirectMessage(saml[0]);
  } catch (e) {
    return bad(errorText(e), 'Encode the AuthnRequest with raw DEFLATE, then base64, then URL-encode it.');
  }
  let request: AuthnRequestFields;
  try {
    request = parseAuthnRequest(xml);
  } catch (e) {
    return bad(errorText(e), 'Compare the AuthnRequest with the one the playground shows in step 4.');
  }
  const known = [origin, ...env.appOrigins];
  const issuerOrigin = safeOrigin(request.issuer);
  if (!issuerOrigin || !known.includes(issuerOrigin)) {
    return bad(
      `The Issuer "${request.issuer}" is not a service provider DigiD knows.`,
      "DigiD only answers service providers whose metadata it holds; the mock knows the playground's MedMij authorization servers.",
    );
  }
  if (safeOrigin(request.assertionConsumerServiceUrl) !== issuerOrigin) {
    return bad(
      `AssertionConsumerServiceURL "${request.assertionConsumerServiceUrl}" is not on the service provider's host (${issuerOrigin}).`,
      'DigiD sends the artifact only to the registered host of the service provider.',
    );
  }
  if (request.destination && request.destination !== selfUrl) {
    return bad(`Destination "${request.destination}" is not this endpoint (${selfUrl}).`, 'Set Destination to the SSO URL the request is sent to.');
  }
  const issued = Date.parse(request.issueInstant);
  if (issued > env.now() + CLOCK_SKEW_MS || issued < env.now() - MAX_REQUEST_AGE_MS) {
    return bad(
      `IssueInstant ${request.issueInstant} is too far from now (${samlInstant(env.now())}).`,
      'Start the login again: an AuthnRequest is valid for a few minutes only.',
    );
  }
  return { kind: 'ok', request, xml, relayState };
}

async function handleSso(env: MockEnv, httpRequest: Request, scenario: DigidScenario): Promise<Response> {
  const url = new URL(httpRequest.url);
  const origin = ownOrigin(env, httpRequest);
  const read = await readAction(httpRequest);
  if (read.kind === 'invalid') return respondScreen(httpRequest, { kind: 'error', status: 400, title: 'Bad request', message: read.error });
  const action = read.action;
  const decoded = await decodeQuery(env, action.query, origin, `${origin}${url.pathname}`);
  if (decoded.kind === 'error') return respondScreen(httpRequest, decoded.screen);
  // StrictMode's second view arrives while the first may be issuing an artifact: it gets the first's answer.
  const screen =
    action.action === 'view'
      ? await sharedView(env.store, `digid:view:${url.pathname}${action.query}`, () => decide(env, origin, decoded, action, scenario))
      : await decide(env, origin, decoded, action, scenario);
  return respondScreen(httpRequest, screen);
}

async function decide(
  env: MockEnv,
  origin: string,
  d: Extract<Decoded, { kind: 'ok' }>,
  action: PageAction,
  scenario: DigidScenario,
): Promise<Screen<DigidLoginPage>> {
  // One AuthnRequest, one answer: a later view (a reload, Back) or a stale page's decision gets the same redirect, not a second artifact.
  const key = answerKey(d.request.issuer, d.request.id);
  const answered = await env.store.get<Screen<never>>(key);
  if (answered) return answered;
  const finish = async (outcome: AuthnOutcome, note: string): Promise<Screen<DigidLoginPage>> => {
    const screen: Screen<never> = { kind: 'redirect', location: await issueArtifact(env, origin, d.request, d.relayState, outcome), note };
    await env.store.set(key, screen, ARTIFACT_TTL_SECONDS);
    return screen;
  };
  if (action.action === 'view') {
    if (scenario.decision === 'cancel') return finish(cancelled(), 'Simulated: the user cancels at DigiD.');
    if (scenario.decision === 'fail') return finish(failedLevel(d.request), 'Simulated: the login fails.');
    return { kind: 'page', page: loginPage(env, d, scenario) };
  }
  if (action.action === 'cancel') return finish(cancelled(), 'The user cancelled at DigiD.');
  if (action.action === 'login') {
    const username = typeof action.username === 'string' ? action.username.trim() : '';
    const password = typeof action.password === 'string' ? action.password : '';
    const account = findAccountByUsername(username);
    if (!account || account.password !== password) {
      return {
        kind: 'error',
        status: 401,
        title: 'Inloggen mislukt',
        message: 'De combinatie van gebruikersnaam en wachtwoord is niet bekend. (Unknown username or wrong password.)',
        hint: 'Pick a test account: it fills in its username and the test password.',
      };
    }
    // The test accounts log in at the level the service provider asked for.
    return finish({ kind: 'success', bsn: account.bsn, level: d.request.level, authnInstant: samlInstant(env.now()) }, `${account.name} logged in.`);
  }
  return { kind: 'error', status: 400, title: 'Bad request', message: `Unknown action "${action.action}"; use view, login or cancel.` };
}

function cancelled(): AuthnOutcome {
  return { kind: 'failed', subStatus: STATUS.authnFailed, message: 'Inloggen geannuleerd door de gebruiker (the user cancelled the login).' };
}

function failedLevel(request: AuthnRequestFields): AuthnOutcome {
  return {
    kind: 'failed',
    subStatus: STATUS.noAuthnContext,
    message: `Inloggen mislukt: de gebruiker kon niet inloggen op niveau ${request.level} (the user could not log in at the requested level).`,
  };
}

function loginPage(env: MockEnv, d: Extract<Decoded, { kind: 'ok' }>, scenario: DigidScenario): DigidLoginPage {
  const accounts = digidAccounts.map((a) => ({ username: a.username, name: a.name, bsn: a.bsn, birthDate: a.birthDate, age: accountAge(a, env.now()) }));
  return {
    request: {
      xml: d.xml,
      id: d.request.id,
      issuer: d.request.issuer,
      assertionConsumerServiceUrl: d.request.assertionConsumerServiceUrl,
      level: d.request.level,
      levelUri: levelUri(d.request.level),
      providerName: d.request.providerName,
      relayState: d.relayState,
    },
    accounts,
    preselect: accounts.find((a) => a.bsn === scenario.account)?.username,
    testPassword: digidAccounts[0].password,
  };
}

/** Keep the Response behind a fresh artifact and build the redirect to the ACS (HTTP-Artifact binding). */
async function issueArtifact(env: MockEnv, origin: string, request: AuthnRequestFields, relayState: string | null, outcome: AuthnOutcome): Promise<string> {
  const now = env.now();
  const idp = digidEntityId(origin);
  const response = buildResponse({
    id: newSamlId(),
    inResponseTo: request.id,
    issueInstant: samlInstant(now),
    destination: request.assertionConsumerServiceUrl,
    issuer: idp,
    audience: request.issuer,
    outcome,
    // DigiD: valid from 2 minutes before to 2 minutes after sending.
    notBefore: now - 2 * 60 * 1000,
    notOnOrAfter: now + 2 * 60 * 1000,
  });
  const artifact = await createArtifact(idp, 0);
  await env.store.set<StoredArtifact>(artifactKey(artifact), { response, sp: request.issuer }, ARTIFACT_TTL_SECONDS);
  const acs = new URL(request.assertionConsumerServiceUrl);
  acs.searchParams.set('SAMLart', artifact);
  if (relayState !== null) acs.searchParams.set('RelayState', relayState);
  return acs.href;
}

// ------------------------------------------------------- ArtifactResolve

async function handleArtifactResolve(env: MockEnv, request: Request): Promise<Response> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!type.startsWith('text/xml')) {
    return soapFault(415, 'soapenv:Client', `Content-Type is "${type}"; the SAML SOAP binding uses SOAP 1.1, Content-Type text/xml`);
  }
  let resolve;
  try {
    resolve = parseArtifactResolve(await request.text());
  } catch (e) {
    return soapFault(500, 'soapenv:Client', errorText(e));
  }
  const origin = ownOrigin(env, request);
  const now = env.now();
  const answer = (response: string | undefined, status: string = STATUS.success) =>
    new Response(
      buildArtifactResponse({ id: newSamlId(), inResponseTo: resolve.id, issueInstant: samlInstant(now), issuer: digidEntityId(origin), response, status }),
      { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' } },
    );
  const stored = await env.store.get<StoredArtifact>(artifactKey(resolve.artifact));
  // SAML Core §3.5.3: an unknown (or already used) artifact gets an ArtifactResponse without a message.
  if (!stored) return answer(undefined);
  if (stored.sp !== resolve.issuer) return answer(undefined, STATUS.requestDenied);
  await env.store.delete(artifactKey(resolve.artifact)); // single use
  return answer(stored.response);
}

function soapFault(status: number, code: string, message: string): Response {
  const xml = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<soapenv:Envelope xmlns:soapenv="${NS.soap}"><soapenv:Body><soapenv:Fault>`,
    `<faultcode>${code}</faultcode><faultstring>${escapeXml(message)}</faultstring>`,
    `</soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
  ].join('\n');
  return new Response(xml, { status, headers: { 'content-type': 'text/xml; charset=utf-8' } });
}

function metadata(origin: string): Response {
  const xml = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${digidEntityId(origin)}">`,
    `  <md:IDPSSODescriptor protocolSupportEnumeration="${NS.samlp}">`,
    `    <md:ArtifactResolutionService Binding="${BINDING.soap}" Location="${digidArtifactResolveUrl(origin)}" index="0"/>`,
    `    <md:SingleSignOnService Binding="${BINDING.redirect}" Location="${digidSsoUrl(origin)}"/>`,
    `  </md:IDPSSODescriptor>`,
    `</md:EntityDescriptor>`,
  ].join('\n');
  return new Response(xml, { headers: { 'content-type': 'application/samlmetadata+xml' } });
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
