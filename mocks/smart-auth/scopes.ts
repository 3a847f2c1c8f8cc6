import { checkScope, type Permission, type ScopeContext } from '../../src/protocol/scopes';

/**
 * SMART scopes as the authorization server reads them. The grammar (v1 and
 * v2, qualifiers, launch, identity and refresh scopes) is the one the app
 * uses, in src/protocol/scopes.ts; this module says what the server accepts
 * and how it describes a scope on its consent screen.
 */

type ParsedScope =
  | {
      kind: 'resource';
      raw: string;
      context: ScopeContext;
      /** A resource type or '*'. */
      resource: string;
      version: 'v1' | 'v2';
      permissions: Permission[];
      query?: string;
    }
  | { kind: 'launch'; raw: 'launch' | 'launch/patient' | 'launch/encounter' }
  | { kind: 'identity'; raw: 'openid' | 'fhirUser' | 'profile' }
  | { kind: 'access'; raw: 'offline_access' | 'online_access' };

export type ScopeParse = { ok: true; scope: ParsedScope } | { ok: false; reason: string };

export function parseScope(raw: string): ScopeParse {
  const { scope, problems } = checkScope(raw);
  const error = problems.find((p) => p.severity === 'error');
  switch (scope.kind) {
    case 'launch':
      if (scope.context === undefined || scope.context === 'patient' || scope.context === 'encounter') {
        return { ok: true, scope: { kind: 'launch', raw: raw as 'launch' } };
      }
      break;
    case 'openid':
    case 'fhirUser':
    case 'profile':
      return { ok: true, scope: { kind: 'identity', raw: scope.kind } };
    case 'offline_access':
    case 'online_access':
      return { ok: true, scope: { kind: 'access', raw: scope.kind } };
    case 'resource':
      if (!error) {
        const { context, resourceType, version, permissions, query } = scope;
        return { ok: true, scope: { kind: 'resource', raw, context, resource: resourceType, version, permissions, query } };
      }
      return { ok: false, reason: `"${raw}" is not a valid SMART scope: ${error.message} ${error.hint}` };
    case 'malformed':
      return { ok: false, reason: `"${raw}" is not a valid SMART scope: ${scope.problem}` };
    case 'unknown':
      break;
  }
  return { ok: false, reason: `"${raw}" is not a scope this server knows` };
}

export function splitScope(scope: string | null | undefined): string[] {
  return (scope ?? '').split(' ').filter((s) => s.length > 0);
}

/** Does a granted scope allow everything the requested scope asks for? (used for refresh and registered scopes) */
export function scopeCovers(granted: string, requested: string): boolean {
  if (granted === requested) return true;
  const g = parseScope(granted);
  const r = parseScope(requested);
  if (!g.ok || !r.ok) return false;
  if (g.scope.kind !== 'resource' || r.scope.kind !== 'resource') return false;
  if (g.scope.context !== r.scope.context) return false;
  if (g.scope.resource !== '*' && g.scope.resource !== r.scope.resource) return false;
  // A query narrows a grant; only the same query (or none in the grant) covers it.
  if (g.scope.query !== undefined && g.scope.query !== r.scope.query) return false;
  const allowed = g.scope.permissions;
  return r.scope.permissions.every((p) => allowed.includes(p));
}

/** The requested scopes that no granted scope covers. */
export function uncoveredScopes(granted: string[], requested: string[]): string[] {
  return requested.filter((r) => !granted.some((g) => scopeCovers(g, r)));
}

const VERBS: Record<Permission, string> = { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' };

function plural(resource: string): string {
  if (resource === '*') return 'all kinds of records';
  return resource.endsWith('s') ? `${resource}es` : `${resource}s`;
}

function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * The scope in words, for the consent screen. `subject` says whose records a
 * patient/ scope reaches: "your" for a patient signing in, "the patient's" for a provider.
 */
export function describeScope(raw: string, subject: 'your' | "the patient's" = 'your'): string {
  const parsed = parseScope(raw);
  if (!parsed.ok) return raw;
  const s = parsed.scope;
  switch (s.kind) {
    case 'launch':
      if (s.raw === 'launch') return 'Use the patient and encounter the EHR had open when the app was launched';
      if (s.raw === 'launch/patient') return 'Know which patient is selected';
      return 'Know which encounter is selected';
    case 'identity':
      if (s.raw === 'openid') return 'Confirm who you are (OpenID Connect sign-in)';
      if (s.raw === 'fhirUser') return 'Read your own FHIR user record (Patient or Practitioner)';
      return 'Read your basic profile';
    case 'access':
      return s.raw === 'offline_access'
        ? 'Keep access when you are not using the app (long-lived refresh token)'
        : 'Keep access while you are signed in (refresh token for this session)';
    case 'resource': {
      const verbs = s.permissions.map((p) => VERBS[p]);
      const sentence = listWords(verbs);
      const what = plural(s.resource);
      const whose = s.context === 'patient' ? `${subject} ${what}` : s.context === 'user' ? `${what} you have access to` : `${what} (system)`;
      const query = s.query ? ` where ${s.query}` : '';
      return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)} ${whose}${query}`;
    }
  }
}
