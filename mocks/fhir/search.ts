import { resourcesByType, type FhirResource } from '../data';
import { fhirJson, operationOutcome, outcomeResponse, type Issue } from './outcome';
import { findSearchParam, parseSearchParam, searchParamsFor, sortKey, type ParsedSearchParam, type SearchParamDef } from './search-params';

/**
 * Type-level search: filter, sort, page, and answer a searchset Bundle.
 * https://hl7.org/fhir/R4/search.html and https://hl7.org/fhir/R4/http.html#paging
 */

const DEFAULT_COUNT = 50;
const MAX_COUNT = 200;

/** Result parameters this server understands (they shape the answer rather than filter it). */
const RESULT_PARAMS = new Set(['_count', '_offset', '_sort', '_summary', '_elements', '_total', '_format', '_pretty']);

export interface SearchInput {
  type: string;
  params: URLSearchParams;
  /** The FHIR base, for fullUrl and the paging links. */
  base: string;
  now: number;
  /** `Prefer: handling=strict`: reject unknown parameters instead of ignoring them. */
  strict: boolean;
  /** What the token may see; the search never returns anything else. */
  allowed: (r: FhirResource) => boolean;
  /** Informational issues to return along with the matches (e.g. a scope restriction applied). */
  notes?: Issue[];
}

interface SortKey {
  def: SearchParamDef;
  descending: boolean;
  raw: string;
}

// Keep `|`, `:`, `,` and `/` readable in the links the playground shows.
const encode = (s: string) => encodeURIComponent(s).replace(/%7C/gi, '|').replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%2F/gi, '/');

function nonNegativeInteger(name: string, value: string | null): number | undefined | string {
  if (value === null || value === '') return undefined;
  if (!/^\d+$/.test(value)) return `${name} must be a non-negative integer, not "${value}".`;
  return Number(value);
}

function compare(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  // Resources without a value go last, whichever the direction.
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

function subset(r: FhirResource, elements: string[]): FhirResource {
  const out: FhirResource = { resourceType: r.resourceType, id: r.id };
  const meta = (r.meta ?? {}) as Record<string, unknown>;
  out.meta = { ...meta, tag: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED', display: 'subsetted' }] };
  for (const e of elements) if (e in r && e !== 'meta') out[e] = r[e];
  return out;
}

export function runSearch(input: SearchInput): Response {
  const { type, params, base } = input;
  const used: ParsedSearchParam[] = [];
  const ignored: string[] = [];
  for (const [key, value] of params) {
    // FHIR: a parameter with an empty value is ignored.
    if (value === '' || RESULT_PARAMS.has(key)) continue;
    const parsed = parseSearchParam(type, key, value);
    if (parsed === undefined) {
      ignored.push(key);
      continue;
    }
    if (!parsed.ok) return outcomeResponse(400, { code: 'value', diagnostics: parsed.error, expression: [key] });
    used.push(parsed.param);
  }
  const supported = searchParamsFor(type).map((p) => p.name);
  if (ignored.length > 0 && input.strict) {
    return outcomeResponse(400, {
      code: 'not-supported',
      diagnostics: `Unknown search parameter(s) for ${type}: ${ignored.join(', ')} (rejected because of Prefer: handling=strict). Supported: ${supported.join(', ')}.`,
    });
  }

  const count = nonNegativeInteger('_count', params.get('_count'));
  const offset = nonNegativeInteger('_offset', params.get('_offset'));
  for (const v of [count, offset]) if (typeof v === 'string') return outcomeResponse(400, { code: 'value', diagnostics: v });
  const notes: Issue[] = [...(input.notes ?? [])];
  let pageSize = (count as number | undefined) ?? DEFAULT_COUNT;
  if (pageSize > MAX_COUNT) {
    notes.push({ severity: 'information', code: 'informational', diagnostics: `_count=${pageSize} was reduced to the maximum page size of ${MAX_COUNT}.` });
    pageSize = MAX_COUNT;
  }
  const start = (offset as number | undefined) ?? 0;

  const sort: SortKey[] = [];
  for (const raw of (params.get('_sort') ?? '').split(',').filter(Boolean)) {
    const descending = raw.startsWith('-');
    const def = findSearchParam(type, descending ? raw.slice(1) : raw);
    if (!def) {
      return outcomeResponse(400, {
        code: 'not-supported',
        diagnostics: `Cannot sort ${type} by "${raw}". Sort by one of: ${supported.join(', ')} (prefix - for descending, e.g. _sort=-date).`,
      });
    }
    sort.push({ def, descending, raw });
  }

  const summary = params.get('_summary');
  if (summary && !['true', 'false', 'text', 'data', 'count'].includes(summary)) {
    return outcomeResponse(400, { code: 'value', diagnostics: `_summary must be true, false, text, data or count, not "${summary}".` });
  }
  if (summary && summary !== 'count' && summary !== 'false') {
    notes.push({ severity: 'information', code: 'informational', diagnostics: `_summary=${summary} is not supported here: full resources are returned.` });
  }
  const elements = (params.get('_elements') ?? '').split(',').filter(Boolean);
  if (ignored.length > 0) {
    notes.push({
      severity: 'warning',
      code: 'not-supported',
      diagnostics: `Ignored unknown search parameter(s) for ${type}: ${ignored.join(', ')}. Supported: ${supported.join(', ')}. (Send Prefer: handling=strict to have them rejected.)`,
    });
  }

  const matches = (resourcesByType[type] ?? []).filter((r) => input.allowed(r) && used.every((p) => p.test(r)));
  if (sort.length > 0) {
    matches.sort((a, b) => {
      for (const k of sort) {
        const ka = sortKey(k.def, a);
        const kb = sortKey(k.def, b);
        // Missing values stay last in both directions.
        const c = ka === undefined || kb === undefined ? compare(ka, kb) : compare(ka, kb) * (k.descending ? -1 : 1);
        if (c !== 0) return c;
      }
      return compare(a.id, b.id);
    });
  }

  // The links repeat the parameters that were used, so following one gives the same search.
  const linkParams: Array<[string, string]> = used.map((p) => [p.key, p.value]);
  if (sort.length > 0) linkParams.push(['_sort', sort.map((k) => k.raw).join(',')]);
  if (elements.length > 0) linkParams.push(['_elements', elements.join(',')]);
  const link = (relation: string, at: number, extra: Array<[string, string]> = []) => {
    const all: Array<[string, string]> = [...linkParams, ...extra, ['_count', String(pageSize)]];
    if (at > 0) all.push(['_offset', String(at)]);
    return { relation, url: `${base}/${type}?${all.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}` };
  };

  const bundle: Record<string, unknown> = {
    resourceType: 'Bundle',
    id: crypto.randomUUID(),
    meta: { lastUpdated: new Date(input.now).toISOString() },
    type: 'searchset',
    total: matches.length,
  };
  if (summary === 'count') {
    bundle.link = [link('self', 0, [['_summary', 'count']])];
    return fhirJson(bundle);
  }

  const page = matches.slice(start, start + pageSize);
  const links = [link('self', start)];
  if (pageSize > 0) {
    const last = matches.length === 0 ? 0 : Math.floor((matches.length - 1) / pageSize) * pageSize;
    links.push(link('first', 0));
    if (start > 0) links.push(link('previous', Math.max(0, start - pageSize)));
    if (start + pageSize < matches.length) links.push(link('next', start + pageSize));
    links.push(link('last', last));
  }
  bundle.link = links;
  const entry: unknown[] = page.map((r) => ({
    fullUrl: `${base}/${r.resourceType}/${r.id}`,
    resource: elements.length > 0 ? subset(r, elements) : r,
    search: { mode: 'match' },
  }));
  if (notes.length > 0) {
    entry.push({ fullUrl: `urn:uuid:${crypto.randomUUID()}`, resource: operationOutcome(...notes), search: { mode: 'outcome' } });
  }
  bundle.entry = entry;
  return fhirJson(bundle);
}
