/**
 * SMART clinical scopes as the FHIR server enforces them.
 *
 * v1 (SMART 1.0): `patient/Observation.read`, `user/*.*`, `system/*.write`.
 * v2 (SMART 2.x): `patient/Observation.rs`, `user/Patient.r`, with an optional
 * search-parameter restriction: `patient/Observation.rs?category=laboratory`.
 * https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */

export type ScopeContext = 'patient' | 'user' | 'system';
/** v2 permissions: create, read, update, delete, search. */
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';
export type Interaction = 'read' | 'search';

export interface ResourceScope {
  raw: string;
  context: ScopeContext;
  /** A resource type, or `*` for all. */
  resourceType: string;
  permissions: ReadonlySet<Permission>;
  version: 'v1' | 'v2';
  /** v2 only: the search parameters a matching resource must satisfy. */
  query?: URLSearchParams;
}

export interface ParsedScopes {
  resource: ResourceScope[];
  /** openid, fhirUser, launch, offline_access, ... */
  other: string[];
  /** Strings shaped like a clinical scope that break its grammar (e.g. `patient/Observation.sr`). */
  invalid: string[];
}

const CLINICAL = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.([^?]+)(?:\?(.+))?$/;
const V1: Record<string, Permission[]> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};
// v2 permissions appear at most once each, in this order.
const V2 = /^c?r?u?d?s?$/;

export function parseResourceScope(raw: string): ResourceScope | 'invalid' | undefined {
  const m = CLINICAL.exec(raw);
  if (!m) return /^(patient|user|system)\//.test(raw) ? 'invalid' : undefined;
  const [, context, resourceType, perms, query] = m;
  const v1 = V1[perms];
  if (v1) {
    // SMART v1 has no query restrictions.
    if (query !== undefined) return 'invalid';
    return { raw, context: context as ScopeContext, resourceType, permissions: new Set(v1), version: 'v1' };
  }
  if (!V2.test(perms) || perms === '') return 'invalid';
  return {
    raw,
    context: context as ScopeContext,
    resourceType,
    permissions: new Set(perms.split('') as Permission[]),
    version: 'v2',
    ...(query !== undefined ? { query: new URLSearchParams(query) } : {}),
  };
}

export function parseScopes(scope: string): ParsedScopes {
  const out: ParsedScopes = { resource: [], other: [], invalid: [] };
  for (const raw of scope.split(' ').filter(Boolean)) {
    const parsed = parseResourceScope(raw);
    if (parsed === undefined) out.other.push(raw);
    else if (parsed === 'invalid') out.invalid.push(raw);
    else out.resource.push(parsed);
  }
  return out;
}

const NEEDED: Record<Interaction, Permission> = { read: 'r', search: 's' };

/** Does this scope permit the interaction on the resource type (ignoring its query restriction)? */
export function scopeCovers(scope: ResourceScope, resourceType: string, interaction: Interaction): boolean {
  return (scope.resourceType === '*' || scope.resourceType === resourceType) && scope.permissions.has(NEEDED[interaction]);
}

export function coveringScopes(scopes: ParsedScopes, resourceType: string, interaction: Interaction): ResourceScope[] {
  return scopes.resource.filter((s) => scopeCovers(s, resourceType, interaction));
}

/** The scope a client should ask for, in v2 and v1 spelling: `patient/Observation.rs` / `patient/Observation.read`. */
export function neededScopes(context: ScopeContext, resourceType: string): { v2: string; v1: string } {
  return { v2: `${context}/${resourceType}.rs`, v1: `${context}/${resourceType}.read` };
}

/** Which version the client speaks, judged by its granted scopes (v2 when in doubt, the current spec). */
export function scopeVersion(scopes: ParsedScopes): 'v1' | 'v2' {
  return scopes.resource.length > 0 && scopes.resource.every((s) => s.version === 'v1') ? 'v1' : 'v2';
}
