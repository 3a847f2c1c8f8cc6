import { Router, json, ownOrigin, type MockEnv, type MockServer, type RouteHandler } from '../core/server';
import { readAction, respondScreen, type Screen } from '../core/page-protocol';
import { MEDMIJ_PREFIX } from '../paths';
import { assertionConsumer } from './acs';
import { authorize } from './authorize';
import { consent } from './consent';
import { buildGnl, buildOcl, buildZal } from './lists/build';
import { resource } from './resource';
import { decodeMedMijScenario } from './scenario';
import { findSessionByState } from './session';
import { token } from './token';

export interface MedMijServerOptions {
  /** How the authorization server reaches DigiD's ArtifactResolve endpoint (the back channel); the platform fetch by default. */
  backChannelFetch?: typeof fetch;
}

/**
 * The MedMij mock: the stelselnode's lists and, per zorgaanbieder, an
 * authorization server (authorize, SAML ACS, consent, token) and a resource
 * server. Everything also answers under `/mock/medmij/s/{scenario}/...`, the
 * playground's fault injection (see scenario.ts).
 *
 *   GET  {base}/lists/zal.xml | ocl.xml | gnl.xml
 *   GET  {base}/{za}/oauth/authorize        (POST {action:'view'} from the page)
 *   GET  {base}/{za}/saml/acs               (POST {action:'view'} from the page)
 *   GET  {base}/{za}/oauth/consent          (POST view | decide from the page)
 *   POST {base}/{za}/oauth/token
 *   GET  {base}/{za}/fhir/{Type}?...
 *   GET  {base}/{za}/playground/session/{state}?client_id=  the playground's inspection aid
 */
export function createMedMijServer(env: MockEnv, options: MedMijServerOptions = {}): MockServer {
  const backChannel = options.backChannelFetch ?? ((input, init) => fetch(input, init));
  const router = new Router();
  const both = (method: string, suffix: string, handler: RouteHandler) => {
    router.on(method, `${MEDMIJ_PREFIX}${suffix}`, handler);
    router.on(method, `${MEDMIJ_PREFIX}/s/:scenario${suffix}`, handler);
  };
  const origin = (req: Request) => ownOrigin(env, req);
  const xml = (body: string) => new Response(body, { headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-cache' } });

  both('GET', '/lists/zal.xml', async (req, m) => xml(buildZal(origin(req), env.now(), m.params.scenario)));
  both('GET', '/lists/ocl.xml', async (req) => xml(buildOcl(origin(req), env.appOrigins, env.now())));
  both('GET', '/lists/gnl.xml', async () => xml(buildGnl(env.now())));

  const interactive =
    (
      resolve: (req: Request, params: Record<string, string>, action: Awaited<ReturnType<typeof readAction>> & { kind: 'action' }) => Promise<Screen<unknown>>,
    ): RouteHandler =>
    async (req, m) => {
      const read = await readAction(req);
      if (read.kind === 'invalid') return respondScreen(req, { kind: 'error', status: 400, title: 'Bad request', message: read.error });
      return respondScreen(req, await resolve(req, m.params, read));
    };

  const authorizeHandler = interactive(async (req, p, { action }) => {
    if (action.action !== 'view')
      return { kind: 'error', status: 400, title: 'Bad request', message: 'The authorization endpoint knows only the "view" action.' };
    return authorize(env, origin(req), p.za, p.scenario, decodeMedMijScenario(p.scenario), action.query);
  });
  both('GET', '/:za/oauth/authorize', authorizeHandler);
  both('POST', '/:za/oauth/authorize', authorizeHandler);

  const acsHandler = interactive(async (req, p, { action }) => {
    if (action.action !== 'view')
      return { kind: 'error', status: 400, title: 'Bad request', message: 'The assertion consumer service knows only the "view" action.' };
    return assertionConsumer(env, origin(req), p.za, decodeMedMijScenario(p.scenario), action.query, backChannel);
  });
  both('GET', '/:za/saml/acs', acsHandler);
  both('POST', '/:za/saml/acs', acsHandler);

  const consentHandler = interactive(async (_req, p, { action }) => consent(env, p.za, decodeMedMijScenario(p.scenario), action));
  both('GET', '/:za/oauth/consent', consentHandler);
  both('POST', '/:za/oauth/consent', consentHandler);

  both('POST', '/:za/oauth/token', (req, m) => token(env, req, m.params.za, decodeMedMijScenario(m.params.scenario)));
  both('GET', '/:za/fhir/*rest', (req, m) => resource(env, req, m.params.za, m.params.rest, m.params.scenario));

  // A teaching aid, not part of MedMij: what the authorization server did while
  // the browser was away (DigiD, the artifact, the checks, the consent), so the
  // playground can show steps 3-10 that happen out of the PGO's sight.
  both('GET', '/:za/playground/session/:state', async (req, m) => {
    const clientId = new URL(req.url).searchParams.get('client_id') ?? '';
    const session = await findSessionByState(env, m.params.za, clientId, m.params.state);
    const headers = { 'x-playground-teaching-aid': 'This endpoint exists only in the playground; a real MedMij authorization server has none.' };
    if (!session)
      return json({ error: 'not_found', error_description: `No authorization session of client "${clientId}" with this state` }, { status: 404, headers });
    const { bsn: _bsn, ...shown } = session;
    return json(shown, { headers });
  });

  return (request) => router.handle(request);
}
