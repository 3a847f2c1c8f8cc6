/**
 * MedMij's list schemas (Afsprakenstelsel release 1.1: MedMij_Zorgaanbiederslijst.xsd
 * and MedMij_OAuthclientlist.xsd file version 5, MedMij_Gegevensdienstnamenlijst.xsd
 * file version 7), written out as data, and a validator that judges a parsed
 * list the way an XML Schema validator does: the root and its namespace, the
 * elements in their order and number, no stray text or attributes, each value
 * against its type's facets (pattern, length, xs:dateTime, xs:positiveInteger)
 * and the schemas' xs:unique keys. The browser runs it, so no XSD engine ships
 * with the app; tests/unit/medmij/lists-xsd.test.ts holds it against the XSDs
 * with xmllint.
 *
 * Every violation says where (an element path), what was found and what the
 * schema wants.
 */

export type ListName = 'ZAL' | 'OCL' | 'GNL';

interface SimpleType {
  readonly kind: 'simple';
  /** The XSD type name, e.g. `Frontchanneluri`. */
  readonly name: string;
  readonly base: 'string' | 'dateTime' | 'positiveInteger';
  /** The pattern facet exactly as the XSD writes it (XSD patterns match the whole value). */
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** What the type wants, in words. */
  readonly wants: string;
}

interface ComplexType {
  readonly kind: 'complex';
  readonly name: string;
  /** An xs:sequence of element declarations. */
  readonly sequence: readonly ElementDecl[];
}

export interface ElementDecl {
  readonly name: string;
  readonly type: SimpleType | ComplexType;
  readonly min: number;
  readonly max: number;
  /** xs:unique inside this element: the selector's child path; the field is always `.`. */
  readonly unique?: { readonly name: string; readonly selector: readonly string[] };
}

export interface ListSchema {
  readonly list: ListName;
  readonly file: string;
  readonly fileVersion: number;
  readonly ns: string;
  readonly root: ElementDecl;
}

const LIST_NS = {
  zal: 'xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/',
  ocl: 'xmlns://afsprakenstelsel.medmij.nl/oauthclientlist/release2/',
  gnl: 'xmlns://afsprakenstelsel.medmij.nl/gegevensdienstnamenlijst/release1/',
} as const;

// ------------------------------------------------------------------ the types the three XSDs share

const simple = (
  name: string,
  base: SimpleType['base'],
  wants: string,
  facets: Partial<Pick<SimpleType, 'pattern' | 'minLength' | 'maxLength'>> = {},
): SimpleType => ({
  kind: 'simple',
  name,
  base,
  wants,
  ...facets,
});
const complex = (name: string, sequence: ElementDecl[]): ComplexType => ({ kind: 'complex', name, sequence });
const el = (name: string, type: SimpleType | ComplexType, min = 1, max = 1, unique?: ElementDecl['unique']): ElementDecl => ({
  name,
  type,
  min,
  max,
  ...(unique ? { unique } : {}),
});
const MANY = Number.POSITIVE_INFINITY;

const DatumTijd = simple('DatumTijd', 'dateTime', 'an xs:dateTime of at least 20 characters, with its time zone (e.g. 2026-03-01T00:00:00Z)', {
  pattern: '.{20,}',
});
const Positiefnummer = simple('Positiefnummer', 'positiveInteger', 'a whole number of 1 or more (xs:positiveInteger)');
const GegevensdienstId = simple('GegevensdienstId', 'string', '1 to 30 characters', { minLength: 1, maxLength: 30 });
const LABEL = '(([a-z0-9])([a-z0-9-])*(\\.))+([a-z0-9])([a-z0-9-])*([a-z0-9])';

// ------------------------------------------------------------------ MedMij_Zorgaanbiederslijst.xsd (file version 5)

const Zorgaanbiedernaam = simple('Zorgaanbiedernaam', 'string', 'lower-case letters a-z followed by "@medmij", 10 to 57 characters', {
  minLength: 10,
  maxLength: 57,
  pattern: '([a-z])+@medmij',
});
const Systeemrolcode = simple('Systeemrolcode', 'string', '1 to 30 characters', { minLength: 1, maxLength: 30 });
const Frontchanneluri = simple('Frontchanneluri', 'string', 'an https:// URL on a dotted lower-case host name, without a port, query or fragment', {
  pattern: `https://(([a-z0-9])([a-z0-9-])*(\\.))+([a-z0-9])([a-z0-9-])*([a-z0-9])?(/[^?#/]+)*`,
});
const Backchanneluri = simple('Backchanneluri', 'string', 'an https:// URL on a dotted lower-case host name, a port allowed, without a query or fragment', {
  pattern: `https://${LABEL}(:(\\d){1,5})?(/[^?#/]+)*`,
});

const zalGegevensdienst = complex('Gegevensdienst', [
  el('GegevensdienstId', GegevensdienstId),
  el('AuthorizationEndpoint', complex('AuthorizationEndpoint', [el('AuthorizationEndpointuri', Frontchanneluri)])),
  el('TokenEndpoint', complex('TokenEndpoint', [el('TokenEndpointuri', Backchanneluri)])),
  el(
    'Systeemrollen',
    complex('Systeemrollen', [
      el(
        'Systeemrol',
        complex('Systeemrol', [
          el('Systeemrolcode', Systeemrolcode),
          el('ResourceEndpoint', complex('ResourceEndpoint', [el('ResourceEndpointuri', Backchanneluri)])),
        ]),
        1,
        MANY,
      ),
    ]),
    1,
    1,
    { name: 'Unieke_Systeemrol', selector: ['Systeemrol', 'Systeemrolcode'] },
  ),
]);

export const ZAL_SCHEMA: ListSchema = {
  list: 'ZAL',
  file: 'MedMij_Zorgaanbiederslijst.xsd',
  fileVersion: 5,
  ns: LIST_NS.zal,
  root: el(
    'Zorgaanbiederslijst',
    complex('Zorgaanbiederslijst', [
      el('Tijdstempel', DatumTijd),
      el('Volgnummer', Positiefnummer),
      el(
        'Zorgaanbieders',
        complex('Zorgaanbieders', [
          el(
            'Zorgaanbieder',
            complex('Zorgaanbieder', [
              el('Zorgaanbiedernaam', Zorgaanbiedernaam),
              el('Gegevensdiensten', complex('Gegevensdiensten', [el('Gegevensdienst', zalGegevensdienst, 1, MANY)]), 1, 1, {
                name: 'Unieke_Gegevensdienst',
                selector: ['Gegevensdienst', 'GegevensdienstId'],
              }),
            ]),
            0,
            MANY,
          ),
        ]),
        1,
        1,
        { name: 'Unieke_Zorgaanbieder', selector: ['Zorgaanbieder', 'Zorgaanbiedernaam'] },
      ),
    ]),
  ),
};

// ------------------------------------------------------------------ MedMij_OAuthclientlist.xsd (file version 5)

const Hostname = simple('Hostname', 'string', 'a dotted lower-case host name (not localhost, not an address like 127.0.0.1)', { pattern: LABEL });
const OAuthclientOrganisatienaam = simple('OAuthclientOrganisatienaam', 'string', '3 to 50 characters', { minLength: 3, maxLength: 50 });

export const OCL_SCHEMA: ListSchema = {
  list: 'OCL',
  file: 'MedMij_OAuthclientlist.xsd',
  fileVersion: 5,
  ns: LIST_NS.ocl,
  root: el(
    'OAuthclientlist',
    complex('OAuthclientlist', [
      el('Tijdstempel', DatumTijd),
      el('Volgnummer', Positiefnummer),
      el(
        'OAuthclients',
        complex('OAuthclients', [
          el('OAuthclient', complex('OAuthclient', [el('Hostname', Hostname), el('OAuthclientOrganisatienaam', OAuthclientOrganisatienaam)]), 0, MANY),
        ]),
        1,
        1,
        {
          name: 'Unieke_OAuthclient',
          selector: ['OAuthclient', 'Hostname'],
        },
      ),
    ]),
  ),
};

// ------------------------------------------------------------------ MedMij_Gegevensdienstnamenlijst.xsd (file version 7)

const Weergavenaam = simple('Weergavenaam', 'string', '3 to 50 characters', { minLength: 3, maxLength: 50 });

export const GNL_SCHEMA: ListSchema = {
  list: 'GNL',
  file: 'MedMij_Gegevensdienstnamenlijst.xsd',
  fileVersion: 7,
  ns: LIST_NS.gnl,
  root: el(
    'Gegevensdienstnamenlijst',
    complex('Gegevensdienstnamenlijst', [
      el('Tijdstempel', DatumTijd),
      el('Volgnummer', Positiefnummer),
      el(
        'Gegevensdiensten',
        complex('Gegevensdiensten', [
          el('Gegevensdienst', complex('Gegevensdienst', [el('GegevensdienstId', GegevensdienstId), el('Weergavenaam', Weergavenaam)]), 0, MANY),
        ]),
        1,
        1,
        {
          name: 'Unieke_Gegevensdienst',
          selector: ['Gegevensdienst', 'GegevensdienstId'],
        },
      ),
    ]),
  ),
};

// ------------------------------------------------------------------ XSD patterns in JavaScript

/**
 * An XSD pattern as a JavaScript RegExp: anchored (XSD patterns match the
 * whole value), `\d` any Unicode decimal digit and `.` anything but a line
 * end, as in XSD. Only what these schemas use is translated.
 */
function xsdPatternToRegExp(pattern: string): RegExp {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[++i];
      out += n === 'd' ? '\\p{Nd}' : `\\${n}`;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === ']') {
      inClass = false;
      out += c;
    } else if (c === '.' && !inClass) {
      out += '[^\\n\\r]';
    } else if (c === '/' && inClass) {
      out += '\\/';
    } else {
      out += c;
    }
  }
  return new RegExp(`^(?:${out})$`, 'u');
}

// ------------------------------------------------------------------ the DOM the validator reads

/** The DOM members the validator uses: a browser Element has them (and so does the tests' XML reader). */
export interface XmlElementLike {
  readonly localName: string;
  readonly namespaceURI: string | null;
  readonly textContent: string | null;
  readonly children: ArrayLike<XmlElementLike>;
  /** A browser's NamedNodeMap, or a name-to-value Map. */
  readonly attributes?: unknown;
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

function attributeNames(el: XmlElementLike): { name: string; ns: string | null; local: string }[] {
  const a = el.attributes;
  if (!a) return [];
  if (a instanceof Map) {
    return [...a.keys()].map((name: string) => ({ name, ns: null, local: name.slice(name.indexOf(':') + 1) }));
  }
  const list = a as ArrayLike<{ name: string; namespaceURI: string | null; localName: string }>;
  const out = [];
  for (let i = 0; i < list.length; i++) out.push({ name: list[i].name, ns: list[i].namespaceURI, local: list[i].localName });
  return out;
}

/** Namespace declarations and xsi:schemaLocation are no attributes to the schema; anything else is undeclared. */
function undeclaredAttributes(el: XmlElementLike): string[] {
  return attributeNames(el)
    .filter((a) => a.name !== 'xmlns' && !a.name.startsWith('xmlns:'))
    .filter((a) => {
      const schemaLocation = a.local === 'schemaLocation' || a.local === 'noNamespaceSchemaLocation';
      // A Map from the tests' reader has no attribute namespaces: a prefixed schemaLocation is taken as xsi's.
      return !(schemaLocation && (a.ns === XSI || (a.ns === null && a.name.includes(':'))));
    })
    .map((a) => a.name);
}

/** Text directly inside an element (not inside its children) that is not whitespace. */
function hasOwnText(el: XmlElementLike): boolean {
  const visible = (s: string | null) => (s ?? '').replace(/[ \t\r\n]/g, '').length;
  let childText = 0;
  for (let i = 0; i < el.children.length; i++) childText += visible(el.children[i].textContent);
  return visible(el.textContent) > childText;
}

// ------------------------------------------------------------------ values

export interface Violation {
  /** Where: `/Zorgaanbiederslijst/Zorgaanbieders/Zorgaanbieder[2]/Zorgaanbiedernaam`. */
  readonly path: string;
  /** What the list holds there, if a value. */
  readonly value?: string;
  /** What is wrong, in words. */
  readonly problem: string;
  /** What the schema wants there. */
  readonly wants: string;
  /** The schema's rule, e.g. `Frontchanneluri pattern https://...`. */
  readonly rule?: string;
}

export function describeViolation(v: Violation): string {
  return `${v.path}${v.value !== undefined ? ` = "${v.value}"` : ''}: ${v.problem}; the schema wants ${v.wants}${v.rule ? ` (${v.rule})` : ''}`;
}

const collapse = (s: string) => s.replace(/[ \t\r\n]+/g, ' ').trim();

const DATE_TIME =
  /^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why a value is not of its base type (xs:dateTime, xs:positiveInteger), or undefined. */
function baseProblem(type: SimpleType, value: string): string | undefined {
  if (type.base === 'dateTime') {
    const m = DATE_TIME.exec(value);
    if (!m) return 'is not an xs:dateTime (YYYY-MM-DDThh:mm:ss with an optional fraction and time zone)';
    const year = Number(m[1]) * (value.startsWith('-') ? -1 : 1);
    if (Number(m[3]) > daysInMonth(year, Number(m[2]))) return `is not an xs:dateTime: ${m[1]}-${m[2]} has no day ${m[3]}`;
    return undefined;
  }
  if (type.base === 'positiveInteger') {
    if (!/^\+?[0-9]+$/.test(value)) return 'is not a whole number';
    if (/^\+?0+$/.test(value)) return 'is 0, not a positive number';
  }
  return undefined;
}

/** A closer look at a URI or host name that fails its pattern: which part is wrong. */
function diagnose(type: SimpleType, value: string): string | undefined {
  const hostProblem = (host: string): string | undefined => {
    if (!host) return 'has no host name';
    if (/[A-Z]/.test(host)) return `host "${host}" has upper-case letters`;
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return `host "${host}" is an IP address, not a dotted host name`;
    if (host.startsWith('[')) return `host "${host}" is an IP address, not a dotted host name`;
    if (!host.includes('.')) return `host "${host}" is not a dotted host name`;
    const labels = host.split('.');
    if (labels.some((l) => !l)) return `host "${host}" has an empty label`;
    if (labels.some((l) => /[^a-z0-9-]/.test(l))) return `host "${host}" has characters other than a-z, 0-9, "-" and "."`;
    if (labels.some((l) => l.startsWith('-'))) return `host "${host}" has a label that starts with "-"`;
    const last = labels[labels.length - 1];
    if (last.endsWith('-')) return `host "${host}" ends with "-"`;
    return undefined;
  };
  if (type.name === 'Hostname') return hostProblem(value);
  if (type.name === 'DatumTijd') return `is ${[...value].length} characters long, fewer than 20 (is the time zone missing?)`;
  if (type.name !== 'Frontchanneluri' && type.name !== 'Backchanneluri') return undefined;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(value);
  if (!scheme) return 'is not an absolute https:// URL';
  if (scheme[1] !== 'https') return `uses ${scheme[1]}://, not https://`;
  const rest = value.slice('https://'.length);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  if (authority.includes('@')) return 'has user information before the host';
  const portAt = authority.startsWith('[') ? authority.indexOf(']:') + 1 : authority.lastIndexOf(':');
  const host = portAt > 0 ? authority.slice(0, portAt) : authority;
  const port = portAt > 0 ? authority.slice(portAt + 1) : undefined;
  const hp = hostProblem(host);
  if (hp) return hp;
  if (port !== undefined) {
    if (type.name === 'Frontchanneluri') return `has a port (:${port}); a front-channel URI has none`;
    if (!/^\p{Nd}{1,5}$/u.test(port)) return `port "${port}" is not 1 to 5 digits`;
  }
  if (type.name === 'Frontchanneluri' && host.split('.').pop()!.endsWith('-')) return `host "${host}" ends with "-"`;
  if (tail.includes('?')) return 'has a query (?...)';
  if (tail.includes('#')) return 'has a fragment (#...)';
  if (/\/\/|\/$/.test(tail)) return 'has an empty path segment (a trailing "/" or "//")';
  return undefined;
}

function valueProblems(type: SimpleType, raw: string): { problem: string; rule?: string }[] {
  // xs:string keeps whitespace as written; xs:dateTime and xs:positiveInteger collapse it first.
  const value = type.base === 'string' ? raw : collapse(raw);
  const base = baseProblem(type, value);
  if (base) return [{ problem: base, rule: `${type.name}: xs:${type.base}` }];
  const problems: { problem: string; rule?: string }[] = [];
  const length = [...value].length;
  if (type.minLength !== undefined && length < type.minLength)
    problems.push({ problem: `is ${length} characters long, fewer than ${type.minLength}`, rule: `${type.name} minLength ${type.minLength}` });
  if (type.maxLength !== undefined && length > type.maxLength)
    problems.push({ problem: `is ${length} characters long, more than ${type.maxLength}`, rule: `${type.name} maxLength ${type.maxLength}` });
  if (type.pattern !== undefined && !xsdPatternToRegExp(type.pattern).test(value)) {
    const why = diagnose(type, value);
    const ws = type.base === 'string' && value !== value.trim() ? 'has spaces or line breaks around it' : undefined;
    problems.push({ problem: why ?? ws ?? 'does not match the pattern', rule: `${type.name} pattern ${type.pattern}` });
  }
  return problems;
}

// ------------------------------------------------------------------ the validator

const same = (el: XmlElementLike, ns: string, name: string) => el.localName === name && el.namespaceURI === ns;
const shown = (el: XmlElementLike, ns: string) =>
  el.namespaceURI === ns ? `<${el.localName}>` : `<${el.localName}> in namespace "${el.namespaceURI ?? '(none)'}"`;
const orList = (names: string[]) => names.map((n) => `<${n}>`).join(' or ');

class Validator {
  readonly violations: Violation[] = [];
  constructor(readonly ns: string) {}

  report(path: string, problem: string, wants: string, value?: string, rule?: string) {
    this.violations.push({ path, problem, wants, ...(value === undefined ? {} : { value }), ...(rule ? { rule } : {}) });
  }

  element(el: XmlElementLike, decl: ElementDecl, path: string) {
    const attrs = undeclaredAttributes(el);
    if (attrs.length) this.report(path, `has attribute${attrs.length > 1 ? 's' : ''} ${attrs.join(', ')}`, 'no attributes on this element');
    if (decl.type.kind === 'simple') this.simple(el, decl.type, path);
    else this.sequence(el, decl.type, path);
    if (decl.unique) this.unique(el, decl.unique, path);
  }

  simple(el: XmlElementLike, type: SimpleType, path: string) {
    if (el.children.length > 0) {
      this.report(path, `holds the element <${el.children[0].localName}>`, `text only: ${type.wants}`);
      return;
    }
    const value = el.textContent ?? '';
    for (const { problem, rule } of valueProblems(type, value)) this.report(path, problem, type.wants, value, rule);
  }

  sequence(el: XmlElementLike, type: ComplexType, path: string) {
    if (hasOwnText(el)) this.report(path, 'holds text between its elements', `only the elements ${type.sequence.map((d) => `<${d.name}>`).join(', ')}`);
    const children = Array.from({ length: el.children.length }, (_, i) => el.children[i]);
    const order = type.sequence.map((d) => d.name).join(', ');
    let i = 0;
    // Optional elements that could still have come where the next child stands.
    let couldBe: string[] = [];
    for (const decl of type.sequence) {
      let count = 0;
      const total = children.filter((c) => same(c, this.ns, decl.name)).length;
      while (i < children.length && count < decl.max && same(children[i], this.ns, decl.name)) {
        count++;
        const step = decl.max > 1 ? `${decl.name}[${count}]` : decl.name;
        this.element(children[i], decl, `${path}/${step}`);
        i++;
        couldBe = [];
      }
      if (count < decl.min) {
        const expected = [...couldBe, decl.name];
        if (i < children.length) {
          const found = children[i];
          const why = total > count ? ` (the order is ${order})` : '';
          const inNs = found.namespaceURI === this.ns ? '' : `, in namespace "${this.ns}"`;
          this.report(`${path}/${found.localName}`, `${shown(found, this.ns)} is not expected here${why}`, `${orList(expected)} next${inNs}`);
        } else {
          this.report(
            path,
            `has no <${decl.name}>${count > 0 ? ` after ${count}` : ''}`,
            `${orList(expected)}${decl.min > 1 ? ` (at least ${decl.min})` : ''} (the order is ${order})`,
          );
        }
        return;
      }
      if (count < decl.max) couldBe.push(decl.name);
    }
    if (i < children.length) {
      const found = children[i];
      this.report(
        `${path}/${found.localName}`,
        `${shown(found, this.ns)} is not expected here`,
        couldBe.length
          ? `${orList(couldBe)} or the end of <${path
              .split('/')
              .pop()!
              .replace(/\[\d+\]$/, '')}>`
          : `no more elements in <${type.name}> (the order is ${order})`,
      );
    }
  }

  unique(el: XmlElementLike, u: NonNullable<ElementDecl['unique']>, path: string) {
    const [item, field] = u.selector;
    const seen = new Map<string, number>();
    let n = 0;
    for (let i = 0; i < el.children.length; i++) {
      const c = el.children[i];
      if (!same(c, this.ns, item)) continue;
      n++;
      for (let j = 0; j < c.children.length; j++) {
        if (!same(c.children[j], this.ns, field)) continue;
        const value = c.children[j].textContent ?? '';
        const first = seen.get(value);
        if (first !== undefined)
          this.report(
            `${path}/${item}[${n}]/${field}`,
            `repeats the ${field} of ${item}[${first}]`,
            `each ${field} once in <${el.localName}> (${u.name})`,
            value,
          );
        else seen.set(value, n);
      }
    }
  }
}

/** Judge a parsed list against its schema: every violation, in document order. */
export function validateList(schema: ListSchema, root: XmlElementLike): Violation[] {
  const v = new Validator(schema.ns);
  const name = schema.root.name;
  if (root.localName !== name || root.namespaceURI !== schema.ns) {
    v.report(`/${root.localName}`, `the root element is ${shown(root, schema.ns)}`, `<${name}> in namespace "${schema.ns}" (${schema.file})`);
    return v.violations;
  }
  v.element(root, schema.root, `/${name}`);
  return v.violations;
}
