/**
 * The PGO's reading of MedMij's lists: the Zorgaanbiederslijst (ZAL), the
 * OAuth Client List (OCL) and the Gegevensdienstnamenlijst (GNL). The browser
 * parses them with its DOMParser; the readers use only a few DOM members, so
 * a test can hand in another parser. Every list is validated: a malformed
 * list fails with a message naming the element, e.g.
 * "Zorgaanbieder #2 has no Zorgaanbiedernaam".
 */
export const LIST_NS = {
  zal: 'xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/',
  ocl: 'xmlns://afsprakenstelsel.medmij.nl/oauthclientlist/release2/',
  gnl: 'xmlns://afsprakenstelsel.medmij.nl/gegevensdienstnamenlijst/release1/',
} as const;

/** The DOM members the readers use: a browser Document and Element have them. */
export interface XmlElementLike {
  readonly localName: string;
  readonly namespaceURI: string | null;
  readonly textContent: string | null;
  readonly children: ArrayLike<XmlElementLike>;
}
export interface XmlDocumentLike {
  readonly documentElement: XmlElementLike | null;
  getElementsByTagName(name: string): ArrayLike<unknown>;
}
export type ParseXml = (text: string) => XmlDocumentLike;

export class ListError extends Error {
  constructor(
    readonly list: 'ZAL' | 'OCL' | 'GNL',
    message: string,
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

export interface ListHeader {
  tijdstempel: string;
  volgnummer: number;
}

export interface ZalGegevensdienst {
  id: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  systeemrollen: { code: string; resourceEndpoint: string }[];
}
export interface ZalZorgaanbieder {
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

function elements(el: XmlElementLike, ns: string, name: string): XmlElementLike[] {
  const out: XmlElementLike[] = [];
  for (let i = 0; i < el.children.length; i++) {
    const c = el.children[i];
    if (c.localName === name && c.namespaceURI === ns) out.push(c);
  }
  return out;
}

class Reader {
  constructor(
    readonly list: 'ZAL' | 'OCL' | 'GNL',
    readonly ns: string,
  ) {}
  fail(message: string): never {
    throw new ListError(this.list, message);
  }
  one(el: XmlElementLike, name: string, where: string): XmlElementLike {
    const found = elements(el, this.ns, name);
    if (found.length === 0) this.fail(`${where} has no ${name}`);
    if (found.length > 1) this.fail(`${where} has more than one ${name}`);
    return found[0];
  }
  text(el: XmlElementLike, name: string, where: string): string {
    const value = (this.one(el, name, where).textContent ?? '').trim();
    if (!value) this.fail(`${where} has an empty ${name}`);
    return value;
  }
  url(el: XmlElementLike, name: string, where: string): string {
    const value = this.text(el, name, where);
    try {
      const u = new URL(value);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error();
    } catch {
      this.fail(`${where} ${name} "${value}" is not an absolute http(s) URL`);
    }
    return value;
  }
  root(doc: XmlDocumentLike, name: string): XmlElementLike {
    if (doc.getElementsByTagName('parsererror').length > 0 || !doc.documentElement) {
      this.fail('the document is not well-formed XML');
    }
    const root = doc.documentElement!;
    if (root.localName !== name) this.fail(`the root element is <${root.localName}>, expected <${name}>`);
    if (root.namespaceURI !== this.ns) {
      this.fail(`<${name}> is in namespace "${root.namespaceURI ?? '(none)'}", expected "${this.ns}"`);
    }
    return root;
  }
  header(root: XmlElementLike, where: string): ListHeader {
    const tijdstempel = this.text(root, 'Tijdstempel', where);
    if (Number.isNaN(Date.parse(tijdstempel))) this.fail(`Tijdstempel "${tijdstempel}" is not a date-time`);
    const volg = this.text(root, 'Volgnummer', where);
    if (!/^\d+$/.test(volg)) this.fail(`Volgnummer "${volg}" is not a whole number`);
    return { tijdstempel, volgnummer: Number(volg) };
  }
}

// ------------------------------------------------------------------ readers

export function parseZal(text: string, parseXml: ParseXml = platformParseXml): Zal {
  const r = new Reader('ZAL', LIST_NS.zal);
  const root = r.root(parseXml(text), 'Zorgaanbiederslijst');
  const header = r.header(root, 'Zorgaanbiederslijst');
  const list = r.one(root, 'Zorgaanbieders', 'Zorgaanbiederslijst');
  const seen = new Set<string>();
  const zorgaanbieders = elements(list, LIST_NS.zal, 'Zorgaanbieder').map((za, i) => {
    const where = `Zorgaanbieder #${i + 1}`;
    const naam = r.text(za, 'Zorgaanbiedernaam', where);
    if (!/^[a-z0-9.-]+@medmij$/.test(naam)) r.fail(`${where} Zorgaanbiedernaam "${naam}" is not of the form <name>@medmij`);
    if (seen.has(naam)) r.fail(`${where} repeats Zorgaanbiedernaam "${naam}"`);
    seen.add(naam);
    const diensten = r.one(za, 'Gegevensdiensten', `${where} (${naam})`);
    const gegevensdiensten = elements(diensten, LIST_NS.zal, 'Gegevensdienst').map((gd, j) => {
      const w = `${where} (${naam}) Gegevensdienst #${j + 1}`;
      const rollen = r.one(gd, 'Systeemrollen', w);
      const systeemrollen = elements(rollen, LIST_NS.zal, 'Systeemrol').map((rol, k) => {
        const wr = `${w} Systeemrol #${k + 1}`;
        return { code: r.text(rol, 'Systeemrolcode', wr), resourceEndpoint: r.url(r.one(rol, 'ResourceEndpoint', wr), 'ResourceEndpointuri', wr) };
      });
      if (!systeemrollen.length) r.fail(`${w} has no Systeemrol`);
      return {
        id: r.text(gd, 'GegevensdienstId', w),
        authorizationEndpoint: r.url(r.one(gd, 'AuthorizationEndpoint', w), 'AuthorizationEndpointuri', w),
        tokenEndpoint: r.url(r.one(gd, 'TokenEndpoint', w), 'TokenEndpointuri', w),
        systeemrollen,
      };
    });
    return { naam, gegevensdiensten };
  });
  return { ...header, zorgaanbieders };
}

export function parseOcl(text: string, parseXml: ParseXml = platformParseXml): Ocl {
  const r = new Reader('OCL', LIST_NS.ocl);
  const root = r.root(parseXml(text), 'OAuthclientlist');
  const header = r.header(root, 'OAuthclientlist');
  const list = r.one(root, 'OAuthclients', 'OAuthclientlist');
  const clients = elements(list, LIST_NS.ocl, 'OAuthclient').map((c, i) => ({
    hostname: r.text(c, 'Hostname', `OAuthclient #${i + 1}`),
    organisatienaam: r.text(c, 'OAuthclientOrganisatienaam', `OAuthclient #${i + 1}`),
  }));
  return { ...header, clients };
}

export function parseGnl(text: string, parseXml: ParseXml = platformParseXml): Gnl {
  const r = new Reader('GNL', LIST_NS.gnl);
  const root = r.root(parseXml(text), 'Gegevensdienstnamenlijst');
  const header = r.header(root, 'Gegevensdienstnamenlijst');
  const list = r.one(root, 'Gegevensdiensten', 'Gegevensdienstnamenlijst');
  const diensten = elements(list, LIST_NS.gnl, 'Gegevensdienst').map((g, i) => ({
    id: r.text(g, 'GegevensdienstId', `Gegevensdienst #${i + 1}`),
    weergavenaam: r.text(g, 'Weergavenaam', `Gegevensdienst #${i + 1}`),
  }));
  return { ...header, diensten };
}

/** The part of a Zorgaanbiedernaam before `@medmij`: the 2.x scope prefix. */
export function zorgaanbiederPrefix(naam: string): string {
  return naam.replace(/@medmij$/, '');
}

/** MedMij scope: `4` (interface 1.x) or `umcharderwijk~4` (2.x). */
export function buildScope(form: '1.x' | '2.x', zorgaanbiedernaam: string, dienstId: string): string {
  return form === '1.x' ? dienstId : `${zorgaanbiederPrefix(zorgaanbiedernaam)}~${dienstId}`;
}
