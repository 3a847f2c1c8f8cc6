import { describe, expect, it } from 'vitest';
import { buildGnl, buildOcl, buildZal } from '../../../mocks/medmij/lists/build';
import { parseMedMijScope } from '../../../mocks/medmij/scope';
import { buildScope, parseGnl, parseOcl, parseZal, type ParseXml } from '../../../src/flows/medmij/lists';
import { TestDOMParser } from './helpers/dom';

const parse: ParseXml = (text) => new TestDOMParser().parseFromString(text) as ReturnType<ParseXml>;
const ORIGIN = 'https://playground.example';
const now = Date.UTC(2026, 2, 1);

describe('the MedMij lists, as published and as the PGO reads them', () => {
  it('ZAL: zorgaanbieders named <name>@medmij, with endpoints named under medmij.example', () => {
    const zal = parseZal(buildZal(ORIGIN, now), parse);
    expect(zal.volgnummer).toBeGreaterThan(0);
    expect(zal.zorgaanbieders.map((z) => z.naam)).toEqual(['umcharderwijk@medmij', 'huisartsvandam@medmij', 'apotheekdelinde@medmij']);
    const lab = zal.zorgaanbieders[0].gegevensdiensten.find((g) => g.id === '4')!;
    expect(lab.authorizationEndpoint).toBe('https://umcharderwijk.zorgaanbieders.medmij.example/oauth/authorize');
    expect(lab.tokenEndpoint).toBe('https://umcharderwijk.zorgaanbieders.medmij.example/oauth/token');
    expect(lab.systeemrollen[0].resourceEndpoint).toBe('https://umcharderwijk.zorgaanbieders.medmij.example/fhir');
  });

  it('OCL lists the playground itself by a dotted name for each host it is served on', () => {
    const ocl = parseOcl(buildOcl(ORIGIN, ['http://localhost:5173'], now), parse);
    expect(ocl.clients.map((c) => c.hostname)).toEqual(['playground.example.pgo.medmij.example', 'localhost.pgo.medmij.example']);
    expect(ocl.clients[0].organisatienaam).toBeTruthy();
  });

  it('GNL names the gegevensdiensten', () => {
    const gnl = parseGnl(buildGnl(now), parse);
    expect(Object.fromEntries(gnl.diensten.map((d) => [d.id, d.weergavenaam]))).toMatchObject({ '1': 'Basisgegevens Zorg', '4': 'Laboratoriumresultaten' });
  });

  const zal = buildZal(ORIGIN, now);
  const malformed: [string, string, RegExp][] = [
    [
      'no Zorgaanbiedernaam on the second zorgaanbieder',
      zal.replace('<Zorgaanbiedernaam>huisartsvandam@medmij</Zorgaanbiedernaam>', ''),
      /Zorgaanbieder\[2\]\/Gegevensdiensten: <Gegevensdiensten> is not expected here; the schema wants <Zorgaanbiedernaam> next/,
    ],
    ['a wrong namespace', zal.replace('zorgaanbiederslijst/release2/"', 'zorgaanbiederslijst/release1/"'), /namespace/],
    ['no Volgnummer', zal.replace(/<Volgnummer>\d+<\/Volgnummer>/, ''), /<Zorgaanbieders> is not expected here; the schema wants <Volgnummer> next/],
    [
      'a relative endpoint',
      zal.replace('https://umcharderwijk.zorgaanbieders.medmij.example/oauth/token', '/oauth/token'),
      /TokenEndpointuri = "\/oauth\/token": is not an absolute https:\/\/ URL/,
    ],
    [
      'a name without @medmij',
      zal.replace('apotheekdelinde@medmij', 'Apotheek De Linde'),
      /Zorgaanbieder\[3\]\/Zorgaanbiedernaam = "Apotheek De Linde": does not match the pattern; the schema wants lower-case letters/,
    ],
    ['not XML at all', '<Zorgaanbiederslijst', /not well-formed/],
    ['another list', buildGnl(now), /root element is <Gegevensdienstnamenlijst>/],
  ];
  for (const [name, text, message] of malformed) {
    it(`refuses a ZAL with ${name}`, () => {
      expect(() => parseZal(text, parse)).toThrow(message);
    });
  }

  it('refuses an OCL client without a Hostname', () => {
    const ocl = buildOcl(ORIGIN, [], now).replace('<Hostname>playground.example.pgo.medmij.example</Hostname>', '');
    expect(() => parseOcl(ocl, parse)).toThrow(
      /OAuthclient\[1\]\/OAuthclientOrganisatienaam: <OAuthclientOrganisatienaam> is not expected here; the schema wants <Hostname> next/,
    );
  });
});

describe('MedMij scope forms', () => {
  it('builds 1.x and 2.x scopes', () => {
    expect(buildScope('1.x', 'umcharderwijk@medmij', '4')).toBe('4');
    expect(buildScope('2.x', 'umcharderwijk@medmij', '4')).toBe('umcharderwijk~4');
  });

  it('the server reads both and checks the zorgaanbieder part', () => {
    expect(parseMedMijScope('4', 'umcharderwijk')).toEqual({ ok: true, form: '1.x', dienst: '4' });
    expect(parseMedMijScope('umcharderwijk~4', 'umcharderwijk')).toEqual({ ok: true, form: '2.x', dienst: '4', zorgaanbieder: 'umcharderwijk' });
    expect(parseMedMijScope('huisartsvandam~4', 'umcharderwijk')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/names zorgaanbieder "huisartsvandam"/),
    });
    expect(parseMedMijScope('patient/*.read', 'umcharderwijk')).toMatchObject({ ok: false });
    expect(parseMedMijScope('1 4', 'umcharderwijk')).toMatchObject({ ok: false });
  });
});
