import { json, readForm, type MockEnv } from '../core/server';
import { serveAppResponse } from '../core/page-protocol';
import { validateAuthorizeRequest } from './authorize-request';
import {
  approve,
  deny,
  findAnswered,
  findSession,
  nextStep,
  pickEncounter,
  pickPatient,
  saveSession,
  signIn,
  startSession,
  responseIssuer,
  withIssuer,
  type AuthzSession,
  type Step,
} from './authorize-session';
import type { SmartEndpoints } from './endpoints';
import { authorizeErrorPage, errorRedirectUrl, NO_STORE } from './oauth-errors';
import type { Scenario } from './scenario';
import type { AuthorizeAction, AuthorizeAnswer } from './screens';

/**
 * The authorization endpoint over its three ways in:
 * - GET (a browser navigation over real HTTP, or a test): a 302 when no user is
 *   needed, an HTML page when it must not redirect, else the app's page;
 * - POST form-urlencoded (SMART authorize-post): the same request in the body;
 * - POST JSON from the server's own page: `{action: ...}` in, the next screen or `{location}` out.
 */
export interface AuthorizeContext {
  env: MockEnv;
  endpoints: SmartEndpoints;
  scenario: Scenario;
  segment: string | null;
  origin: string;
}

type Start =
  | { kind: 'page-error'; error: string; description: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'screen'; session: AuthzSession; step: Step & { kind: 'screen' } };

async function start(ctx: AuthorizeContext, params: URLSearchParams): Promise<Start> {
  const checked = await validateAuthorizeRequest(ctx.env, ctx.endpoints, ctx.scenario, params, ctx.origin);
  if (checked.kind === 'page-error') return checked;
  if (checked.kind === 'redirect-error') {
    const location = errorRedirectUrl(checked.redirectUri, checked.error, checked.description, checked.state);
    return { kind: 'redirect', location: withIssuer(location, responseIssuer(ctx.scenario, ctx.origin, ctx.segment)) };
  }
  const session = startSession(checked.request, checked.client.client_name ?? checked.client.client_id, checked.launch, ctx.scenario, ctx.segment, ctx.origin);
  const step = await nextStep(ctx.env, session, ctx.scenario);
  if (step.kind === 'redirect') return { kind: 'redirect', location: step.location };
  await saveSession(ctx.env, session);
  return { kind: 'screen', session, step };
}

function redirect(location: string, status = 302): Response {
  return new Response(null, { status, headers: { Location: location, ...NO_STORE } });
}

/** Over real HTTP the transport answers this with the built app's index.html: the page takes over. */
const serveApp = () => serveAppResponse(NO_STORE);

export async function authorizeGet(ctx: AuthorizeContext, url: URL): Promise<Response> {
  const resumed = url.searchParams.get('session');
  if (resumed !== null && [...url.searchParams.keys()].length === 1) {
    const session = await findSession(ctx.env, resumed);
    // Its answer went back already (Back, a reload): the page says so.
    if (!session && (await findAnswered(ctx.env, resumed))) return serveApp();
    if (!session || session.segment !== ctx.segment) {
      return authorizeErrorPage('invalid_request', 'This sign-in session is unknown or has expired (10 minutes). Start again from the app.');
    }
    return serveApp();
  }
  const started = await start(ctx, url.searchParams);
  if (started.kind === 'page-error') return authorizeErrorPage(started.error, started.description);
  if (started.kind === 'redirect') return redirect(started.location);
  return serveApp();
}

export async function authorizePost(ctx: AuthorizeContext, request: Request): Promise<Response> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) return pageAction(ctx, request);
  const form = await readForm(request);
  if (!form) {
    return authorizeErrorPage('invalid_request', 'An authorization request sent with POST must be application/x-www-form-urlencoded.');
  }
  const started = await start(ctx, form);
  if (started.kind === 'page-error') return authorizeErrorPage(started.error, started.description);
  if (started.kind === 'redirect') return redirect(started.location);
  // The parameters stay in the session; the page continues it by id (303: GET the page).
  const page = new URL(ctx.endpoints.authorize);
  page.searchParams.set('session', started.session.id);
  return redirect(page.href, 303);
}

function answer(body: AuthorizeAnswer, status = 200): Response {
  return json(body, { status, headers: NO_STORE });
}

function errorScreen(error: string, description: string): Response {
  return answer({ screen: 'error', error, error_description: description }, 400);
}

function isAction(value: unknown): value is AuthorizeAction {
  return typeof value === 'object' && value !== null && typeof (value as { action?: unknown }).action === 'string';
}

async function pageAction(ctx: AuthorizeContext, request: Request): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return errorScreen('invalid_request', 'The page sent a body that is not JSON.');
  }
  if (!isAction(body)) return errorScreen('invalid_request', 'The page must send {"action": ...}.');

  if (body.action === 'view') {
    const query = new URLSearchParams(typeof body.query === 'string' ? body.query : '');
    const resumed = query.get('session');
    if (resumed !== null && [...query.keys()].length === 1) return continueSession(ctx, resumed, () => undefined);
    const started = await start(ctx, query);
    if (started.kind === 'page-error') return errorScreen(started.error, started.description);
    if (started.kind === 'redirect') return answer({ location: started.location });
    return answer(started.step.screen);
  }

  const action = body;
  const sessionId = 'session' in action && typeof action.session === 'string' ? action.session : '';
  switch (action.action) {
    case 'login':
      return continueSession(ctx, sessionId, (s) => signIn(s, ctx.scenario, String(action.username ?? ''), String(action.password ?? '')), true);
    case 'pick-patient':
      return continueSession(ctx, sessionId, (s) => pickPatient(s, ctx.scenario, String(action.patient ?? '')));
    case 'pick-encounter':
      return continueSession(ctx, sessionId, (s) => pickEncounter(s, action.encounter === null ? null : String(action.encounter ?? '')));
    case 'consent': {
      const session = await loadSession(ctx, sessionId);
      if ('error' in session) return session.error;
      const scopes = Array.isArray(action.scopes) ? action.scopes.map(String) : [];
      const extra = scopes.filter((s) => !session.request.scope.includes(s));
      if (extra.length > 0) {
        return errorScreen('invalid_request', `Consent can only grant scopes the app asked for; not requested: ${extra.join(', ')}.`);
      }
      if (!session.user) return errorScreen('invalid_request', 'Sign in before giving consent.');
      return answer({ location: await approve(ctx.env, session, scopes) });
    }
    case 'deny': {
      const session = await loadSession(ctx, sessionId);
      if ('error' in session) return session.error;
      return answer({ location: await deny(ctx.env, session) });
    }
    default:
      return errorScreen('invalid_request', `Unknown action "${(action as { action: string }).action}".`);
  }
}

async function loadSession(ctx: AuthorizeContext, id: string): Promise<AuthzSession | { error: Response }> {
  const session = id ? await findSession(ctx.env, id) : undefined;
  const answered = !session && id ? await findAnswered(ctx.env, id) : undefined;
  // Viewed again after its answer went back (Back after the callback): say so, never a second login.
  if (answered) return { error: answer({ screen: 'answered', answered }, 409) };
  if (!session || session.segment !== ctx.segment) {
    return {
      error: errorScreen('invalid_request', 'This sign-in session is unknown or has expired (sessions last 10 minutes). Start again from the app.'),
    };
  }
  return session;
}

/**
 * Apply a decision, save the session and show what comes next. A problem with
 * the sign-in re-shows the login screen with it; other problems are errors
 * (the page only offers valid choices).
 */
async function continueSession(
  ctx: AuthorizeContext,
  id: string,
  decide: (session: AuthzSession) => string | undefined,
  problemsStayOnScreen = false,
): Promise<Response> {
  const session = await loadSession(ctx, id);
  if ('error' in session) return session.error;
  const problem = decide(session);
  if (problem && !problemsStayOnScreen) return errorScreen('invalid_request', problem);
  const step = await nextStep(ctx.env, session, ctx.scenario, problem);
  if (step.kind === 'redirect') return answer({ location: step.location });
  await saveSession(ctx.env, session);
  return answer(step.screen);
}
