import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import type { MockEnv } from '../../../mocks/core/server';
import { MemoryStore } from '../../../mocks/core/store';
import { localUrlForList } from '../../../mocks/medmij/list-hosts';
import { encodeMedMijScenario } from '../../../mocks/medmij/scenario';
import { createMedMijServer } from '../../../mocks/medmij/server';
import { parseXml, type XmlElement } from '../../../mocks/digid/saml/xml';
import { GNL_SCHEMA, OCL_SCHEMA, ZAL_SCHEMA, type ElementDecl, type ListSchema } from '../../../src/flows/medmij/list-schema';
import { ListError, parseGnl, parseOcl, parseZal, type ParseXml } from '../../../src/flows/medmij/lists';
import { TestDOMParser } from './helpers/dom';

/**
 * The lists the MedMij mock serves, judged by MedMij's own XSDs (Afsprakenset
 * release 1.1, in shared/medmij-xsd beside the project) with xmllint, and by
 * the playground's reader; and a set of broken lists that both must refuse.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const XSD_DIR = path.resolve(repoRoot, '..', 'shared', 'medmij-xsd');
const XSD = { zal: 'MedMij_Zorgaanbiederslijst.xsd', ocl: 'MedMij_OAuthclientlist.xsd', gnl: 'MedMij_Gegevensdienstnamenlijst.xsd' } as const;
type List = keyof typeof XSD;

const parse: ParseXml = (text) => new TestDOMParser().parseFromString(text) as ReturnType<ParseXml>;
const read = { zal: parseZal, ocl: parseOcl, gnl: parseGnl } as const;

async function xmllint(list: List, xml: string) {
  const file = XSD[list];
  const result = await validateXML({
    xml: { fileName: `${list}.xml`, contents: xml },
    schema: { fileName: file, contents: fs.readFileSync(path.join(XSD_DIR, file), 'utf8') },
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}

function readerVerdict(list: List, xml: string): { valid: true } | { valid: false; message: string } {
  try {
    read[list](xml, parse);
    return { valid: true };
  } catch (e) {
    if (!(e instanceof ListError)) throw e;
    return { valid: false, message: e.message };
  }
}

/** The MedMij mock as a browser or `npm run mock-server` reaches it: a Request in, a Response out. */
function mock(appOrigins: string[]) {
  const env: MockEnv = { store: new MemoryStore(() => Date.now()), now: () => Date.now(), appOrigins, transport: 'node' };
  return createMedMijServer(env);
}

async function served(origin: string, list: List, appOrigins: string[], scenario?: string): Promise<string> {
  const base = scenario ? `${origin}/mock/medmij/s/${scenario}` : `${origin}/mock/medmij`;
  const res = await mock(appOrigins)(new Request(`${base}/lists/${list}.xml`));
  expect(res?.status).toBe(200);
  return res!.text();
}

const SERVINGS: { name: string; origin: string; appOrigins: string[]; scenario?: string }[] = [
  { name: 'the default origin (npm run dev, MSW in the browser)', origin: 'http://localhost:5173', appOrigins: [] },
  { name: 'npm run mock-server on 127.0.0.1 with an app origin', origin: 'http://127.0.0.1:4010', appOrigins: ['http://localhost:4173'] },
  {
    name: 'a scenario segment on another origin',
    origin: 'https://playground.example.org',
    appOrigins: ['http://localhost:5173'],
    scenario: encodeMedMijScenario({ digid: 'cancel', consent: 'deny' }),
  },
];

describe("the lists the MedMij mock serves are valid against MedMij's XSDs", () => {
  it('finds the XSDs beside the project, at ../shared/medmij-xsd', () => {
    for (const file of Object.values(XSD)) expect(fs.existsSync(path.join(XSD_DIR, file)), path.join(XSD_DIR, file)).toBe(true);
  });

  for (const s of SERVINGS) {
    for (const list of ['zal', 'ocl', 'gnl'] as const) {
      it(`${list.toUpperCase()} from ${s.name}: xmllint and the reader accept it`, async () => {
        const xml = await served(s.origin, list, s.appOrigins, s.scenario);
        expect(await xmllint(list, xml)).toEqual({ valid: true, errors: [] });
        expect(readerVerdict(list, xml)).toEqual({ valid: true });
      });
    }

    it(`every endpoint on the ZAL from ${s.name} reaches the mock on that origin`, async () => {
      const zal = parseZal(await served(s.origin, 'zal', s.appOrigins, s.scenario), parse);
      const server = mock(s.appOrigins);
      for (const za of zal.zorgaanbieders) {
        for (const g of za.gegevensdiensten) {
          const authorize = localUrlForList(g.authorizationEndpoint, s.origin)!;
          const token = localUrlForList(g.tokenEndpoint, s.origin)!;
          const resource = localUrlForList(g.systeemrollen[0].resourceEndpoint, s.origin)!;
          const slug = za.naam.replace('@medmij', '');
          const base = s.scenario ? `${s.origin}/mock/medmij/s/${s.scenario}/${slug}` : `${s.origin}/mock/medmij/${slug}`;
          expect([authorize, token, resource]).toEqual([`${base}/oauth/authorize`, `${base}/oauth/token`, `${base}/fhir`]);
          // The token endpoint answers an OAuth error and the resource server asks for a token: both are there.
          const tokenRes = await server(
            new Request(token, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=authorization_code' }),
          );
          expect(tokenRes?.status).toBe(400);
          const fhirRes = await server(new Request(`${resource}/Patient`));
          expect(fhirRes?.status).toBe(401);
        }
      }
    });
  }
});

// ------------------------------------------------------------------ broken lists: the reader and xmllint both refuse them

let cache: Record<List, string> | undefined;
async function good(): Promise<Record<List, string>> {
  cache ??= {
    zal: await served('http://localhost:5173', 'zal', []),
    ocl: await served('http://localhost:5173', 'ocl', ['http://127.0.0.1:4010']),
    gnl: await served('http://localhost:5173', 'gnl', []),
  };
  return cache;
}

const AUTH = 'https://umcharderwijk.zorgaanbieders.medmij.example/oauth/authorize';
const TOKEN = 'https://umcharderwijk.zorgaanbieders.medmij.example/oauth/token';
const FHIR = 'https://umcharderwijk.zorgaanbieders.medmij.example/fhir';
const ZA = '/Zorgaanbiederslijst/Zorgaanbieders/Zorgaanbieder[1]';
const GD = `${ZA}/Gegevensdiensten/Gegevensdienst[1]`;
const first = (xml: string, from: string, to: string) => {
  expect(xml).toContain(from);
  return xml.replace(from, to);
};
const tag = (name: string, value: string) => `<${name}>${value}</${name}>`;
const replaceValue = (xml: string, name: string, value: string) => xml.replace(new RegExp(`<${name}>[^<]*</${name}>`), tag(name, value));

type Variant = [name: string, list: List, change: (xml: string) => string, message: RegExp];
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const INVALID: Variant[] = [
  [
    'an http front-channel URL',
    'zal',
    (x) => first(x, AUTH, AUTH.replace('https:', 'http:')),
    new RegExp(
      `${esc(GD)}/AuthorizationEndpoint/AuthorizationEndpointuri = "http://umcharderwijk[^"]*": uses http://, not https://; the schema wants an https:// URL on a dotted lower-case host name, without a port, query or fragment \\(Frontchanneluri pattern https://`,
    ),
  ],
  [
    'a port on a front-channel URL',
    'zal',
    (x) => first(x, AUTH, AUTH.replace('.example/', '.example:8443/')),
    /AuthorizationEndpointuri = "[^"]+": has a port \(:8443\); a front-channel URI has none/,
  ],
  [
    "the playground's own URL as front-channel URL",
    'zal',
    (x) => first(x, AUTH, 'http://localhost:5173/mock/medmij/umcharderwijk/oauth/authorize'),
    /AuthorizationEndpointuri = "http:\/\/localhost:5173[^"]*": uses http:\/\//,
  ],
  [
    'a token endpoint on localhost',
    'zal',
    (x) => first(x, TOKEN, 'https://localhost/oauth/token'),
    new RegExp(`${esc(GD)}/TokenEndpoint/TokenEndpointuri = "https://localhost/oauth/token": host "localhost" is not a dotted host name`),
  ],
  [
    'a resource endpoint on an IP address',
    'zal',
    (x) => first(x, FHIR, 'https://127.0.0.1/fhir'),
    /ResourceEndpointuri = "https:\/\/127\.0\.0\.1\/fhir": host "127\.0\.0\.1" is an IP address/,
  ],
  [
    'a back-channel port of 6 digits',
    'zal',
    (x) => first(x, TOKEN, TOKEN.replace('.example/', '.example:123456/')),
    /TokenEndpointuri = "[^"]+": port "123456" is not 1 to 5 digits/,
  ],
  [
    'a one-letter top-level label on a back-channel URL',
    'zal',
    (x) => first(x, TOKEN, 'https://zorg.x/oauth/token'),
    /TokenEndpointuri = "https:\/\/zorg\.x\/oauth\/token": does not match the pattern; the schema wants [^;]+ \(Backchanneluri pattern https:/,
  ],
  ['a query on a front-channel URL', 'zal', (x) => first(x, AUTH, `${AUTH}?tenant=1`), /AuthorizationEndpointuri = "[^"]+": has a query/],
  ['a trailing slash on a resource endpoint', 'zal', (x) => first(x, FHIR, `${FHIR}/`), /ResourceEndpointuri = "[^"]+\/": has an empty path segment/],
  [
    'an upper-case host',
    'zal',
    (x) => first(x, AUTH, AUTH.replace('umcharderwijk', 'UMCHarderwijk')),
    /host "UMCHarderwijk\.zorgaanbieders\.medmij\.example" has upper-case letters/,
  ],
  ['a relative endpoint', 'zal', (x) => first(x, TOKEN, '/oauth/token'), /TokenEndpointuri = "\/oauth\/token": is not an absolute https:\/\/ URL/],
  [
    'a Zorgaanbiedernaam of 58 characters',
    'zal',
    (x) => replaceValue(x, 'Zorgaanbiedernaam', `${'a'.repeat(51)}@medmij`),
    new RegExp(
      `${esc(ZA)}/Zorgaanbiedernaam = "a{51}@medmij": is 58 characters long, more than 57; the schema wants lower-case letters a-z followed by "@medmij", 10 to 57 characters`,
    ),
  ],
  [
    'a Zorgaanbiedernaam of 9 characters',
    'zal',
    (x) => replaceValue(x, 'Zorgaanbiedernaam', 'ab@medmij'),
    /Zorgaanbiedernaam = "ab@medmij": is 9 characters long, fewer than 10/,
  ],
  [
    'a Zorgaanbiedernaam with a digit',
    'zal',
    (x) => replaceValue(x, 'Zorgaanbiedernaam', 'umc2harderwijk@medmij'),
    /Zorgaanbiedernaam = "umc2harderwijk@medmij": does not match the pattern; the schema wants lower-case letters a-z followed by "@medmij", 10 to 57 characters \(Zorgaanbiedernaam pattern \(\[a-z\]\)\+@medmij\)/,
  ],
  [
    'a Zorgaanbiedernaam with spaces around it',
    'zal',
    (x) => replaceValue(x, 'Zorgaanbiedernaam', ' umcharderwijk@medmij '),
    /Zorgaanbiedernaam = " umcharderwijk@medmij ": has spaces or line breaks around it/,
  ],
  [
    'the same Zorgaanbiedernaam twice',
    'zal',
    (x) => x.replace('huisartsvandam@medmij', 'umcharderwijk@medmij'),
    /Zorgaanbieder\[2\]\/Zorgaanbiedernaam = "umcharderwijk@medmij": repeats the Zorgaanbiedernaam of Zorgaanbieder\[1\]; the schema wants each Zorgaanbiedernaam once in <Zorgaanbieders> \(Unieke_Zorgaanbieder\)/,
  ],
  [
    'a GegevensdienstId of 31 characters',
    'zal',
    (x) => replaceValue(x, 'GegevensdienstId', '1'.repeat(31)),
    /GegevensdienstId = "1{31}": is 31 characters long, more than 30/,
  ],
  ['an empty Systeemrolcode', 'zal', (x) => replaceValue(x, 'Systeemrolcode', ''), /Systeemrolcode = "": is 0 characters long, fewer than 1/],
  [
    'a Gegevensdienst without Systeemrol',
    'zal',
    (x) => x.replace(/<Systeemrollen>[\s\S]*?<\/Systeemrollen>/, '<Systeemrollen></Systeemrollen>'),
    new RegExp(`${esc(GD)}/Systeemrollen: has no <Systeemrol>`),
  ],
  [
    'a Zorgaanbieder without Gegevensdiensten',
    'zal',
    (x) => x.replace(/<Gegevensdiensten>[\s\S]*?<\/Gegevensdiensten>/, ''),
    new RegExp(`${esc(ZA)}: has no <Gegevensdiensten>`),
  ],
  [
    'a Tijdstempel without time zone',
    'zal',
    (x) => replaceValue(x, 'Tijdstempel', '2026-03-01T00:00:00'),
    /Tijdstempel = "2026-03-01T00:00:00": is 19 characters long, fewer than 20 \(is the time zone missing\?\)/,
  ],
  [
    'a Tijdstempel on 30 February',
    'zal',
    (x) => replaceValue(x, 'Tijdstempel', '2026-02-30T00:00:00Z'),
    /Tijdstempel = "2026-02-30T00:00:00Z": is not an xs:dateTime: 2026-02 has no day 30/,
  ],
  [
    'a Tijdstempel that is a date only',
    'zal',
    (x) => replaceValue(x, 'Tijdstempel', '2026-03-01 and some more'),
    /Tijdstempel = "[^"]+": is not an xs:dateTime/,
  ],
  [
    'Volgnummer 0',
    'zal',
    (x) => replaceValue(x, 'Volgnummer', '0'),
    /Volgnummer = "0": is 0, not a positive number; the schema wants a whole number of 1 or more/,
  ],
  ['a negative Volgnummer', 'zal', (x) => replaceValue(x, 'Volgnummer', '-3'), /Volgnummer = "-3": is not a whole number/],
  [
    'Volgnummer before Tijdstempel',
    'zal',
    (x) => x.replace(/(<Tijdstempel>[^<]*<\/Tijdstempel>)(\s*)(<Volgnummer>[^<]*<\/Volgnummer>)/, '$3$2$1'),
    /\/Zorgaanbiederslijst\/Volgnummer: <Volgnummer> is not expected here \(the order is Tijdstempel, Volgnummer, Zorgaanbieders\); the schema wants <Tijdstempel> next/,
  ],
  [
    'no Volgnummer',
    'zal',
    (x) => x.replace(/<Volgnummer>[^<]*<\/Volgnummer>/, ''),
    /<Zorgaanbieders> is not expected here; the schema wants <Volgnummer> next/,
  ],
  [
    'an element the schema does not know',
    'zal',
    (x) => x.replace('</Zorgaanbiedernaam>', '</Zorgaanbiedernaam><Opmerking>x</Opmerking>'),
    new RegExp(
      `${esc(ZA)}/Opmerking: <Opmerking> is not expected here \\(the order is Zorgaanbiedernaam, Gegevensdiensten\\); the schema wants <Gegevensdiensten> next`,
    ),
  ],
  [
    'an extra element at the end',
    'zal',
    (x) => x.replace('</Zorgaanbieders>', '</Zorgaanbieders><Handtekening/>'),
    /\/Zorgaanbiederslijst\/Handtekening: <Handtekening> is not expected here; the schema wants no more elements/,
  ],
  [
    'an attribute on an element',
    'zal',
    (x) => x.replace('<Zorgaanbieder>', '<Zorgaanbieder id="1">'),
    new RegExp(`${esc(ZA)}: has attribute id; the schema wants no attributes`),
  ],
  [
    'xsi:nil on an element',
    'zal',
    (x) => x.replace('<Zorgaanbieder>', '<Zorgaanbieder xsi:nil="true">'),
    new RegExp(`${esc(ZA)}: has attribute xsi:nil; the schema wants no attributes`),
  ],
  ['text between elements', 'zal', (x) => x.replace('<Zorgaanbieder>', '<Zorgaanbieder>UMC'), new RegExp(`${esc(ZA)}: holds text between its elements`)],
  [
    'the ZAL namespace of release 1',
    'zal',
    (x) => x.replace('zorgaanbiederslijst/release2/"', 'zorgaanbiederslijst/release1/"'),
    /\/Zorgaanbiederslijst: the root element is <Zorgaanbiederslijst> in namespace "xmlns:\/\/afsprakenstelsel\.medmij\.nl\/zorgaanbiederslijst\/release1\/"; the schema wants <Zorgaanbiederslijst> in namespace "xmlns:\/\/afsprakenstelsel\.medmij\.nl\/zorgaanbiederslijst\/release2\/"/,
  ],
  ['no namespace at all', 'zal', (x) => x.replace(/ xmlns="[^"]+"/, ''), /the root element is <Zorgaanbiederslijst> in namespace "\(none\)"/],
  [
    'one element in no namespace',
    'zal',
    (x) => x.replace('<Tijdstempel>', '<Tijdstempel xmlns="">'),
    /\/Zorgaanbiederslijst\/Tijdstempel: <Tijdstempel> in namespace "\(none\)" is not expected here; the schema wants <Tijdstempel> next, in namespace "xmlns:\/\/afsprakenstelsel\.medmij\.nl\/zorgaanbiederslijst\/release2\/"/,
  ],
  [
    'an OCL Hostname localhost',
    'ocl',
    (x) => replaceValue(x, 'Hostname', 'localhost'),
    /\/OAuthclientlist\/OAuthclients\/OAuthclient\[1\]\/Hostname = "localhost": host "localhost" is not a dotted host name; the schema wants a dotted lower-case host name \(not localhost, not an address like 127\.0\.0\.1\) \(Hostname pattern \(\(\[a-z0-9\]\)/,
  ],
  ['an OCL Hostname 127.0.0.1', 'ocl', (x) => replaceValue(x, 'Hostname', '127.0.0.1'), /Hostname = "127\.0\.0\.1": host "127\.0\.0\.1" is an IP address/],
  [
    'an OCL Hostname with a trailing dot',
    'ocl',
    (x) => replaceValue(x, 'Hostname', 'pgo.example.'),
    /Hostname = "pgo\.example\.": host "pgo\.example\." has an empty label/,
  ],
  [
    'an OCL Hostname with a port',
    'ocl',
    (x) => replaceValue(x, 'Hostname', 'pgo.example:443'),
    /Hostname = "pgo\.example:443": host "pgo\.example:443" has characters other than/,
  ],
  [
    'the same OCL Hostname twice',
    'ocl',
    (x) => x.replace(/(<Hostname>)[^<]*(<\/Hostname>[\s\S]*<Hostname>)([^<]*)/, '$1$3$2$3'),
    /OAuthclient\[2\]\/Hostname = "[^"]+": repeats the Hostname of OAuthclient\[1\]/,
  ],
  [
    'an OAuthclientOrganisatienaam of 51 characters',
    'ocl',
    (x) => replaceValue(x, 'OAuthclientOrganisatienaam', 'P'.repeat(51)),
    /OAuthclientOrganisatienaam = "P{51}": is 51 characters long, more than 50/,
  ],
  [
    "the OCL in the ZAL's namespace",
    'ocl',
    (x) => x.replace('oauthclientlist/release2/"', 'zorgaanbiederslijst/release2/"'),
    /the root element is <OAuthclientlist> in namespace "xmlns:\/\/afsprakenstelsel\.medmij\.nl\/zorgaanbiederslijst\/release2\/"/,
  ],
  [
    'a GNL Weergavenaam of 2 characters',
    'gnl',
    (x) => replaceValue(x, 'Weergavenaam', 'Ab'),
    /\/Gegevensdienstnamenlijst\/Gegevensdiensten\/Gegevensdienst\[1\]\/Weergavenaam = "Ab": is 2 characters long, fewer than 3/,
  ],
  [
    'the same GegevensdienstId twice on the GNL',
    'gnl',
    (x) => x.replace('<GegevensdienstId>2</GegevensdienstId>', '<GegevensdienstId>1</GegevensdienstId>'),
    /Gegevensdienst\[2\]\/GegevensdienstId = "1": repeats the GegevensdienstId of Gegevensdienst\[1\]; the schema wants each GegevensdienstId once in <Gegevensdiensten> \(Unieke_Gegevensdienst\)/,
  ],
  [
    'a GNL without Gegevensdiensten',
    'gnl',
    (x) => x.replace(/<Gegevensdiensten>[\s\S]*<\/Gegevensdiensten>/, ''),
    /\/Gegevensdienstnamenlijst: has no <Gegevensdiensten>/,
  ],
];

/** Changes the schema allows: the reader must accept them as xmllint does. */
const VALID: [name: string, list: List, change: (xml: string) => string][] = [
  ['a port on a back-channel URL', 'zal', (x) => first(x, TOKEN, TOKEN.replace('.example/', '.example:8443/'))],
  ['a one-letter top-level label on a front-channel URL', 'zal', (x) => first(x, AUTH, 'https://zorg.x/oauth/authorize')],
  ['a front-channel URL without a path', 'zal', (x) => first(x, AUTH, 'https://auth.zorg.example')],
  ['a Tijdstempel with a fraction and an offset', 'zal', (x) => replaceValue(x, 'Tijdstempel', '2026-03-01T12:00:00.25+01:00')],
  [
    'whitespace around Volgnummer and Tijdstempel',
    'zal',
    (x) => replaceValue(replaceValue(x, 'Volgnummer', '\n  +0042  '), 'Tijdstempel', ' 2026-03-01T00:00:00Z\n'),
  ],
  ['no Zorgaanbieder at all', 'zal', (x) => x.replace(/<Zorgaanbieders>[\s\S]*<\/Zorgaanbieders>/, '<Zorgaanbieders/>')],
  ['a Zorgaanbiedernaam of 57 characters', 'zal', (x) => replaceValue(x, 'Zorgaanbiedernaam', `${'a'.repeat(50)}@medmij`)],
  ['an OCL Hostname of a real-looking PGO', 'ocl', (x) => replaceValue(x, 'Hostname', 'pgo.example-leverancier.nl')],
  ['an OCL Hostname with digits and hyphens', 'ocl', (x) => replaceValue(x, 'Hostname', '1-pgo.a1.nl')],
  [
    'a comment and a CDATA section',
    'gnl',
    (x) => x.replace('<Weergavenaam>Basisgegevens Zorg</Weergavenaam>', '<!-- GNL --><Weergavenaam><![CDATA[Basisgegevens Zorg]]></Weergavenaam>'),
  ],
];

describe("the reader refuses what MedMij's XSDs refuse, and says what is wrong", () => {
  for (const [name, list, change, message] of INVALID) {
    it(`${list.toUpperCase()} with ${name}`, async () => {
      const xml = change((await good())[list]);
      const lint = await xmllint(list, xml);
      expect(lint.valid, `xmllint accepted the ${list.toUpperCase()} with ${name}`).toBe(false);
      const verdict = readerVerdict(list, xml);
      expect(verdict.valid, `the reader accepted the ${list.toUpperCase()} with ${name}; xmllint said ${lint.errors.join(' | ')}`).toBe(false);
      if (!verdict.valid) expect(verdict.message).toMatch(message);
    });
  }

  for (const [name, list, change] of VALID) {
    it(`${list.toUpperCase()} with ${name} is valid to both`, async () => {
      const xml = change((await good())[list]);
      expect(await xmllint(list, xml)).toEqual({ valid: true, errors: [] });
      expect(readerVerdict(list, xml)).toEqual({ valid: true });
    });
  }

  it('the error counts every violation and names the schema file', async () => {
    const zal = (await good()).zal.replaceAll('https://', 'http://');
    const verdict = readerVerdict('zal', zal);
    expect(verdict.valid).toBe(false);
    if (!verdict.valid) {
      // 3 zorgaanbieders x 2 gegevensdiensten x 3 URIs
      expect(verdict.message).toMatch(/^ZAL: 18 schema violations \(MedMij_Zorgaanbiederslijst\.xsd, file version 5\):\n/);
      expect(verdict.message).toContain('... and 10 more');
    }
    expect((await xmllint('zal', zal)).valid).toBe(false);
  });
});

describe('the reader and xmllint agree on any value in any field', () => {
  // Characters that make or break MedMij's patterns; no "<" or "&", so the list stays well-formed XML.
  const alphabet = fc.constantFrom(...'abhmpstz019-.:/?#@A _'.split(''), 'https://', '.medmij.example', '@medmij', ':8443', '/oauth');
  const value = fc.array(alphabet, { maxLength: 12 }).map((parts) => parts.join(''));
  const FIELDS: [List, string][] = [
    ['zal', 'Zorgaanbiedernaam'],
    ['zal', 'AuthorizationEndpointuri'],
    ['zal', 'TokenEndpointuri'],
    ['zal', 'ResourceEndpointuri'],
    ['zal', 'Volgnummer'],
    ['zal', 'Tijdstempel'],
    ['ocl', 'Hostname'],
    ['gnl', 'GegevensdienstId'],
  ];

  it('random values: valid to the reader exactly when valid to the XSD', async () => {
    const lists = await good();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FIELDS), value, async ([list, field], v) => {
        const xml = replaceValue(lists[list], field, v);
        const lint = await xmllint(list, xml);
        const verdict = readerVerdict(list, xml);
        expect(
          verdict.valid,
          `${field} = ${JSON.stringify(v)}: xmllint says ${lint.valid ? 'valid' : lint.errors.join(' | ')}; the reader says ${verdict.valid ? 'valid' : verdict.message}`,
        ).toBe(lint.valid);
      }),
      { numRuns: 100, seed: 20260301 },
    );
  }, 120_000);
});

describe("the reader's rules are the XSDs' rules", () => {
  const XS = 'http://www.w3.org/2001/XMLSchema';
  const kids = (e: XmlElement, name: string) => e.children.filter((c) => c.namespaceURI === XS && c.localName === name);
  const local = (qname: string) => qname.slice(qname.indexOf(':') + 1);
  const occurs = (v: string | null) => (v === null ? 1 : v === 'unbounded' ? Number.POSITIVE_INFINITY : Number(v));

  /** What one XSD file declares, read from the file itself. */
  function readXsd(file: string) {
    const text = fs.readFileSync(path.join(XSD_DIR, file), 'utf8');
    const schema = parseXml(text).documentElement;
    const elementsOf = (type: XmlElement) =>
      kids(kids(type, 'sequence')[0], 'element').map((e) => {
        const unique = kids(e, 'unique')[0];
        return {
          name: e.getAttribute('name')!,
          type: local(e.getAttribute('type')!),
          min: occurs(e.getAttribute('minOccurs')),
          max: occurs(e.getAttribute('maxOccurs')),
          unique: unique && {
            name: unique.getAttribute('name')!,
            selector: kids(unique, 'selector')[0].getAttribute('xpath')!.split('/').map(local),
            field: kids(unique, 'field')[0].getAttribute('xpath'),
          },
        };
      });
    const complex = new Map(kids(schema, 'complexType').map((t) => [t.getAttribute('name')!, elementsOf(t)]));
    const simple = new Map(
      kids(schema, 'simpleType').map((t) => {
        const r = kids(t, 'restriction')[0];
        const facets = Object.fromEntries(r.children.map((f) => [f.localName, f.getAttribute('value')]));
        return [t.getAttribute('name')!, { base: local(r.getAttribute('base')!), facets }];
      }),
    );
    const root = kids(schema, 'element')[0];
    return {
      targetNamespace: schema.getAttribute('targetNamespace'),
      fileVersion: Number(/File version: (\d+)/.exec(text)?.[1]),
      root: { name: root.getAttribute('name')!, type: local(root.getAttribute('type')!) },
      complex,
      simple,
    };
  }

  for (const schema of [ZAL_SCHEMA, OCL_SCHEMA, GNL_SCHEMA] as ListSchema[]) {
    it(`${schema.list}: namespace, root, every element, order, occurrence, unique key and facet as in ${schema.file}`, () => {
      const xsd = readXsd(schema.file);
      expect(schema.ns).toBe(xsd.targetNamespace);
      expect(schema.fileVersion).toBe(xsd.fileVersion);
      expect({ name: schema.root.name, type: schema.root.type.name }).toEqual(xsd.root);
      const seen = new Set<string>();
      const walk = (decl: ElementDecl) => {
        const t = decl.type;
        seen.add(t.name);
        if (t.kind === 'complex') {
          const declared = xsd.complex.get(t.name);
          expect(declared, `complexType ${t.name}`).toBeDefined();
          expect(
            t.sequence.map((d) => ({
              name: d.name,
              type: d.type.name,
              min: d.min,
              max: d.max,
              unique: d.unique && { name: d.unique.name, selector: [...d.unique.selector], field: '.' },
            })),
            `the sequence of ${t.name}`,
          ).toEqual(declared);
          t.sequence.forEach(walk);
        } else {
          const declared = xsd.simple.get(t.name);
          expect(declared, `simpleType ${t.name}`).toBeDefined();
          const facets: Record<string, string> = {};
          if (t.pattern !== undefined) facets.pattern = t.pattern;
          if (t.minLength !== undefined) facets.minLength = String(t.minLength);
          if (t.maxLength !== undefined) facets.maxLength = String(t.maxLength);
          expect({ base: t.base, facets }, `simpleType ${t.name}`).toEqual(declared);
        }
      };
      walk(schema.root);
      expect([...seen].sort(), 'every type the XSD declares is checked').toEqual([...xsd.complex.keys(), ...xsd.simple.keys()].sort());
    });
  }
});
