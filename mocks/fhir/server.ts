import { Router, ownOrigin, readForm, requestUrl, type MockEnv, type MockServer } from '../core/server';
import type { AccessTokenRecord } from '../core/tokens';
import { findResource } from '../data';
import { SMART_PREFIX } from '../paths';
import { smartEndpoints } from '../smart-auth/endpoints';
import { decodeScenario } from '../smart-auth/scenario';
import { authenticate, compartmentMessage, decide, forbiddenResource, grantsFor, insufficientScope } from './access';
import { capabilityStatement, RESOURCE_TYPES } from './capability';
import { fhirJson, outcomeResponse, type Issue } from './outcome';
import { runSearch } from './search';

/**
 * The mock FHIR R4 server behind the SMART authorization server:
 * `{origin}/mock/smart/fhir/*` and, per scenario, `{origin}/mock/smart/s/{scenario}/fhir/*`.
 * Read-only: metadata (open), read and search (bearer token, SMART scopes,
 * patient compartment). `/.well-known/*` under the base belongs to the
 * authorization server.
 */

const WELL_KNOWN = new RegExp(`^${SMART_PREFIX}(?:/s/[^/]+)?/fhir/\\.well-known(?:/|$)`);
const CAPABILITY_DATE = '2026-01-01';

/** Resource types in the patient compartment, reachable as Patient/{id}/{type}. */
const COMPARTMENT_TYPES = ['Encounter', 'Observation', 'Condition', 'MedicationRequest', 'AllergyIntolerance'];

interface FhirRequest {
  env: MockEnv;
  request: Request;
  url: URL;
  base: string;
  token: AccessTokenRecord;
}

export function createFhirServer(env: MockEnv): MockServer {
  const at = (request: Request, match: { url: URL; params: Record<string, string> }) =>
    handle(env, request, match.url, match.params.scenario, match.params.rest ?? '');
  const router = new Router()
    .on('*', `${SMART_PREFIX}/fhir`, at)
    .on('*', `${SMART_PREFIX}/fhir/*rest`, at)
    .on('*', `${SMART_PREFIX}/s/:scenario/fhir`, at)
    .on('*', `${SMART_PREFIX}/s/:scenario/fhir/*rest`, at);
  return async (request) => {
    if (WELL_KNOWN.test(requestUrl(request).pathname)) return undefined;
    try {
      return await router.handle(request);
    } catch (e) {
      // The router decodes path segments; a broken %-escape is the client's error, not the server's.
      if (!(e instanceof URIError)) throw e;
      return outcomeResponse(400, { code: 'invalid', diagnostics: `The URL path has a malformed percent-encoding: ${new URL(request.url).pathname}.` });
    }
  };
}

async function handle(env: MockEnv, request: Request, url: URL, segment: string | undefined, rest: string): Promise<Response> {
  const decoded = decodeScenario(segment);
  if (!decoded.ok) {
    return outcomeResponse(400, {
      code: 'invalid',
      diagnostics: `The scenario segment of this FHIR base (/s/${segment}/fhir) is not valid: ${decoded.reason} Build scenario links in the playground, or use ${smartEndpoints(ownOrigin(env, request)).fhirBase}.`,
    });
  }
  const endpoints = smartEndpoints(ownOrigin(env, request), segment);
  const base = endpoints.fhirBase;
  const notAcceptable = checkFormat(request, url);
  if (notAcceptable) return notAcceptable;

  const parts = rest.split('/').filter(Boolean);
  if (parts.length === 1 && parts[0] === 'metadata') {
    if (request.method !== 'GET') return methodNotAllowed('GET', `${base}/metadata only answers GET.`);
    return fhirJson(capabilityStatement(endpoints, CAPABILITY_DATE));
  }

  const auth = await authenticate(env, request, base, decoded.scenario);
  if (!auth.ok) return auth.response;
  return route({ env, request, url, base, token: auth.token }, parts);
}

async function route(req: FhirRequest, parts: string[]): Promise<Response> {
  const { request, url } = req;
  if (parts.length === 0) {
    return outcomeResponse(400, {
      code: 'not-supported',
      diagnostics:
        'This server has no system-level interactions (batch, transaction, whole-system search). Read [base]/[type]/[id] or search [base]/[type]?params.',
    });
  }
  const operation = parts.find((p) => p.startsWith('$'));
  if (operation) {
    const hint = operation === '$export' ? ' A backend client can search Group/g-all or Patient instead.' : '';
    return outcomeResponse(400, { code: 'not-supported', diagnostics: `The operation ${operation} is not supported by this server.${hint}` });
  }
  const [type, second, third] = parts;
  const unknown = unknownType(type);
  if (unknown) return unknown;

  if (parts.length === 1) {
    if (request.method === 'GET') return search(req, type, url.searchParams);
    return methodNotAllowed('GET', `This server is read-only: ${request.method} ${type} (create) is not supported. To search with POST, use ${type}/_search.`);
  }
  if (parts.length === 2 && second === '_search') {
    if (request.method === 'GET') return search(req, type, url.searchParams);
    if (request.method !== 'POST') return methodNotAllowed('GET, POST', `${type}/_search answers GET and POST.`);
    const form = await readForm(request);
    if (!form) {
      return outcomeResponse(400, {
        code: 'invalid',
        diagnostics: `POST ${type}/_search needs Content-Type: application/x-www-form-urlencoded with the search parameters in the body (got ${request.headers.get('content-type') ?? 'no content type'}).`,
      });
    }
    // Parameters may come in the URL and in the body; both count.
    const params = new URLSearchParams(url.searchParams);
    for (const [k, v] of form) params.append(k, v);
    return search(req, type, params);
  }
  if (parts.length === 2) {
    if (request.method !== 'GET')
      return methodNotAllowed('GET', `This server is read-only: ${request.method} ${type}/${second} (update, patch, delete) is not supported.`);
    return read(req, type, second);
  }
  if (parts.length === 3 && third === '_history') {
    return outcomeResponse(400, {
      code: 'not-supported',
      diagnostics: 'This server keeps no history (versioning: no-version). Read the current version at [type]/[id].',
    });
  }
  if (parts.length === 3 && type === 'Patient' && COMPARTMENT_TYPES.includes(third)) {
    if (request.method !== 'GET') return methodNotAllowed('GET', `Patient/${second}/${third} answers GET.`);
    // Compartment search: Patient/p-anna/Observation = Observation?patient=Patient/p-anna.
    const params = new URLSearchParams(url.searchParams);
    params.append('patient', `Patient/${second}`);
    return search(req, third, params);
  }
  return outcomeResponse(404, {
    code: 'not-found',
    diagnostics: `No such FHIR endpoint: ${parts.join('/')}. This server supports metadata, [type]/[id], [type]?params, [type]/_search and Patient/[id]/[type].`,
  });
}

function unknownType(type: string): Response | undefined {
  if ((RESOURCE_TYPES as readonly string[]).includes(type)) return undefined;
  const served = RESOURCE_TYPES.join(', ');
  if (/^[A-Z][A-Za-z]+$/.test(type)) {
    return outcomeResponse(404, { code: 'not-supported', diagnostics: `This server does not serve ${type} resources. It serves: ${served}.` });
  }
  return outcomeResponse(400, {
    code: 'not-supported',
    diagnostics: `"${type}" is not a FHIR resource type (they are capitalised, e.g. Observation). This server serves: ${served}.`,
  });
}

function read(req: FhirRequest, type: string, id: string): Response {
  const grants = grantsFor(req.token, type, 'read');
  if (grants.grants.length === 0) return insufficientScope(req.base, req.token, type, 'read', grants);
  const resource = findResource(type, id);
  if (!resource) {
    return outcomeResponse(404, {
      code: 'not-found',
      diagnostics: `${type}/${id} is not known to this server. Ids are case-sensitive; search ${type}?_count=10 to see which exist.`,
    });
  }
  const decision = decide(grants.grants, resource);
  if (!decision.ok) return forbiddenResource(req.token, resource, decision, grants.grants);
  const lastUpdated = (resource.meta as { lastUpdated?: string } | undefined)?.lastUpdated;
  const headers: Record<string, string> = { ETag: 'W/"1"', 'Content-Location': `${req.base}/${type}/${id}` };
  if (lastUpdated) headers['Last-Modified'] = new Date(lastUpdated).toUTCString();
  return fhirJson(resource, { headers });
}

/** The patient ids a search names: `patient`/`subject` values, and `_id` on Patient. */
function requestedPatients(type: string, params: URLSearchParams): string[] {
  const out: string[] = [];
  for (const [key, value] of params) {
    const name = key.split(':')[0];
    const isPatientParam = name === 'patient' || name === 'subject' || (type === 'Patient' && name === '_id');
    if (!isPatientParam || value === '') continue;
    for (const v of value.split(',')) {
      const parts = v.split('/');
      // `Group/g-all` as a subject names no single patient: it can't be ours.
      out.push(parts.length === 1 ? v : parts.at(-2) === 'Patient' ? (parts.at(-1) as string) : v);
    }
  }
  return out;
}

function search(req: FhirRequest, type: string, params: URLSearchParams): Response {
  const { token } = req;
  const grants = grantsFor(token, type, 'search');
  if (grants.grants.length === 0) return insufficientScope(req.base, token, type, 'search', grants);

  const notes: Issue[] = [];
  const unlimited = grants.grants.some((g) => g.reach.kind === 'all' && !g.query);
  if (!unlimited) {
    const patientGrant = grants.grants.find((g) => g.reach.kind === 'patient');
    const reachesAll = grants.grants.some((g) => g.reach.kind === 'all');
    // The patients this token may search for: its launch patient, or the signed-in patient (fhirUser).
    const reachable = grants.grants.flatMap((g) =>
      g.reach.kind === 'patient' ? [g.reach.patient] : g.reach.kind === 'self' && g.reach.reference.startsWith('Patient/') ? [g.reach.reference.slice(8)] : [],
    );
    const requested = requestedPatients(type, params);
    if (!reachesAll && requested.length > 0 && !requested.some((p) => reachable.includes(p))) {
      return outcomeResponse(403, {
        code: 'forbidden',
        diagnostics: compartmentMessage(token, `A search for ${requested.map((p) => (p.includes('/') ? p : `Patient/${p}`)).join(', ')}`),
      });
    }
    if (!reachesAll && patientGrant && requested.length === 0) {
      notes.push({
        severity: 'information',
        code: 'informational',
        diagnostics: `Results are limited to the patient compartment of Patient/${token.patient} (granted ${patientGrant.scope}).`,
      });
    }
    const restricted = grants.grants.filter((g) => g.query);
    if (restricted.length > 0 && !grants.grants.some((g) => !g.query && g.reach.kind !== 'self')) {
      notes.push({
        severity: 'information',
        code: 'informational',
        diagnostics: `Results are limited to what the granted scope(s) allow: ${restricted.map((g) => g.scope).join(', ')}.`,
      });
    }
  }
  return runSearch({
    type,
    params,
    base: req.base,
    now: req.env.now(),
    strict: /\bhandling=strict\b/i.test(req.request.headers.get('prefer') ?? ''),
    allowed: (r) => decide(grants.grants, r).ok,
    notes,
  });
}

function methodNotAllowed(allow: string, diagnostics: string): Response {
  return outcomeResponse(405, { code: 'not-supported', diagnostics }, { Allow: allow });
}

/** Only JSON: `_format` or an Accept header that rules JSON out get 406. */
function checkFormat(request: Request, url: URL): Response | undefined {
  const format = url.searchParams.get('_format');
  const jsonFormats = ['json', 'application/json', 'application/fhir+json'];
  if (format && !jsonFormats.includes(format.split(';')[0].trim().toLowerCase())) {
    return outcomeResponse(406, { code: 'not-supported', diagnostics: `_format=${format} is not supported: this server speaks JSON only (_format=json).` });
  }
  const accept = request.headers.get('accept');
  if (accept && !/json|\*\/\*|application\/\*/i.test(accept)) {
    return outcomeResponse(406, { code: 'not-supported', diagnostics: `Accept: ${accept} cannot be served: this server answers application/fhir+json only.` });
  }
  return undefined;
}
