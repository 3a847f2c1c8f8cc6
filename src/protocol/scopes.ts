/**
 * SMART App Launch 2.2 §Scopes and launch context: the scope grammar, in both
 * versions, shared by the app and the mock servers (which enforce it).
 *   v1: <patient|user|system>/<ResourceType|*>.<read|write|*>
 *   v2: <patient|user|system>/<ResourceType|*>.<c?r?u?d?s?>[?param=value&...]
 * plus launch, launch/patient, launch/encounter, openid, fhirUser, profile,
 * offline_access and online_access. Anything else is "unknown" to SMART (a
 * server may define its own, as MedMij does with gegevensdienst ids).
 * https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html
 */

export type ScopeContext = 'patient' | 'user' | 'system';
/** v2 permissions: create, read, update, delete, search (always in this order in a scope). */
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

interface V2Permissions {
  c: boolean;
  r: boolean;
  u: boolean;
  d: boolean;
  s: boolean;
}

interface ResourceScope {
  kind: 'resource';
  raw: string;
  context: ScopeContext;
  /** A FHIR resource type, or '*' for all. */
  resourceType: string;
  version: 'v1' | 'v2';
  /** What the scope allows, as v2 letters in c, r, u, d, s order (v1 read → r s, write → c u d, * → all). */
  permissions: Permission[];
  v1Access?: 'read' | 'write' | '*';
  v2Permissions?: V2Permissions;
  /** v2 only: the part after '?', such as "category=laboratory". */
  query?: string;
}

export type SmartScope =
  | ResourceScope
  /** `launch` (EHR launch, no context) or `launch/<context>`. */
  | { kind: 'launch'; raw: string; context?: string }
  | { kind: 'openid' | 'fhirUser' | 'profile' | 'offline_access' | 'online_access'; raw: string }
  | { kind: 'unknown'; raw: string }
  | { kind: 'malformed'; raw: string; problem: string };

export interface ScopeProblem {
  scope: string;
  severity: 'error' | 'warning';
  code: 'malformed' | 'order' | 'unknown' | 'duplicate' | 'invalid_character' | 'whitespace' | 'conflict';
  message: string;
  hint: string;
}

const NAMED = new Set(['openid', 'fhirUser', 'profile', 'offline_access', 'online_access']);
const V1_ACCESS = new Set(['read', 'write', '*']);
const PERMISSION_ORDER = 'cruds';
const RESOURCE = /^([A-Za-z]+)\/([^.?]*)\.([^?]*)(?:\?(.*))?$/;
/** A resource scope without its context (Patient.rs, *.read): SMART has no such scope. */
const CONTEXTLESS = /^(\*|[A-Z][A-Za-z]*)\.(read|write|\*|[cruds]+)(\?.*)?$/;
/** A FHIR resource type name: a capital, then letters (Observation, MedicationRequest). */
const RESOURCE_TYPE = /^[A-Z][A-Za-z]*$/;

/** Splits a scope string on spaces (RFC 6749 §3.3) and parses each token. */
export function parseScopes(scope: string): SmartScope[] {
  return splitScope(scope).map(parseScope);
}

export function splitScope(scope: string | readonly string[]): string[] {
  return typeof scope === 'string' ? scope.split(/\s+/).filter(Boolean) : [...scope];
}

export function parseScope(token: string): SmartScope {
  return checkScope(token).scope;
}

/**
 * Whether a server should accept the scope as SMART defines it: well formed,
 * v2 permissions in order, and a launch context SMART defines.
 */
export function isValidScope(token: string): boolean {
  const { scope, problems } = checkScope(token);
  if (scope.kind === 'unknown' || scope.kind === 'malformed') return false;
  if (scope.kind === 'launch' && scope.context !== undefined && scope.context !== 'patient' && scope.context !== 'encounter') return false;
  return !problems.some((p) => p.severity === 'error');
}

/** One scope token: what it is, and what is wrong with it (an error makes it invalid; a warning does not). */
export function checkScope(raw: string): { scope: SmartScope; problems: Omit<ScopeProblem, 'scope'>[] } {
  const malformed = (problem: string, hint: string) => ({
    scope: { kind: 'malformed', raw, problem } as SmartScope,
    problems: [{ severity: 'error' as const, code: 'malformed' as const, message: `"${raw}" is malformed: ${problem}.`, hint }],
  });

  if (NAMED.has(raw)) return { scope: { kind: raw as 'openid', raw }, problems: [] };
  if (raw === 'launch') return { scope: { kind: 'launch', raw }, problems: [] };
  if (raw.startsWith('launch/')) {
    const context = raw.slice('launch/'.length);
    const known = context === 'patient' || context === 'encounter';
    return {
      scope: { kind: 'launch', raw, context },
      problems: known
        ? []
        : [
            {
              severity: 'warning',
              code: 'unknown',
              message: `"${raw}" asks for a launch context SMART 2.2 does not define.`,
              hint: 'SMART defines launch/patient and launch/encounter; other contexts work only if this server documents them.',
            },
          ],
    };
  }

  const m = RESOURCE.exec(raw);
  if (!m && CONTEXTLESS.test(raw)) {
    return malformed(
      'the context is missing: a resource scope starts with patient/, user/ or system/',
      `Say whose data: patient/${raw} (the patient in context), user/${raw} (what the user may see) or system/${raw} (a backend client).`,
    );
  }
  if (!m) {
    if (/^(patient|user|system)\//i.test(raw)) {
      return malformed(
        'a resource scope is <context>/<ResourceType>.<permissions>',
        'Write it like patient/Observation.rs (SMART v2) or patient/Observation.read (SMART v1).',
      );
    }
    return {
      scope: { kind: 'unknown', raw },
      problems: [
        {
          severity: 'warning',
          code: 'unknown',
          message: `"${raw}" is not a SMART scope.`,
          hint: 'The server may define it (MedMij uses gegevensdienst ids such as "48"); otherwise remove it or check its spelling — scopes are case-sensitive (fhirUser, offline_access).',
        },
      ],
    };
  }

  const [, context, resourceType, access, query] = m as unknown as [string, string, string, string, string | undefined];
  if (context !== 'patient' && context !== 'user' && context !== 'system') {
    return malformed(
      `the context "${context}" is not patient, user or system`,
      `Write it in lower case: ${context.toLowerCase() === 'patient' || context.toLowerCase() === 'user' || context.toLowerCase() === 'system' ? `${context.toLowerCase()}/${resourceType}.${access}` : `patient/${resourceType}.${access}`}.`,
    );
  }
  if (resourceType !== '*' && !RESOURCE_TYPE.test(resourceType)) {
    return malformed(
      resourceType === '' ? 'the resource type is missing' : `"${resourceType}" is not a FHIR resource type (they start with a capital: Observation, Patient)`,
      'Name a FHIR resource type exactly as FHIR spells it, or * for all types.',
    );
  }

  if (V1_ACCESS.has(access)) {
    if (query !== undefined) {
      return malformed(
        'a query (?…) is allowed only on SMART v2 scopes',
        `Use the v2 form: ${context}/${resourceType}.${v1ToV2Letters(access as 'read')}?${query}`,
      );
    }
    return {
      scope: {
        kind: 'resource',
        raw,
        context,
        resourceType,
        version: 'v1',
        permissions: [...v1ToV2Letters(access as 'read')] as Permission[],
        v1Access: access as 'read' | 'write' | '*',
      },
      problems: [],
    };
  }

  if (access === '') {
    return malformed('the permissions after the dot are missing', `Add them, for example ${context}/${resourceType}.rs`);
  }
  const invalid = [...new Set(access.replace(/[cruds]/g, ''))];
  const valid = access.replace(/[^cruds]/g, '');
  if (invalid.length > 0) {
    return malformed(
      `${invalid.map((c) => `"${c}"`).join(', ')} ${invalid.length === 1 ? 'is not a permission' : 'are not permissions'}: v2 permissions are c, r, u, d, s (v1 access is read, write or *)`,
      `Use only the letters c (create), r (read), u (update), d (delete), s (search), in that order${valid ? `, for example ${context}/${resourceType}.${sortPermissions(valid)}` : ''}.`,
    );
  }
  if (new Set(access).size !== access.length) {
    return malformed(
      `a permission letter appears twice in ".${access}"`,
      `Write each letter once: ${context}/${resourceType}.${sortPermissions(access)}${query !== undefined ? `?${query}` : ''}`,
    );
  }
  if (query !== undefined && !/^[^=&]+=[^&]*(&[^=&]+=[^&]*)*$/.test(query)) {
    return malformed(`the query "${query}" is not name=value pairs joined by &`, 'Write the query as FHIR search parameters, for example ?category=laboratory');
  }

  const v2Permissions: V2Permissions = { c: false, r: false, u: false, d: false, s: false };
  for (const letter of access) v2Permissions[letter as keyof V2Permissions] = true;
  const sorted = sortPermissions(access);
  const permissions = [...sorted] as Permission[];
  const scope: ResourceScope = { kind: 'resource', raw, context, resourceType, version: 'v2', permissions, v2Permissions, query };
  const problems: Omit<ScopeProblem, 'scope'>[] =
    sorted === access
      ? []
      : [
          {
            severity: 'error',
            code: 'order',
            message: `"${raw}" lists its permissions out of order: ".${access}".`,
            hint: `SMART v2 permissions are letters from "cruds", in that order (c, r, u, d, s); write ${context}/${resourceType}.${sorted}${query !== undefined ? `?${query}` : ''}`,
          },
        ];
  return { scope, problems };
}

function sortPermissions(letters: string): string {
  return [...new Set(letters)].sort((a, b) => PERMISSION_ORDER.indexOf(a) - PERMISSION_ORDER.indexOf(b)).join('');
}

/** The SMART 2.2 mapping of v1 access to v2 permissions (read → rs, write → cud, * → cruds). */
function v1ToV2Letters(access: 'read' | 'write' | '*'): string {
  return access === 'read' ? 'rs' : access === 'write' ? 'cud' : 'cruds';
}

function permissionLetters(scope: ResourceScope): string {
  if (scope.version === 'v1') return v1ToV2Letters(scope.v1Access!);
  const p = scope.v2Permissions!;
  return [...PERMISSION_ORDER].filter((l) => p[l as keyof V2Permissions]).join('');
}

/**
 * Every problem in a scope string: malformed resource scopes, v2 permissions
 * out of order, unknown scopes, duplicates, and characters RFC 6749 §3.3 does
 * not allow. An empty list means the string is well formed.
 */
export function validateScopes(scope: string): ScopeProblem[] {
  const problems: ScopeProblem[] = [];
  if (scope.trim() === '') {
    return [
      {
        scope,
        severity: 'error',
        code: 'malformed',
        message: 'The scope is empty.',
        hint: 'Ask for at least one scope, such as "launch/patient openid fhirUser patient/*.rs".',
      },
    ];
  }
  if (/[^ \S]|\s{2,}|^\s|\s$/.test(scope)) {
    problems.push({
      scope,
      severity: 'warning',
      code: 'whitespace',
      message: 'Scopes must be separated by exactly one space, with none before or after.',
      hint: `Write: "${splitScope(scope).join(' ')}"`,
    });
  }
  const seen = new Set<string>();
  for (const token of splitScope(scope)) {
    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    const badChar = [...token].find((c) => !/[\x21\x23-\x5B\x5D-\x7E]/.test(c));
    if (badChar !== undefined) {
      problems.push({
        scope: token,
        severity: 'error',
        code: 'invalid_character',
        message: `"${token}" contains ${JSON.stringify(badChar)}, which a scope may not contain.`,
        hint: 'A scope token is printable ASCII without space, double quote or backslash (RFC 6749 §3.3).',
      });
      continue;
    }
    if (seen.has(token)) {
      problems.push({ scope: token, severity: 'warning', code: 'duplicate', message: `"${token}" is asked for twice.`, hint: 'Ask for each scope once.' });
      continue;
    }
    seen.add(token);
    for (const p of checkScope(token).problems) problems.push({ scope: token, ...p });
  }
  if (seen.has('offline_access') && seen.has('online_access')) {
    problems.push({
      scope: 'offline_access online_access',
      severity: 'warning',
      code: 'conflict',
      message: 'Both offline_access and online_access are asked for.',
      hint: 'Ask for one: offline_access for a refresh token that outlives the session, online_access for one that lives only while the user is logged in.',
    });
  }
  return problems;
}

/** SMART 2.2 §Scopes for requesting v1 and v2: read → rs, write → cud, * → cruds. Other scopes pass unchanged. */
export function toV2(scope: string): string {
  return splitScope(scope)
    .map((token) => {
      const parsed = parseScope(token);
      return parsed.kind === 'resource' && parsed.version === 'v1' ? `${parsed.context}/${parsed.resourceType}.${v1ToV2Letters(parsed.v1Access!)}` : token;
    })
    .join(' ');
}

interface ScopeChange {
  requested: string;
  granted: string;
  /** same-meaning: v1 and v2 spellings of one grant; narrowed/widened: fewer or more permissions on the same resources. */
  relation: 'same-meaning' | 'narrowed' | 'widened' | 'different';
}

export interface ScopeDiff {
  /** Granted exactly as requested. */
  kept: string[];
  /** Requested, not granted (nor anything on the same resources). */
  dropped: string[];
  /** Granted without having been requested. */
  added: string[];
  /** Requested and granted on the same resources, but spelt differently. */
  changed: ScopeChange[];
}

/**
 * Compares the scopes asked for with those the server granted (the token
 * response's scope). A server may grant less than asked (RFC 6749 §3.3), and
 * may answer v1 scopes in v2 spelling.
 */
export function scopeDiff(requested: string | readonly string[], granted: string | readonly string[]): ScopeDiff {
  const req = unique(splitScope(requested));
  const gr = unique(splitScope(granted));
  const diff: ScopeDiff = { kept: [], dropped: [], added: [], changed: [] };
  const usedGranted = new Set<string>();

  for (const r of req) {
    if (gr.includes(r)) {
      diff.kept.push(r);
      usedGranted.add(r);
    }
  }
  for (const r of req) {
    if (diff.kept.includes(r)) continue;
    const rs = parseScope(r);
    const match =
      rs.kind === 'resource'
        ? gr.find((g) => {
            if (usedGranted.has(g)) return false;
            const gs = parseScope(g);
            return gs.kind === 'resource' && gs.context === rs.context && gs.resourceType === rs.resourceType && gs.query === rs.query;
          })
        : undefined;
    if (match === undefined) {
      diff.dropped.push(r);
      continue;
    }
    usedGranted.add(match);
    const a = permissionLetters(rs as ResourceScope);
    const b = permissionLetters(parseScope(match) as ResourceScope);
    const relation: ScopeChange['relation'] =
      a === b ? 'same-meaning' : [...b].every((l) => a.includes(l)) ? 'narrowed' : [...a].every((l) => b.includes(l)) ? 'widened' : 'different';
    diff.changed.push({ requested: r, granted: match, relation });
  }
  diff.added = gr.filter((g) => !usedGranted.has(g));
  return diff;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

export type ScopeLanguage = 'en' | 'nl';

/** A scope in plain words: "Read and search Observations of the patient in context". */
export function describeScope(scope: SmartScope | string, lang: ScopeLanguage = 'en'): string {
  const s = typeof scope === 'string' ? parseScope(scope) : scope;
  const t = TEXT[lang];
  switch (s.kind) {
    case 'resource': {
      const letters = permissionLetters(s);
      const verbs = [...letters].map((l) => t.verbs[l as keyof V2Permissions]);
      const action = capitalise(joinWords(verbs, t.and));
      const what = s.resourceType === '*' ? t.allResources : t.resources(s.resourceType);
      const filter = s.query ? t.onlyMatching(s.query) : '';
      return `${action} ${what} ${t.context[s.context]}${filter}`;
    }
    case 'launch':
      return s.context === undefined
        ? t.launch
        : s.context === 'patient'
          ? t.launchPatient
          : s.context === 'encounter'
            ? t.launchEncounter
            : t.launchOther(s.context);
    case 'openid':
    case 'fhirUser':
    case 'profile':
    case 'offline_access':
    case 'online_access':
      return t.named[s.kind];
    case 'unknown':
      return t.unknown(s.raw);
    case 'malformed':
      return t.malformed(s.problem);
  }
}

function joinWords(words: string[], and: string): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${and} ${words.at(-1)}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function pluralEn(type: string): string {
  if (/[^aeiou]y$/.test(type)) return `${type.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(type)) return `${type}es`;
  return `${type}s`;
}

const TEXT = {
  en: {
    and: 'and',
    verbs: { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' },
    allResources: 'all resource types',
    resources: (type: string) => pluralEn(type),
    context: {
      patient: 'of the patient in context',
      user: 'the user may access',
      system: 'this client may access on its own, with no user involved',
    },
    onlyMatching: (q: string) => `, only those matching ${q}`,
    launch: 'Take part in an EHR launch: the launch parameter ties this authorization to the EHR session and its context',
    launchPatient: 'Have a patient chosen (at launch, or by a picker) and get its id in the token response',
    launchEncounter: 'Have an encounter in context and get its id in the token response',
    launchOther: (c: string) => `Ask for the launch context "${c}" (not defined by SMART; only if this server supports it)`,
    named: {
      openid: 'Sign the user in with OpenID Connect: the token response includes an id_token',
      fhirUser: "Tell the app who the user is, as a FHIR resource URL (Practitioner, Patient …) in the id_token's fhirUser claim",
      profile: "Tell the app who the user is (SMART v1's name for fhirUser, with the profile claim)",
      offline_access: 'Get a refresh token that keeps working after the user has left the app',
      online_access: 'Get a refresh token that works only while the user is still logged in',
    },
    unknown: (raw: string) => `"${raw}" is not a SMART scope; the server decides what it means`,
    malformed: (problem: string) => `Malformed scope: ${problem}`,
  },
  nl: {
    and: 'en',
    verbs: { c: 'aanmaken', r: 'lezen', u: 'wijzigen', d: 'verwijderen', s: 'zoeken in' },
    allResources: 'alle soorten resources',
    resources: (type: string) => `${type}-resources`,
    context: {
      patient: 'van de patiënt in context',
      user: 'waar de gebruiker bij mag',
      system: 'waar deze client zelf bij mag, zonder gebruiker',
    },
    onlyMatching: (q: string) => `, alleen die voldoen aan ${q}`,
    launch: 'Deelnemen aan een EHR-launch: de launch-parameter koppelt deze autorisatie aan de EHR-sessie en haar context',
    launchPatient: 'Een patiënt laten kiezen (bij de launch of met een kiezer) en zijn id in het tokenantwoord krijgen',
    launchEncounter: 'Een contact (encounter) in context krijgen, met zijn id in het tokenantwoord',
    launchOther: (c: string) => `Vraagt om de launch-context "${c}" (niet gedefinieerd door SMART; alleen als deze server hem kent)`,
    named: {
      openid: 'De gebruiker aanmelden met OpenID Connect: het tokenantwoord bevat een id_token',
      fhirUser: 'De app laten weten wie de gebruiker is, als FHIR-resource-URL (Practitioner, Patient …) in de claim fhirUser van het id_token',
      profile: 'De app laten weten wie de gebruiker is (de SMART v1-naam voor fhirUser, met de claim profile)',
      offline_access: 'Een refresh token dat blijft werken nadat de gebruiker de app verlaten heeft',
      online_access: 'Een refresh token dat alleen werkt zolang de gebruiker aangemeld is',
    },
    unknown: (raw: string) => `"${raw}" is geen SMART-scope; de server bepaalt wat hij betekent`,
    malformed: (problem: string) => `Onjuiste scope: ${problem}`,
  },
} as const;
