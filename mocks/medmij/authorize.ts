import type { MockEnv } from '../core/server';
import { digidSsoUrl } from '../digid/endpoints';
import { sharedView, type Screen } from '../core/page-protocol';
import { encodeRedirectMessage } from '../digid/saml/encoding';
import { buildAuthnRequest, newSamlId, samlInstant, type DigidLevel } from '../digid/saml/messages';
import { findZorgaanbieder, type Zorgaanbieder } from './directory';
import { zorgaanbiederEndpoints } from './endpoints';
import { PGO_ORGANISATION_NAME, oclHostnames } from './lists/build';
import { listHostnameForLocal } from './list-hosts';
import type { MedMijScenario } from './scenario';
import { parseMedMijScope } from './scope';
import { currentScreen, errorRedirect, findSessionByState, saveSession, type AuthSession, type Check } from './session';

/** The level this authorization server asks DigiD for (the mock's choice; the afsprakenstelsel sets the level per release). */
const REQUESTED_LEVEL: DigidLevel = 'substantieel';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The authorization endpoint (MedMij authorization interface, RFC 6749 §4.1.1):
 * check the request, create a session, and send the browser to DigiD with an
 * AuthnRequest. An error is redirected to the PGO only once client_id and
 * redirect_uri are trusted; before that the user sees an error page.
 */
export function authorize(
  env: MockEnv,
  origin: string,
  slug: string,
  scenarioSegment: string | undefined,
  scenario: MedMijScenario,
  query: string,
): Promise<Screen<never>> {
  // A view that arrives while the same one is being answered (StrictMode) gets that answer.
  return sharedView(env.store, `medmij:authorize:${scenarioSegment ?? ''}:${slug}${query}`, () =>
    checkAndStart(env, origin, slug, scenarioSegment, scenario, query),
  );
}

async function checkAndStart(
  env: MockEnv,
  origin: string,
  slug: string,
  scenarioSegment: string | undefined,
  scenario: MedMijScenario,
  query: string,
): Promise<Screen<never>> {
  const za = findZorgaanbieder(slug);
  if (!za) return page(404, 'Unknown zorgaanbieder', `There is no authorization server for "${slug}" here.`, 'Take the AuthorizationEndpointuri from the ZAL.');
  const params = new URLSearchParams(query);
  const once = (name: string): { value?: string; repeated: boolean } => {
    const all = params.getAll(name);
    return { value: all[0], repeated: all.length > 1 };
  };

  // 1. client_id: the PGO's hostname, on the OCL.
  const clientId = once('client_id');
  if (clientId.repeated) return page(400, 'Invalid request', 'client_id appears more than once.', 'Send each parameter once (RFC 6749 §3.1).');
  if (!clientId.value) return page(400, 'Invalid request', 'The request has no client_id.', "client_id is the PGO's hostname as it appears on the OCL.");
  const ocl = oclHostnames(origin, env.appOrigins);
  if (!ocl.includes(clientId.value)) {
    return page(
      400,
      'Unknown client',
      `client_id "${clientId.value}" is not a Hostname on the OAuth Client List (OCL). The authorization server does not redirect to an unknown client.`,
      `The OCL lists: ${ocl.map((h) => `${listHostnameForLocal(h)} (the PGO on ${h})`).join(', ')}. A PGO uses its own hostname as client_id.`,
    );
  }

  // 2. redirect_uri: a full https URL on exactly that hostname.
  const redirect = once('redirect_uri');
  if (redirect.repeated) return page(400, 'Invalid request', 'redirect_uri appears more than once.', 'Send each parameter once.');
  if (!redirect.value)
    return page(400, 'Invalid request', 'The request has no redirect_uri.', 'MedMij requires the redirect_uri in every authorization request.');
  const redirectProblem = checkRedirectUri(redirect.value, clientId.value);
  if (redirectProblem)
    return page(
      400,
      'Invalid redirect_uri',
      redirectProblem,
      'The redirect_uri is an https URL whose host is exactly the client_id (http is allowed for localhost and 127.0.0.1 only).',
    );
  const redirectUri = redirect.value;

  // From here the PGO is trusted: errors go back to it.
  const state = once('state');
  const fail = (description: string): Screen<never> => ({
    kind: 'redirect',
    location: errorRedirect(redirectUri, 'invalid_request', description, state.repeated ? undefined : state.value),
  });
  for (const name of ['response_type', 'scope', 'state']) if (params.getAll(name).length > 1) return fail(`${name} appears more than once`);
  if (!state.value) return fail('state is required: the PGO binds the answer to its own request with it');
  const responseType = params.get('response_type');
  // MedMij's exception table maps every invalid authorization request to invalid_request.
  if (responseType !== 'code') return fail(`response_type must be "code" (the authorization code flow); got "${responseType ?? ''}"`);
  const scope = params.get('scope');
  if (!scope) return fail('scope is required: it names the gegevensdienst (e.g. "4" or "' + za.slug + '~4")');
  const parsed = parseMedMijScope(scope, za.slug);
  if (!parsed.ok) return fail(parsed.reason);
  if (!za.diensten.includes(parsed.dienst)) {
    return fail(`${za.name} does not offer gegevensdienst ${parsed.dienst} (the ZAL lists ${za.diensten.join(', ')})`);
  }

  const checks: Check[] = [
    { name: 'client_id on the OCL', ok: true, detail: `"${clientId.value}" is a Hostname on the OCL (${PGO_ORGANISATION_NAME})` },
    { name: "redirect_uri on the client's host", ok: true, detail: `${redirectUri} has host ${new URL(redirectUri).hostname} = client_id` },
    { name: 'response_type', ok: true, detail: 'code' },
    { name: 'scope', ok: true, detail: `"${scope}" is the ${parsed.form} form of gegevensdienst ${parsed.dienst}, offered by ${za.name}` },
    { name: 'state', ok: true, detail: 'present' },
  ];
  const url = `${zorgaanbiederEndpoints(origin, za.slug, scenarioSegment).authorize}${query}`;
  // This very request seen before (a reload, Back, StrictMode's second view): the session it started, as it stands now.
  const earlier = await findSessionByState(env, za.slug, clientId.value, state.value);
  if (earlier && earlier.request.url === url) return currentScreen(earlier);
  return startDigid(env, origin, za, scenarioSegment, scenario, {
    request: { client_id: clientId.value, redirect_uri: redirectUri, scope, state: state.value, response_type: responseType, url },
    dienst: parsed.dienst,
    scopeForm: parsed.form,
    requestChecks: checks,
  });
}

function checkRedirectUri(value: string, clientId: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `redirect_uri "${value}" is not an absolute URL.`;
  }
  if (url.hash) return `redirect_uri "${value}" has a fragment; RFC 6749 §3.1.2 forbids one.`;
  if (url.hostname !== clientId) {
    return `redirect_uri host "${url.hostname}" is not the client_id "${clientId}". MedMij requires the redirect_uri to be on exactly the hostname registered on the OCL (no prefix or subdomain match).`;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return undefined;
  return `redirect_uri "${value}" uses ${url.protocol.replace(':', '')}; MedMij requires https (the playground also allows http on localhost and 127.0.0.1, for local development).`;
}

async function startDigid(
  env: MockEnv,
  origin: string,
  za: Zorgaanbieder,
  scenarioSegment: string | undefined,
  scenario: MedMijScenario,
  fields: Pick<AuthSession, 'request' | 'dienst' | 'scopeForm' | 'requestChecks'>,
): Promise<Screen<never>> {
  const ep = zorgaanbiederEndpoints(origin, za.slug, scenarioSegment);
  const id = crypto.randomUUID();
  // The playground's scenario reaches DigiD through the SSO URL this server is configured with.
  const sso = digidSsoUrl(origin, { decision: scenario.digid, account: scenario.account });
  const authnId = newSamlId();
  const xml = buildAuthnRequest({
    id: authnId,
    issueInstant: samlInstant(env.now()),
    destination: sso,
    assertionConsumerServiceUrl: ep.acs,
    issuer: ep.entityId,
    level: REQUESTED_LEVEL,
    providerName: `${za.displayName} (MedMij)`,
  });
  const url = new URL(sso);
  url.searchParams.set('SAMLRequest', await encodeRedirectMessage(xml));
  // RelayState: the session id, so the browser's return to the ACS finds this session.
  url.searchParams.set('RelayState', id);
  const session: AuthSession = {
    id,
    za: za.slug,
    scenarioSegment,
    createdAt: env.now(),
    stage: 'digid',
    clientName: PGO_ORGANISATION_NAME,
    ...fields,
    authn: { id: authnId, xml, url: url.href, level: REQUESTED_LEVEL },
  };
  await saveSession(env, session);
  return currentScreen(session);
}

function page(status: number, title: string, message: string, hint: string): Screen<never> {
  return { kind: 'error', status, title, message, hint };
}
