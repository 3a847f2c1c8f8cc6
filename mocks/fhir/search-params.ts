import type { FhirResource } from '../data/people';

/**
 * The search parameters this server supports, per resource type, and how a
 * parameter value is matched (string, token, reference, date).
 * https://hl7.org/fhir/R4/search.html
 *
 * The same matcher answers searches and checks SMART v2 scope restrictions
 * (`patient/Observation.rs?category=laboratory`), because a scope's query is
 * a search.
 */

interface Token {
  system?: string;
  code: string;
}

/** A half-open interval [start, end) in epoch ms: the precision of a FHIR date is a range. */
interface DateRange {
  start: number;
  end: number;
}

type Values<T> = (r: FhirResource) => T[];

interface Common {
  name: string;
  documentation: string;
}

export type SearchParamDef =
  | (Common & { type: 'string'; values: Values<string> })
  | (Common & { type: 'token'; values: Values<Token> })
  | (Common & { type: 'reference'; target: string[]; values: Values<string> })
  | (Common & { type: 'date'; values: Values<DateRange> });

// Loose readers over the JSON resources.
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

function codings(concepts: unknown): Token[] {
  return list(concepts).flatMap((cc) =>
    list(obj(cc).coding)
      .map(obj)
      .filter((c) => typeof c.code === 'string')
      .map((c) => ({ system: typeof c.system === 'string' ? c.system : undefined, code: c.code as string })),
  );
}

const code = (system: string | undefined, v: unknown): Token[] => strings(v).map((c) => ({ system, code: c }));
const references = (v: unknown): string[] => list(v).flatMap((x) => strings(obj(x).reference));

function identifiers(r: FhirResource): Token[] {
  return list(r.identifier)
    .map(obj)
    .filter((i) => typeof i.value === 'string')
    .map((i) => ({ system: typeof i.system === 'string' ? i.system : undefined, code: i.value as string }));
}

const names = (r: FhirResource) => list(r.name).map(obj);
const family = (r: FhirResource) => names(r).flatMap((n) => strings(n.family));
const given = (r: FhirResource) => names(r).flatMap((n) => strings(n.given));
// Family first: sorting by `name` sorts by family name, as a patient list does.
const anyName = (r: FhirResource) => [...family(r), ...given(r), ...names(r).flatMap((n) => strings(n.text))];

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** The range a FHIR date, dateTime or instant stands for; undefined when it is not one. */
function dateRange(value: string): DateRange | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const year = Number(y);
  const month = mo ? Number(mo) : 1;
  const day = d ? Number(d) : 1;
  if (month < 1 || month > 12 || day < 1) return undefined;
  const start = Date.UTC(year, month - 1, day);
  if (new Date(start).getUTCDate() !== day) return undefined; // 2026-02-30
  if (h === undefined) {
    const end = d ? Date.UTC(year, month - 1, day + 1) : mo ? Date.UTC(year, month, 1) : Date.UTC(year + 1, 0, 1);
    return { start, end };
  }
  // A dateTime without a zone is read as UTC (the server's zone).
  const instant = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${tz ?? 'Z'}`);
  if (Number.isNaN(instant)) return undefined;
  return { start: instant, end: instant + (frac ? 1 : s ? 1000 : 60_000) };
}

function dates(v: unknown): DateRange[] {
  return strings(v).flatMap((x) => dateRange(x) ?? []);
}

function period(v: unknown): DateRange[] {
  return list(v).map((p) => {
    const { start, end } = obj(p);
    const s = typeof start === 'string' ? dateRange(start) : undefined;
    const e = typeof end === 'string' ? dateRange(end) : undefined;
    // An open end means "still going".
    return { start: s?.start ?? -Infinity, end: e?.end ?? Infinity };
  });
}

const str = (name: string, documentation: string, values: Values<string>): SearchParamDef => ({ name, type: 'string', documentation, values });
const tok = (name: string, documentation: string, values: Values<Token>): SearchParamDef => ({ name, type: 'token', documentation, values });
const dat = (name: string, documentation: string, values: Values<DateRange>): SearchParamDef => ({ name, type: 'date', documentation, values });
const ref = (name: string, target: string[], documentation: string, values: Values<string>): SearchParamDef => ({
  name,
  type: 'reference',
  target,
  documentation,
  values,
});

const COMMON: SearchParamDef[] = [
  tok('_id', 'Logical id of the resource', (r) => [{ code: r.id }]),
  dat('_lastUpdated', 'When the resource last changed (meta.lastUpdated)', (r) => dates(obj(r.meta).lastUpdated)),
];

const patientOfSubject = (field: 'subject' | 'patient') =>
  ref('patient', ['Patient'], `The patient (${field}) the record is about`, (r) => references(r[field]).filter((x) => x.startsWith('Patient/')));
const subject = ref('subject', ['Patient', 'Group'], 'Who the record is about', (r) => references(r.subject));
const encounter = ref('encounter', ['Encounter'], 'The encounter the record was made in', (r) => references(r.encounter));
const status = tok('status', 'Status', (r) => code(undefined, r.status));
const clinicalStatus = tok('clinical-status', 'active | resolved | ...', (r) => codings(r.clinicalStatus));

const SEARCH_PARAMS: Record<string, SearchParamDef[]> = {
  Patient: [
    str('name', 'Any part of the name (family, given or text); case- and accent-insensitive, contains', anyName),
    str('family', 'Family name', family),
    str('given', 'Given name', given),
    dat('birthdate', 'Date of birth (prefixes eq, ne, gt, lt, ge, le, sa, eb)', (r) => dates(r.birthDate)),
    tok('gender', 'male | female | other | unknown', (r) => code('http://hl7.org/fhir/administrative-gender', r.gender)),
    tok('identifier', 'An identifier, as system|value (e.g. the BSN)', identifiers),
  ],
  Practitioner: [
    str('name', 'Any part of the name', anyName),
    str('family', 'Family name', family),
    str('given', 'Given name', given),
    tok('identifier', 'An identifier, as system|value (e.g. the AGB code)', identifiers),
  ],
  Encounter: [
    patientOfSubject('subject'),
    subject,
    dat('date', 'A date within the period of the encounter', (r) => period(r.period)),
    status,
    tok('class', 'Classification (AMB, IMP, EMER, VR, HH)', (r) =>
      list(r.class)
        .map(obj)
        .flatMap((c) => code(c.system as string, c.code)),
    ),
    tok('type', 'Specific type of encounter', (r) => codings(r.type)),
    tok('reason-code', 'Coded reason for the encounter', (r) => codings(r.reasonCode)),
    ref('practitioner', ['Practitioner'], 'A practitioner taking part', (r) => list(r.participant).flatMap((p) => references(obj(p).individual))),
  ],
  Observation: [
    patientOfSubject('subject'),
    subject,
    encounter,
    tok('category', 'vital-signs | laboratory | ...', (r) => codings(r.category)),
    tok('code', 'The observation code (LOINC)', (r) => codings(r.code)),
    dat('date', 'When it was observed (effective[x])', (r) => [...dates(r.effectiveDateTime), ...period(r.effectivePeriod)]),
    status,
    ref('performer', ['Practitioner', 'Patient'], 'Who performed the observation', (r) => references(r.performer)),
  ],
  Condition: [
    patientOfSubject('subject'),
    subject,
    encounter,
    tok('category', 'problem-list-item | encounter-diagnosis', (r) => codings(r.category)),
    tok('code', 'The condition (SNOMED CT)', (r) => codings(r.code)),
    clinicalStatus,
    dat('onset-date', 'When the condition began', (r) => dates(r.onsetDateTime)),
    dat('recorded-date', 'When it was first recorded', (r) => dates(r.recordedDate)),
  ],
  MedicationRequest: [
    patientOfSubject('subject'),
    subject,
    encounter,
    status,
    tok('intent', 'proposal | plan | order | ...', (r) => code(undefined, r.intent)),
    tok('code', 'The medication (ATC)', (r) => codings(r.medicationCodeableConcept)),
    dat('authoredon', 'When the prescription was written', (r) => dates(r.authoredOn)),
    ref('requester', ['Practitioner'], 'Who prescribed', (r) => references(r.requester)),
  ],
  AllergyIntolerance: [
    patientOfSubject('patient'),
    clinicalStatus,
    tok('category', 'food | medication | environment | biologic', (r) => code(undefined, r.category)),
    tok('code', 'The substance (SNOMED CT)', (r) => codings(r.code)),
    tok('criticality', 'low | high | unable-to-assess', (r) => code(undefined, r.criticality)),
    tok('type', 'allergy | intolerance', (r) => code(undefined, r.type)),
    dat('date', 'When it was recorded', (r) => dates(r.recordedDate)),
  ],
  Group: [
    ref('member', ['Patient'], 'A member of the group', (r) => list(r.member).flatMap((m) => references(obj(m).entity))),
    tok('type', 'person | animal | practitioner | ...', (r) => code(undefined, r.type)),
  ],
};

export function searchParamsFor(type: string): SearchParamDef[] {
  return [...COMMON, ...(SEARCH_PARAMS[type] ?? [])];
}

export function findSearchParam(type: string, name: string): SearchParamDef | undefined {
  return searchParamsFor(type).find((p) => p.name === name);
}

/** Case- and accent-insensitive form, so "chloe" finds "Chloé". */
function normalize(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Comma means OR; `\,` is a literal comma. */
function splitValues(value: string): string[] {
  return value
    .split(/(?<!\\),/)
    .map((v) => v.replace(/\\,/g, ','))
    .filter((v) => v !== '');
}

function tokenMatch(tokens: Token[], value: string): boolean {
  const bar = value.indexOf('|');
  if (bar < 0) return tokens.some((t) => t.code === value);
  const system = value.slice(0, bar);
  const c = value.slice(bar + 1);
  if (system === '') return tokens.some((t) => !t.system && t.code === c);
  if (c === '') return tokens.some((t) => t.system === system);
  return tokens.some((t) => t.system === system && t.code === c);
}

/** `Patient/p-anna`, `p-anna` or an absolute URL ending in `Patient/p-anna`. */
function referenceMatch(refs: string[], value: string, target: string[]): boolean {
  const parts = value.replace(/\/_history\/.*$/, '').split('/');
  if (parts.length >= 2) {
    const wanted = parts.slice(-2).join('/');
    return refs.includes(wanted);
  }
  return refs.some((r) => target.some((t) => r === `${t}/${value}`));
}

const DATE_PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb'] as const;
type DatePrefix = (typeof DATE_PREFIXES)[number];

function dateMatch(prefix: DatePrefix, v: DateRange, r: DateRange): boolean {
  const within = r.start >= v.start && r.end <= v.end;
  switch (prefix) {
    case 'eq':
      return within;
    case 'ne':
      return !within;
    case 'gt':
      return r.end > v.end;
    case 'lt':
      return r.start < v.start;
    case 'ge':
      return r.end > v.end || within;
    case 'le':
      return r.start < v.start || within;
    case 'sa':
      return r.start >= v.end;
    case 'eb':
      return r.end <= v.start;
  }
}

export interface ParsedSearchParam {
  /** As written, modifier included: `name:exact`. */
  key: string;
  value: string;
  def: SearchParamDef;
  test: (r: FhirResource) => boolean;
}

export type ParseResult = { ok: true; param: ParsedSearchParam } | { ok: false; error: string } | undefined;

/**
 * Parse one search parameter for a type. Undefined when the type has no such
 * parameter; an error (the server answers 400) for an unsupported modifier or
 * a malformed value, as the FHIR search spec requires.
 */
export function parseSearchParam(type: string, key: string, value: string): ParseResult {
  const [name, modifier] = key.split(':', 2);
  const def = findSearchParam(type, name);
  if (!def) return undefined;
  const values = splitValues(value);
  const bad = (why: string) => ({ ok: false as const, error: `Search parameter ${key}=${value}: ${why}` });
  const done = (test: (r: FhirResource) => boolean) => ({ ok: true as const, param: { key, value, def, test } });

  switch (def.type) {
    case 'string': {
      if (modifier !== undefined && modifier !== 'exact' && modifier !== 'contains') {
        return bad(`the modifier :${modifier} is not supported for a string parameter (use :exact or :contains).`);
      }
      const wanted = values.map((v) => (modifier === 'exact' ? v : normalize(v)));
      return done((r) => {
        const have = def.values(r);
        return wanted.some((w) => have.some((h) => (modifier === 'exact' ? h === w : normalize(h).includes(w))));
      });
    }
    case 'token': {
      if (modifier !== undefined && modifier !== 'not') return bad(`the modifier :${modifier} is not supported for a token parameter (only :not).`);
      return done((r) => {
        const any = values.some((v) => tokenMatch(def.values(r), v));
        return modifier === 'not' ? !any : any;
      });
    }
    case 'reference': {
      if (modifier !== undefined && !def.target.includes(modifier)) {
        return bad(`the modifier :${modifier} is not supported (a type modifier must be one of ${def.target.join(', ')}).`);
      }
      const wanted = values.map((v) => (modifier && !v.includes('/') ? `${modifier}/${v}` : v));
      return done((r) => wanted.some((v) => referenceMatch(def.values(r), v, def.target)));
    }
    case 'date': {
      if (modifier !== undefined) return bad(`a date parameter takes no modifier.`);
      const tests: Array<{ prefix: DatePrefix; range: DateRange }> = [];
      for (const v of values) {
        const m = /^([a-z]{2})?(.*)$/.exec(v) as RegExpExecArray;
        const prefix = (m[1] ?? 'eq') as DatePrefix;
        if (!DATE_PREFIXES.includes(prefix)) return bad(`the prefix "${m[1]}" is not supported (use eq, ne, gt, lt, ge, le, sa or eb).`);
        // An unencoded "+01:00" arrives as " 01:00" (a + in a query string means a space): read it as meant.
        const written = m[2].replace(/ (\d{2}:\d{2})$/, '+$1');
        const range = dateRange(written);
        if (!range) return bad(`"${m[2]}" is not a FHIR date or dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss+zz:zz).`);
        tests.push({ prefix, range });
      }
      return done((r) => tests.some((t) => def.values(r).some((have) => dateMatch(t.prefix, t.range, have))));
    }
  }
}

/** The value a resource sorts by for a parameter (first value; dates by their start). */
export function sortKey(def: SearchParamDef, r: FhirResource): string | number | undefined {
  switch (def.type) {
    case 'string': {
      const v = def.values(r)[0];
      return v === undefined ? undefined : normalize(v);
    }
    case 'token':
      return def.values(r)[0]?.code;
    case 'reference':
      return def.values(r)[0];
    case 'date':
      return def.values(r)[0]?.start;
  }
}
