/**
 * SMART scope grammar (App Launch 2.2, "Scopes and Launch Context"):
 * v1 clinical scopes `patient/Observation.read`, `user/*.write`, `*.*` on the
 * resource part; v2 `patient/Observation.rs` with an optional `?query`; plus the
 * launch-context, identity and refresh scopes.
 */
export type ScopeContext = 'patient' | 'user' | 'system';
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

export type ParsedScope =
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

const V1 = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]*)\.(read|write|\*)$/;
const V2 = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]*)\.(c?r?u?d?s?)(\?.+)?$/;
const V1_PERMISSIONS: Record<string, Permission[]> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};

export function parseScope(raw: string): ScopeParse {
  switch (raw) {
    case 'launch':
    case 'launch/patient':
    case 'launch/encounter':
      return { ok: true, scope: { kind: 'launch', raw } };
    case 'openid':
    case 'fhirUser':
    case 'profile':
      return { ok: true, scope: { kind: 'identity', raw } };
    case 'offline_access':
    case 'online_access':
      return { ok: true, scope: { kind: 'access', raw } };
  }
  const v1 = V1.exec(raw);
  if (v1) {
    return {
      ok: true,
      scope: {
        kind: 'resource',
        raw,
        context: v1[1] as ScopeContext,
        resource: v1[2],
        version: 'v1',
        permissions: V1_PERMISSIONS[v1[3]],
      },
    };
  }
  const v2 = V2.exec(raw);
  if (v2 && v2[3] !== '') {
    return {
      ok: true,
      scope: {
        kind: 'resource',
        raw,
        context: v2[1] as ScopeContext,
        resource: v2[2],
        version: 'v2',
        permissions: v2[3].split('') as Permission[],
        query: v2[4]?.slice(1),
      },
    };
  }
  if (/^(patient|user|system)\/[^.]+\.[a-z]+$/.test(raw)) {
    return {
      ok: false,
      reason: `"${raw}" is not a valid SMART scope: v1 permissions are read, write or *, v2 permissions are letters from "cruds" in that order`,
    };
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
      const whose =
        s.context === 'patient' ? `${subject} ${what}` : s.context === 'user' ? `${what} you have access to` : `${what} (system)`;
      const query = s.query ? ` where ${s.query}` : '';
      return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)} ${whose}${query}`;
    }
  }
}
