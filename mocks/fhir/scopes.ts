import { checkScope, type Permission, type ScopeContext } from '../../src/protocol/scopes';

/**
 * SMART clinical scopes as the FHIR server enforces them. The grammar
 * (v1 `patient/Observation.read`, `user/*.*`; v2 `patient/Observation.rs`
 * with an optional `?category=laboratory`) is the app's own, in
 * src/protocol/scopes.ts; this module decides what a scope lets a request do.
 * https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */
export type { ScopeContext };
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

/** A clinical scope, 'invalid' when it starts like one but breaks the grammar, undefined for any other scope. */
export function parseResourceScope(raw: string): ResourceScope | 'invalid' | undefined {
  if (!/^(patient|user|system)\//.test(raw)) return undefined;
  const { scope, problems } = checkScope(raw);
  if (scope.kind !== 'resource' || problems.some((p) => p.severity === 'error')) return 'invalid';
  const { context, resourceType, permissions, version, query } = scope;
  return {
    raw,
    context,
    resourceType,
    permissions: new Set(permissions),
    version,
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
