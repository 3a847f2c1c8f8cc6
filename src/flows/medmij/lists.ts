/**
 * The PGO's reading of MedMij's lists: the Zorgaanbiederslijst (ZAL), the
 * OAuth Client List (OCL) and the Gegevensdienstnamenlijst (GNL). The browser
 * parses them with its DOMParser; the readers use only a few DOM members, so
 * a test can hand in another parser. Every list is first judged against
 * MedMij's schema (list-schema.ts), as a real MedMij environment's lists would
 * be: a list with any violation is refused, and the error names each one
 * (element path, value, what the schema wants).
 */
import {
  describeViolation,
  GNL_SCHEMA,
  OCL_SCHEMA,
  validateList,
  ZAL_SCHEMA,
  type ListName,
  type ListSchema,
  type Violation,
  type XmlElementLike,
} from './list-schema';

export { type Violation };

interface XmlDocumentLike {
  readonly documentElement: XmlElementLike | null;
  getElementsByTagName(name: string): ArrayLike<unknown>;
}
export type ParseXml = (text: string) => XmlDocumentLike;

/** How many violations the error message spells out; `violations` holds them all. */
const SHOWN = 8;

export class ListError extends Error {
  constructor(
    readonly list: ListName,
    message: string,
    /** Every schema violation (empty when the document is not XML at all). */
    readonly violations: readonly Violation[] = [],
    readonly schemaFile?: string,
  ) {
    super(`${list}: ${message}`);
    this.name = 'ListError';
  }
}

/** The platform's parser (a browser's DOMParser). */
export const platformParseXml: ParseXml = (text) => {
  const Parser = (globalThis as { DOMParser?: typeof DOMParser }).DOMParser;
  if (!Parser) throw new Error('This environment has no DOMParser to read the MedMij lists with.');
  return new Parser().parseFromString(text, 'application/xml');
};

interface ListHeader {
  tijdstempel: string;
  volgnummer: number;
}

interface ZalGegevensdienst {
  id: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  systeemrollen: { code: string; resourceEndpoint: string }[];
}
interface ZalZorgaanbieder {
  naam: string;
  gegevensdiensten: ZalGegevensdienst[];
}
export interface Zal extends ListHeader {
  zorgaanbieders: ZalZorgaanbieder[];
}
export interface Ocl extends ListHeader {
  clients: { hostname: string; organisatienaam: string }[];
}
export interface Gnl extends ListHeader {
  diensten: { id: string; weergavenaam: string }[];
}

// ------------------------------------------------------------------ helpers

/** Parse and validate: the root of a list that satisfies its schema, or a ListError naming every violation. */
function validRoot(schema: ListSchema, text: string, parseXml: ParseXml): XmlElementLike {
  const doc = parseXml(text);
  if (doc.getElementsByTagName('parsererror').length > 0 || !doc.documentElement) {
    throw new ListError(schema.list, 'the document is not well-formed XML');
  }
  const root = doc.documentElement;
  const violations = validateList(schema, root);
  if (violations.length) {
    const lines = violations.slice(0, SHOWN).map((v) => `- ${describeViolation(v)}`);
    if (violations.length > SHOWN) lines.push(`- ... and ${violations.length - SHOWN} more`);
    const count = violations.length === 1 ? 'one schema violation' : `${violations.length} schema violations`;
    throw new ListError(schema.list, `${count} (${schema.file}, file version ${schema.fileVersion}):\n${lines.join('\n')}`, violations, schema.file);
  }
  return root;
}

/** The child elements named `name` (the list is valid, so they are there, in order). */
function all(el: XmlElementLike, name: string): XmlElementLike[] {
  const out: XmlElementLike[] = [];
  for (let i = 0; i < el.children.length; i++) if (el.children[i].localName === name) out.push(el.children[i]);
  return out;
}
const one = (el: XmlElementLike, name: string) => all(el, name)[0];
const text = (el: XmlElementLike, name: string) => one(el, name).textContent ?? '';

function header(root: XmlElementLike): ListHeader {
  // xs:dateTime and xs:positiveInteger are read with their whitespace collapsed.
  return { tijdstempel: text(root, 'Tijdstempel').trim(), volgnummer: Number(text(root, 'Volgnummer').trim()) };
}

// ------------------------------------------------------------------ readers

export function parseZal(text_: string, parseXml: ParseXml = platformParseXml): Zal {
  const root = validRoot(ZAL_SCHEMA, text_, parseXml);
  const zorgaanbieders = all(one(root, 'Zorgaanbieders'), 'Zorgaanbieder').map((za) => ({
    naam: text(za, 'Zorgaanbiedernaam'),
    gegevensdiensten: all(one(za, 'Gegevensdiensten'), 'Gegevensdienst').map((gd) => ({
      id: text(gd, 'GegevensdienstId'),
      authorizationEndpoint: text(one(gd, 'AuthorizationEndpoint'), 'AuthorizationEndpointuri'),
      tokenEndpoint: text(one(gd, 'TokenEndpoint'), 'TokenEndpointuri'),
      systeemrollen: all(one(gd, 'Systeemrollen'), 'Systeemrol').map((rol) => ({
        code: text(rol, 'Systeemrolcode'),
        resourceEndpoint: text(one(rol, 'ResourceEndpoint'), 'ResourceEndpointuri'),
      })),
    })),
  }));
  return { ...header(root), zorgaanbieders };
}

export function parseOcl(text_: string, parseXml: ParseXml = platformParseXml): Ocl {
  const root = validRoot(OCL_SCHEMA, text_, parseXml);
  const clients = all(one(root, 'OAuthclients'), 'OAuthclient').map((c) => ({
    hostname: text(c, 'Hostname'),
    organisatienaam: text(c, 'OAuthclientOrganisatienaam'),
  }));
  return { ...header(root), clients };
}

export function parseGnl(text_: string, parseXml: ParseXml = platformParseXml): Gnl {
  const root = validRoot(GNL_SCHEMA, text_, parseXml);
  const diensten = all(one(root, 'Gegevensdiensten'), 'Gegevensdienst').map((g) => ({
    id: text(g, 'GegevensdienstId'),
    weergavenaam: text(g, 'Weergavenaam'),
  }));
  return { ...header(root), diensten };
}

/** The part of a Zorgaanbiedernaam before `@medmij`: the 2.x scope prefix. */
function zorgaanbiederPrefix(naam: string): string {
  return naam.replace(/@medmij$/, '');
}

/** MedMij scope: `4` (interface 1.x) or `umcharderwijk~4` (2.x). */
export function buildScope(form: '1.x' | '2.x', zorgaanbiedernaam: string, dienstId: string): string {
  return form === '1.x' ? dienstId : `${zorgaanbiederPrefix(zorgaanbiedernaam)}~${dienstId}`;
}
