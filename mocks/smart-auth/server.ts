import { json, ownOrigin, Router, type MockEnv, type MockServer, type RouteHandler } from '../core/server';
import { SMART_PREFIX } from '../paths';
import { authorizeGet, authorizePost, type AuthorizeContext } from './authorize-endpoint';
import { openidConfiguration, SMART_STYLE, smartConfiguration } from './discovery';
import { smartEndpoints, type SmartEndpoints } from './endpoints';
import { introspectEndpoint } from './introspect-endpoint';
import { authorizeErrorPage, NO_STORE } from './oauth-errors';
import { decodeScenario, type Scenario } from './scenario';
import { publicJwks } from './signing-key';
import { tokenEndpoint } from './token-endpoint';

/**
 * The SMART App Launch 2.2 authorization server: discovery, authorize, token,
 * introspection and JWKS, at `/mock/smart/...` and, with a scenario carried in
 * the URL, at `/mock/smart/s/{scenario}/...`. Everything else under the FHIR
 * base is the FHIR server's (this server answers undefined for it).
 */
interface Site {
  env: MockEnv;
  endpoints: SmartEndpoints;
  scenario: Scenario;
  segment: string | null;
  origin: string;
}

type SiteHandler = (site: Site, request: Request, url: URL) => Promise<Response>;

/** How an unreadable scenario segment is reported: JSON for APIs, a page for the browser. */
type ScenarioErrorStyle = 'json' | 'page';

function withSite(env: MockEnv, handler: SiteHandler, style: ScenarioErrorStyle): RouteHandler {
  return async (request, { params, url }) => {
    const segment = params.scenario ?? null;
    const decoded = decodeScenario(segment ?? undefined);
    if (!decoded.ok) {
      const description = `The scenario segment "${segment}" in the URL cannot be read: ${decoded.reason}`;
      const fromPage = (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json');
      if (style === 'page' && !fromPage) return authorizeErrorPage('invalid_request', description);
      const body =
        style === 'page'
          ? { screen: 'error', error: 'invalid_request', error_description: description }
          : { error: 'invalid_request', error_description: description };
      return json(body, { status: 400, headers: NO_STORE });
    }
    const origin = ownOrigin(env, request);
    return handler({ env, endpoints: smartEndpoints(origin, segment ?? undefined), scenario: decoded.scenario, segment, origin }, request, url);
  };
}

export function createSmartAuthServer(env: MockEnv): MockServer {
  const router = new Router();
  const bases = [SMART_PREFIX, `${SMART_PREFIX}/s/:scenario`];
  const on = (method: string, suffix: string, handler: SiteHandler, style: ScenarioErrorStyle = 'json') => {
    for (const base of bases) router.on(method, `${base}${suffix}`, withSite(env, handler, style));
  };

  on('GET', '/fhir/.well-known/smart-configuration', async (site) => json(smartConfiguration(site.endpoints, site.scenario)));
  on('GET', '/fhir/.well-known/openid-configuration', async (site) => json(openidConfiguration(site.endpoints, site.scenario)));
  on('GET', '/auth/jwks', async (site) => json(await publicJwks(site.env.store)));
  on('GET', '/auth/authorize', async (site, _request, url) => authorizeGet(authorizeContext(site), url), 'page');
  on('POST', '/auth/authorize', async (site, request) => authorizePost(authorizeContext(site), request), 'page');
  on('POST', '/auth/token', async (site, request) => tokenEndpoint(site, request));
  on('POST', '/auth/introspect', async (site, request) => introspectEndpoint(site, request));
  router.get(`${SMART_PREFIX}/smart-style.json`, async () => json(SMART_STYLE));

  return (request) => router.handle(request);
}

function authorizeContext(site: Site): AuthorizeContext {
  return { env: site.env, endpoints: site.endpoints, scenario: site.scenario, segment: site.segment, origin: site.origin };
}
