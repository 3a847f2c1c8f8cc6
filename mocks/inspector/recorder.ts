import { decodeJwt } from 'jose';
import { requestUrl, type MockEnv, type MockServer } from '../core/server';
import { parseBasic } from '../smart-auth/client-auth';
import { randomValue } from '../smart-auth/random';
import { classify, KEPT_HEADERS, type Classified } from './classify';
import {
  appendRequest,
  claimDiscovery,
  findInspected,
  findLink,
  inspecting,
  link,
  LINK_WINDOW_SECONDS,
  rememberDiscovery,
  startRun,
  updateRun,
  type RunLink,
} from './store';
import type { InspectedClient, RecordedRequest, RecordedResponse } from './types';

/**
 * The recorder: every request to the SMART servers and the EHR's launch passes
 * here, is answered by the servers unchanged, and is then tied to an inspected
 * client and run (by client_id, code, token, state or launch id) and kept.
 * Requests of clients nobody inspects (the built-in ones) are not kept.
 */
const MAX_BODY = 16 * 1024;
const PROBLEM_CHARS = 500;

export function withInspector(env: MockEnv, server: MockServer): MockServer {
  return async (request) => {
    const url = requestUrl(request);
    const where = classify(url, request.method);
    if (!where || request.method === 'OPTIONS' || !(await inspecting(env))) return server(request);
    const at = env.now();
    const body = request.method === 'POST' ? (await request.clone().text()).slice(0, MAX_BODY) : undefined;
    const response = await server(request);
    if (!response) return response;
    try {
      await record(env, where, request, url, body, at, response.clone());
    } catch (e) {
      // Recording must never change what the app gets.
      console.warn('inspector: a request could not be recorded', e);
    }
    return response;
  };
}

async function record(env: MockEnv, where: Classified, request: Request, url: URL, body: string | undefined, at: number, response: Response): Promise<void> {
  const headers: [string, string][] = [];
  request.headers.forEach((value, name) => KEPT_HEADERS.includes(name) && headers.push([name, value]));
  const entry = (json?: Record<string, unknown>): RecordedRequest => ({
    id: randomValue(9),
    at,
    kind: where.kind,
    method: request.method,
    url: url.href,
    headers,
    ...(body ? { body } : {}),
    response: summarize(response, json),
  });
  switch (where.kind) {
    case 'discovery':
      return rememberDiscovery(env, entry());
    case 'fhir': {
      // Bodies (search bundles) are read only for a request the inspector keeps, and only to quote a refusal.
      const target = await fhirTarget(env, request, url, body);
      if (!target) return;
      const kept = entry(response.status >= 400 ? await readJson(response) : undefined);
      return updateRun(env, target.clientId!, target.runId!, (run) => appendRequest(run, kept));
    }
  }
  const json = await readJson(response);
  switch (where.kind) {
    case 'authorize':
      return authorize(env, where.issuer!, request, entry(json), json);
    case 'token':
      return token(env, request, entry(json), json);
    case 'ehr-launch':
      return ehrLaunch(env, entry(json), json);
  }
}

async function readJson(response: Response): Promise<Record<string, unknown> | undefined> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) return undefined;
  try {
    const parsed: unknown = await response.json();
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const GRADED_FIELDS = ['token_type', 'scope', 'patient', 'encounter', 'expires_in', 'error', 'error_description', 'resourceType'];

function summarize(response: Response, json: Record<string, unknown> | undefined): RecordedResponse {
  const out: RecordedResponse = { status: response.status };
  const location = response.headers.get('location') ?? (typeof json?.location === 'string' ? json.location : undefined);
  if (location) out.location = location;
  if (json) {
    const fields: Record<string, unknown> = {};
    for (const f of GRADED_FIELDS) if (json[f] !== undefined) fields[f] = json[f];
    if (typeof json.refresh_token === 'string') fields.refresh_token_issued = true;
    if (typeof json.id_token === 'string') fields.id_token_issued = true;
    if (Object.keys(fields).length) out.fields = fields;
    const problem = typeof json.error_description === 'string' ? json.error_description : operationOutcomeText(json);
    if (problem && response.status >= 400) out.problem = problem.slice(0, PROBLEM_CHARS);
  }
  return out;
}

function operationOutcomeText(json: Record<string, unknown>): string | undefined {
  if (json.resourceType !== 'OperationOutcome' || !Array.isArray(json.issue)) return undefined;
  return (json.issue as { diagnostics?: string }[])
    .map((i) => i.diagnostics)
    .filter(Boolean)
    .join(' ');
}

/** The origins an app's own requests come from (a browser sends Origin on cross-origin fetches). */
function appOrigins(client: InspectedClient): Set<string> {
  const uris = [...client.registration.redirect_uris, ...(client.registration.launch_uri ? [client.registration.launch_uri] : [])];
  return new Set(
    uris.flatMap((u) => {
      try {
        return [new URL(u).origin];
      } catch {
        return [];
      }
    }),
  );
}

function paramsOf(request: Request, entry: RecordedRequest): URLSearchParams {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (request.method === 'POST' && type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams(entry.body ?? '');
  return new URL(entry.url).searchParams;
}

async function authorize(env: MockEnv, issuer: string, request: Request, entry: RecordedRequest, json: Record<string, unknown> | undefined): Promise<void> {
  const pageAction = (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json');
  if (pageAction) {
    // The server's own sign-in page, not the app: only its answer matters, when it sends the app its code.
    if (json && typeof json.location === 'string') await codeIssued(env, json.location, entry.at);
    return;
  }
  const params = paramsOf(request, entry);
  const clientId = params.get('client_id');
  const client = clientId ? await findInspected(env.store, clientId) : undefined;
  if (!client) return;

  const launchId = params.get('launch');
  const launched = launchId ? await findLink(env.store, 'launch', launchId) : undefined;
  let runId: string | undefined;
  const ehrRun = launched?.clientId === client.client_id && launched.runId ? client.runs.find((r) => r.id === launched.runId) : undefined;
  if (ehrRun && !ehrRun.requests.some((r) => r.kind === 'authorize')) runId = ehrRun.id;
  runId ??= await startRun(env, client.client_id, { started: entry.at, kind: 'app', issuer, ...(launchId ? { launchId } : {}) });
  if (!runId) return;

  const origins = appOrigins(client);
  const discovery = await claimDiscovery(env, issuer, runId, (d) => {
    const origin = d.headers.find(([n]) => n === 'origin')?.[1];
    return origin === undefined || origins.has(origin);
  });
  await updateRun(env, client.client_id, runId, (run) => ({ ...appendRequest(run, ...(discovery ? [discovery] : []), entry), issuer }));
  const state = params.get('state');
  if (state) await link(env, 'state', state, { clientId: client.client_id, runId }, LINK_WINDOW_SECONDS);
  if (entry.response.location) await codeIssued(env, entry.response.location, entry.at);
}

/** The redirect back to the app: its code is tied to the run whose authorize request carried the same state. */
async function codeIssued(env: MockEnv, location: string, at: number): Promise<void> {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return;
  }
  const state = url.searchParams.get('state');
  const code = url.searchParams.get('code');
  const target = state ? await findLink(env.store, 'state', state) : undefined;
  if (!target?.clientId || !target.runId) return;
  if (code) {
    await link(env, 'code', code, target);
    await updateRun(env, target.clientId, target.runId, (run) => ({ ...run, codesIssued: [...run.codesIssued, at] }));
  }
}

function tokenClientId(request: Request, form: URLSearchParams): string | undefined {
  const basic = parseBasic(request.headers.get('authorization'));
  if (basic && basic !== 'malformed') return basic.clientId;
  const assertion = form.get('client_assertion');
  if (assertion) {
    try {
      const iss = decodeJwt(assertion).iss;
      if (iss) return iss;
    } catch {
      // not a JWT: fall back to client_id
    }
  }
  return form.get('client_id') ?? undefined;
}

async function token(env: MockEnv, request: Request, entry: RecordedRequest, json: Record<string, unknown> | undefined): Promise<void> {
  const form = new URLSearchParams(entry.body ?? '');
  const grant = form.get('grant_type');
  let target: RunLink | undefined;
  if (grant === 'authorization_code' && form.get('code')) target = await findLink(env.store, 'code', form.get('code')!);
  if (grant === 'refresh_token' && form.get('refresh_token')) target = await findLink(env.store, 'refresh', form.get('refresh_token')!);
  if (!target?.runId) {
    const clientId = tokenClientId(request, form);
    const client = clientId ? await findInspected(env.store, clientId) : undefined;
    if (!client) return;
    const runId =
      grant === 'client_credentials' || client.runs.length === 0
        ? await startRun(env, client.client_id, { started: entry.at, kind: client.kind })
        : client.runs[client.runs.length - 1].id;
    target = { clientId: client.client_id, runId };
  }
  if (!target.clientId || !target.runId) return;
  await updateRun(env, target.clientId, target.runId, (run) => appendRequest(run, entry));
  if (entry.response.status === 200 && json) {
    if (typeof json.access_token === 'string') await link(env, 'access', json.access_token, target);
    if (typeof json.refresh_token === 'string') await link(env, 'refresh', json.refresh_token, target);
  }
}

/** The access token a FHIR request carries: in the header as it should, or in the query or body as it should not. */
function presentedToken(request: Pick<Request, 'headers'>, url: URL, body: string | undefined): string | undefined {
  const header = request.headers.get('authorization');
  const bearer = header && /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, '').trim() : undefined;
  return bearer || url.searchParams.get('access_token') || new URLSearchParams(body ?? '').get('access_token') || undefined;
}

async function fhirTarget(env: MockEnv, request: Request, url: URL, body: string | undefined): Promise<RunLink | undefined> {
  const tokenValue = presentedToken(request, url, body);
  const target = tokenValue ? await findLink(env.store, 'access', tokenValue) : undefined;
  return target?.clientId && target.runId ? target : undefined;
}

async function ehrLaunch(env: MockEnv, entry: RecordedRequest, json: Record<string, unknown> | undefined): Promise<void> {
  const launchId = typeof json?.launch === 'string' ? json.launch : undefined;
  if (!launchId || entry.response.status !== 200) return;
  let clientId: string | undefined;
  try {
    const body = JSON.parse(entry.body ?? '{}') as { client_id?: unknown };
    if (typeof body.client_id === 'string') clientId = body.client_id;
  } catch {
    // the EHR refused it already
  }
  const client = clientId ? await findInspected(env.store, clientId) : undefined;
  if (!client) return;
  const issuer = typeof json?.iss === 'string' ? json.iss : undefined;
  const runId = await startRun(env, client.client_id, { started: entry.at, kind: 'app', launchId, ...(issuer ? { issuer } : {}) });
  if (!runId) return;
  await updateRun(env, client.client_id, runId, (run) => appendRequest(run, entry));
  await link(env, 'launch', launchId, { clientId: client.client_id, runId }, LINK_WINDOW_SECONDS);
}
