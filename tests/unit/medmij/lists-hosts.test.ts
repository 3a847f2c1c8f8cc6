import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHostnameForLocal, listUrlForLocal, localHostnameForList, localUrlForList, mockServingOrigin } from '../../../mocks/medmij/list-hosts';
import { createNodeMocks } from '../../../mocks/node';
import { FlowRunner } from '../../../src/flows/runner';
import { medmijModule } from '../../../src/flows/medmij/index';
import { installDomParser } from './helpers/dom';
import { MemoryStorage } from '../../support/memory-storage';

/**
 * The mock's lists name its servers under medmij.example (MedMij's schemas
 * want dotted https names); the playground maps each name to the endpoint on
 * the origin that served the lists, and shows the mapping in the list step.
 */
describe("list names and the playground's endpoints", () => {
  const origins = ['http://localhost:5173', 'http://127.0.0.1:4010', 'https://playground.example.org'];
  const paths = ['umcharderwijk/oauth/authorize', 'huisartsvandam/oauth/token', 'apotheekdelinde/fhir', 's/eyJjb25zZW50IjoiZGVueSJ9/umcharderwijk/fhir'];

  for (const origin of origins) {
    it(`maps every zorgaanbieder endpoint on ${origin} to a name and back`, () => {
      for (const p of paths) {
        const local = `${origin}/mock/medmij/${p}`;
        const listed = listUrlForLocal(local, origin)!;
        expect(listed).toMatch(/^https:\/\/[a-z]+\.zorgaanbieders\.medmij\.example\//);
        expect(localUrlForList(listed, origin)).toBe(local);
      }
    });
  }

  it('the names carry the zorgaanbieder in the host and the scenario in the path', () => {
    expect(listUrlForLocal('http://localhost:5173/mock/medmij/umcharderwijk/oauth/authorize', 'http://localhost:5173')).toBe(
      'https://umcharderwijk.zorgaanbieders.medmij.example/oauth/authorize',
    );
    expect(listUrlForLocal('http://localhost:5173/mock/medmij/s/abc/umcharderwijk/fhir', 'http://localhost:5173')).toBe(
      'https://umcharderwijk.zorgaanbieders.medmij.example/s/abc/fhir',
    );
  });

  it("leaves alone what is not the mock's", () => {
    expect(listUrlForLocal('http://localhost:5173/mock/medmij/lists/zal.xml', 'http://localhost:5173')).toBeUndefined();
    expect(listUrlForLocal('http://elsewhere:5173/mock/medmij/umcharderwijk/fhir', 'http://localhost:5173')).toBeUndefined();
    expect(localUrlForList('https://auth.ziekenhuis.nl/oauth/authorize', 'http://localhost:5173')).toBeUndefined();
    expect(localUrlForList('http://umcharderwijk.zorgaanbieders.medmij.example/fhir', 'http://localhost:5173')).toBeUndefined();
  });

  it('names each PGO host with a dotted name for the OCL, and back', () => {
    for (const host of ['localhost', '127.0.0.1', 'playground.example.org']) {
      const name = listHostnameForLocal(host);
      expect(name).toMatch(/^(([a-z0-9])([a-z0-9-])*(\.))+([a-z0-9])([a-z0-9-])*([a-z0-9])$/);
      expect(localHostnameForList(name)).toBe(host);
    }
    expect(localHostnameForList('pgo.example-leverancier.nl')).toBeUndefined();
  });

  it("applies only to lists the playground's mock serves", () => {
    expect(mockServingOrigin('http://localhost:5173/mock/medmij')).toBe('http://localhost:5173');
    expect(mockServingOrigin('http://127.0.0.1:4010/mock/medmij/')).toBe('http://127.0.0.1:4010');
    expect(mockServingOrigin('https://stelselnode.medmij.nl/lijsten')).toBeUndefined();
    expect(mockServingOrigin('not a url')).toBeUndefined();
  });
});

describe('the list step under msw/node', () => {
  const mocks = createNodeMocks();
  beforeAll(() => mocks.msw.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => mocks.msw.close());

  it('shows what the lists say next to where the playground serves it, and goes on to the local endpoints', async () => {
    installDomParser();
    let away: string | undefined;
    const runner = new FlowRunner(medmijModule, { storage: new MemoryStorage(), origin: 'http://localhost', mode: 'mock', navigate: (url) => (away = url) });
    await runner.runToEnd();
    const listStep = runner.current.steps[0];
    expect(listStep.status.kind).toBe('done');
    const table = listStep.artifacts.find((a) => a.kind === 'table' && a.label === 'List names in this playground');
    expect(table && table.kind === 'table' && table.rows).toEqual([
      [
        'AuthorizationEndpointuri',
        'https://umcharderwijk.zorgaanbieders.medmij.example/oauth/authorize',
        'http://localhost/mock/medmij/umcharderwijk/oauth/authorize',
      ],
      ['TokenEndpointuri', 'https://umcharderwijk.zorgaanbieders.medmij.example/oauth/token', 'http://localhost/mock/medmij/umcharderwijk/oauth/token'],
      ['ResourceEndpointuri', 'https://umcharderwijk.zorgaanbieders.medmij.example/fhir', 'http://localhost/mock/medmij/umcharderwijk/fhir'],
      ['OCL Hostname (client_id)', 'localhost.pgo.medmij.example', 'localhost'],
    ]);
    const checks = listStep.artifacts.find((a) => a.kind === 'checks');
    expect(checks && checks.kind === 'checks' && checks.checks.find((c) => c.name === 'This PGO on the OCL')).toMatchObject({
      ok: true,
      detail: 'localhost.pgo.medmij.example: Health OAuth Playground PGO',
    });
    expect(runner.state.service?.tokenEndpoint).toBe('http://localhost/mock/medmij/umcharderwijk/oauth/token');
    expect(away).toMatch(/^http:\/\/localhost\/mock\/medmij\/umcharderwijk\/oauth\/authorize\?/);
  });
});
