import type { MockEnv } from '../core/server';
import { findAccessToken, type AccessTokenRecord } from '../core/tokens';
import { patientOf, type FhirResource } from '../data';
import type { Scenario } from '../smart-auth/scenario';
import { bearerChallenge, outcomeResponse } from './outcome';
import { coveringScopes, neededScopes, parseScopes, scopeVersion, type Interaction, type ParsedScopes, type ScopeContext } from './scopes';
import { parseSearchParam } from './search-params';

/**
 * Who may see what: the bearer token (RFC 6750), the granted SMART scopes, and
 * the patient compartment that `patient/` scopes are limited to.
 */

export type Authentication = { ok: true; token: AccessTokenRecord } | { ok: false; response: Response };

function unauthorized(base: string, description: string, code: 'login' | 'unknown' | 'expired', diagnostics: string): Response {
  return outcomeResponse(401, { code, diagnostics }, { 'WWW-Authenticate': bearerChallenge(base, { error: 'invalid_token', error_description: description }) });
}

/** Check the bearer token: present, known, issued for this FHIR base and not expired. */
export async function authenticate(env: MockEnv, request: Request, base: string, scenario: Scenario): Promise<Authentication> {
  const header = request.headers.get('authorization');
  const bearer = header ? /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header) : null;
  if (!bearer) {
    const url = new URL(request.url);
    const why = !header
      ? url.searchParams.has('access_token')
        ? 'The access token was sent in the URL query (access_token=...). This server accepts it only in the Authorization header (RFC 6750 §2.1): query tokens leak into logs and history.'
        : 'The request has no Authorization header.'
      : /^Bearer\b/i.test(header)
        ? 'The Authorization header says Bearer but the token after it is missing or malformed.'
        : `The Authorization header uses the "${header.split(' ')[0]}" scheme; a FHIR server protected by SMART expects "Bearer".`;
    const response = unauthorized(
      base,
      'No access token',
      'login',
      `${why} Send "Authorization: Bearer <access_token>" with the access token from the token endpoint. Only GET ${base}/metadata is open without a token.`,
    );
    return { ok: false, response };
  }

  // Fault injection: the scenario makes every token fail here, whatever it is.
  if (scenario.error === 'request_invalid_token') {
    return {
      ok: false,
      response: unauthorized(
        base,
        'The access token is invalid',
        'unknown',
        'The access token is not valid (simulated: this FHIR base runs the scenario request_invalid_token). A client should treat a 401 invalid_token as "get a new token": refresh it, or authorize again.',
      ),
    };
  }
  if (scenario.error === 'request_expired_token') {
    return {
      ok: false,
      response: unauthorized(
        base,
        'The access token expired',
        'expired',
        'The access token expired (simulated: this FHIR base runs the scenario request_expired_token). Use the refresh token (grant_type=refresh_token) to get a new access token, or authorize again.',
      ),
    };
  }

  const token = await findAccessToken(env.store, bearer[1]);
  if (!token) {
    return {
      ok: false,
      response: unauthorized(
        base,
        'Unknown or revoked access token',
        'unknown',
        'This server did not issue the access token, or it was revoked (a replayed authorization code revokes the tokens it produced). Get a new one from the token endpoint.',
      ),
    };
  }
  if (token.iss !== base) {
    return {
      ok: false,
      response: unauthorized(
        base,
        'The access token was issued for another FHIR server',
        'unknown',
        `The access token was issued for ${token.iss}, not for this FHIR base (${base}). A token is only good at the server it was issued for (its aud); a scenario is a different server. Authorize against ${base}.`,
      ),
    };
  }
  if (Math.floor(env.now() / 1000) >= token.exp) {
    const ago = Math.floor(env.now() / 1000) - token.exp;
    return {
      ok: false,
      response: unauthorized(
        base,
        'The access token expired',
        'expired',
        `The access token expired ${ago} s ago (exp ${new Date(token.exp * 1000).toISOString()}). Use the refresh token (grant_type=refresh_token) to get a new one, or authorize again.`,
      ),
    };
  }
  return { ok: true, token };
}

/** How far a grant reaches: everything, one patient's compartment, or only the signed-in user's own resource. */
type Reach = { kind: 'all' } | { kind: 'patient'; patient: string } | { kind: 'self'; reference: string };

export interface Grant {
  /** The scope(s) that grant it, to name in diagnostics. */
  scope: string;
  reach: Reach;
  query?: URLSearchParams;
}

export interface Grants {
  grants: Grant[];
  scopes: ParsedScopes;
  /** A patient/ scope covers the request, but the token has no patient to limit it to. */
  patientScopeWithoutPatient: boolean;
}

/** `p-anna` when the signed-in user is `Patient/p-anna`. */
function signedInPatientOf(reference: string | undefined): string | undefined {
  return reference?.startsWith('Patient/') ? reference.slice('Patient/'.length) : undefined;
}

/** `Practitioner/pr-lotte` from a relative or absolute fhirUser URL. */
function fhirUserReference(token: AccessTokenRecord): string | undefined {
  if (!token.fhirUser) return undefined;
  const m = /(?:^|\/)((?:Patient|Practitioner|RelatedPerson|Person)\/[^/]+)$/.exec(token.fhirUser);
  return m?.[1];
}

export function grantsFor(token: AccessTokenRecord, type: string, interaction: Interaction): Grants {
  const scopes = parseScopes(token.scope);
  const grants: Grant[] = [];
  let patientScopeWithoutPatient = false;
  const self = fhirUserReference(token);
  const signedInPatient = signedInPatientOf(self);
  for (const s of coveringScopes(scopes, type, interaction)) {
    if (s.context === 'patient') {
      if (!token.patient) {
        patientScopeWithoutPatient = true;
        continue;
      }
      grants.push({ scope: s.raw, reach: { kind: 'patient', patient: token.patient }, query: s.query });
    } else if (s.context === 'user' && signedInPatient) {
      // user/: what the signed-in user may see; a patient sees their own record.
      grants.push({ scope: s.raw, reach: { kind: 'patient', patient: signedInPatient }, query: s.query });
    } else {
      // user/ for a practitioner: every patient in this mock (no care-team limits). system/: everything.
      grants.push({ scope: s.raw, reach: { kind: 'all' }, query: s.query });
    }
  }
  // `openid fhirUser` lets the app read the signed-in user's own resource (SMART App Launch, fhirUser claim).
  if (self?.startsWith(`${type}/`) && scopes.other.includes('openid') && scopes.other.includes('fhirUser')) {
    grants.push({ scope: 'openid fhirUser', reach: { kind: 'self', reference: self } });
  }
  return { grants, scopes, patientScopeWithoutPatient };
}

/** The patients a resource belongs to; 'none' for shared resources outside any patient compartment. */
function patientsIn(r: FhirResource): string[] | 'none' {
  if (r.resourceType === 'Practitioner') return 'none';
  if (r.resourceType === 'Group') {
    const members = (r.member as { entity?: { reference?: string } }[] | undefined) ?? [];
    return members.flatMap((m) => /^Patient\/(.+)$/.exec(m.entity?.reference ?? '')?.[1] ?? []);
  }
  const p = patientOf(r);
  return p ? [p] : [];
}

function reaches(reach: Reach, r: FhirResource): boolean {
  switch (reach.kind) {
    case 'all':
      return true;
    case 'self':
      return reach.reference === `${r.resourceType}/${r.id}`;
    case 'patient': {
      const ps = patientsIn(r);
      return ps === 'none' || (ps.length > 0 && ps.every((p) => p === reach.patient));
    }
  }
}

/** A v2 scope's query is a search: the resource must match every parameter in it. */
function matchesQuery(r: FhirResource, query: URLSearchParams): boolean {
  for (const [key, value] of query) {
    const parsed = parseSearchParam(r.resourceType, key, value);
    // A restriction this server cannot evaluate grants nothing.
    if (!parsed?.ok || !parsed.param.test(r)) return false;
  }
  return true;
}

export type Decision = { ok: true } | { ok: false; why: 'compartment' | 'query' };

export function decide(grants: Grant[], r: FhirResource): Decision {
  let reached = false;
  for (const g of grants) {
    if (!reaches(g.reach, r)) continue;
    reached = true;
    if (!g.query || matchesQuery(r, g.query)) return { ok: true };
  }
  return { ok: false, why: reached ? 'query' : 'compartment' };
}

/** Which context to suggest in a hint: the one the client already uses. */
function hintContext(token: AccessTokenRecord, scopes: ParsedScopes): ScopeContext {
  const contexts = new Set(scopes.resource.map((s) => s.context));
  if (token.grantType === 'client_credentials') return 'system';
  if (token.patient && contexts.has('patient')) return 'patient';
  if (contexts.has('user')) return 'user';
  return token.patient ? 'patient' : 'user';
}

/** 403 insufficient_scope (RFC 6750 §3.1) naming the scope that would have allowed the request. */
export function insufficientScope(base: string, token: AccessTokenRecord, type: string, interaction: Interaction, grants: Grants): Response {
  const context = hintContext(token, grants.scopes);
  const needed = neededScopes(context, type);
  const verb = interaction === 'read' ? 'Reading' : 'Searching';
  const lines = [`${verb} ${type} needs ${needed.v2} or ${needed.v1}.`];
  if (grants.patientScopeWithoutPatient) {
    lines.push(
      'A patient/ scope was granted, but the token has no patient in its launch context, so it reaches no data: ask for launch/patient (standalone launch) or launch (EHR launch) as well.',
    );
  } else {
    const partial = grants.scopes.resource.filter((s) => (s.resourceType === '*' || s.resourceType === type) && s.version === 'v2');
    if (partial.length > 0) {
      const letter = interaction === 'read' ? 'r' : 's';
      lines.push(`${partial.map((s) => s.raw).join(', ')} does not include "${letter}" (${interaction}).`);
    }
  }
  lines.push(`Granted scope: "${token.scope}".`);
  if (grants.scopes.invalid.length > 0) lines.push(`Not valid SMART scopes (ignored): ${grants.scopes.invalid.join(', ')}.`);
  const scope = scopeVersion(grants.scopes) === 'v1' ? needed.v1 : needed.v2;
  return outcomeResponse(
    403,
    { code: 'forbidden', diagnostics: lines.join(' ') },
    {
      'WWW-Authenticate': bearerChallenge(base, {
        error: 'insufficient_scope',
        error_description: `${verb} ${type} needs ${needed.v2} or ${needed.v1}`,
        scope,
      }),
    },
  );
}

/** 403 for a resource outside what the grants reach (another patient, or a scope's query restriction). */
export function forbiddenResource(token: AccessTokenRecord, r: FhirResource, decision: Decision & { ok: false }, grants: Grant[]): Response {
  const what = `${r.resourceType}/${r.id}`;
  if (decision.why === 'query') {
    const restricted = grants.filter((g) => g.query).map((g) => g.scope);
    return outcomeResponse(403, {
      code: 'forbidden',
      diagnostics: `${what} does not match the restriction of the granted scope (${restricted.join(', ')}): a SMART v2 scope with ?query only reaches resources that match that search.`,
    });
  }
  const self = grants.find((g) => g.reach.kind === 'self');
  if (!grants.some((g) => g.reach.kind !== 'self') && self) {
    return outcomeResponse(403, {
      code: 'forbidden',
      diagnostics: `${what} is not the signed-in user's own resource (${fhirUserReference(token)}): openid fhirUser only lets the app read its user's own ${r.resourceType}. Ask for user/${r.resourceType}.rs to read others.`,
    });
  }
  return outcomeResponse(403, { code: 'forbidden', diagnostics: compartmentMessage(token, what) });
}

export function compartmentMessage(token: AccessTokenRecord, what: string): string {
  const user = fhirUserReference(token);
  if (signedInPatientOf(user) && parseScopes(token.scope).resource.some((s) => s.context === 'user')) {
    return `${what} is outside the record of ${user}, the signed-in patient: user/ scopes reach what the signed-in user may see, and a patient sees only their own records.`;
  }
  if (!token.patient) {
    return `${what} is outside what this token reaches: it has no patient context, and openid fhirUser only reaches the signed-in user's own resource (${fhirUserReference(token) ?? 'none'}).`;
  }
  return `${what} is outside the patient compartment of Patient/${token.patient} (the token's patient). patient/ scopes only reach that patient's own records; a user/ or system/ scope reaches further.`;
}
