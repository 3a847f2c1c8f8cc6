import { describe, expect, it } from 'vitest';
import { observations, patients, resourcesByType } from '../../../mocks/data';
import { ids, setup, type Bundle, type Outcome } from './helpers';

const wwwAuth = (res: Response) => res.headers.get('www-authenticate') ?? '';
const LAB = 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory';
const categoriesOf = (r: Record<string, unknown>) => (r.category as { coding: { code: string }[] }[]).flatMap((c) => c.coding.map((x) => x.code));

describe('scope enforcement', () => {
  it('answers 403 insufficient_scope for a type outside a v2 grant, naming the scope needed', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'launch/patient patient/Patient.rs', patient: 'p-anna' });
    expect((await get('Patient/p-anna', t)).status).toBe(200);
    const res = await get('Observation?patient=p-anna', t);
    expect(res.status).toBe(403);
    expect(wwwAuth(res)).toMatch(/^Bearer /);
    expect(wwwAuth(res)).toContain('error="insufficient_scope"');
    expect(wwwAuth(res)).toContain('scope="patient/Observation.rs"');
    const body = (await res.json()) as Outcome;
    expect(body.issue[0].code).toBe('forbidden');
    expect(body.issue[0].diagnostics).toContain('patient/Observation.rs or patient/Observation.read');
  });

  it('answers 403 for a type outside a v1 grant, asking in v1 spelling', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'launch/patient patient/Patient.read patient/Observation.read', patient: 'p-anna' });
    expect((await get('Observation?patient=p-anna', t)).status).toBe(200);
    const res = await get('Condition/c-anna-1', t);
    expect(res.status).toBe(403);
    expect(wwwAuth(res)).toContain('scope="patient/Condition.read"');
  });

  it('tells read and search apart in v2 (.r does not allow search)', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'patient/Observation.r', patient: 'p-anna' });
    expect((await get('Observation/o-anna-1', t)).status).toBe(200);
    const res = await get('Observation?patient=p-anna', t);
    expect(res.status).toBe(403);
    expect(((await res.json()) as Outcome).issue[0].diagnostics).toContain('does not include "s"');
  });

  it('v1 .write grants no reading', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'patient/*.write', patient: 'p-anna' });
    expect((await get('Patient/p-anna', t)).status).toBe(403);
  });

  it('explains a patient/ scope on a token without a patient', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'patient/*.rs' });
    const res = await get('Patient/p-anna', t);
    expect(res.status).toBe(403);
    expect(((await res.json()) as Outcome).issue[0].diagnostics).toContain('no patient');
  });
});

describe('the patient compartment', () => {
  it('refuses a read of another patient and of their records', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'launch/patient patient/*.rs', patient: 'p-anna' });
    for (const path of ['Patient/p-bram', 'Observation/o-bram-1', 'Encounter/e-bram-1', 'Condition/c-bram-1']) {
      const res = await get(path, t);
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as Outcome).issue[0].diagnostics).toContain('outside the patient compartment');
    }
    expect((await get('Observation/o-anna-1', t)).status).toBe(200);
  });

  it('limits a search without a patient to the token’s patient', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'patient/*.rs', patient: 'p-anna' });
    const bundle = (await (await get('Observation?_count=200', t)).json()) as Bundle;
    const expected = observations.filter((o) => (o.subject as { reference: string }).reference === 'Patient/p-anna').length;
    expect(expected).toBeGreaterThan(0);
    expect(bundle.total).toBe(expected);
    expect(ids(bundle).every((id) => id.startsWith('o-anna-'))).toBe(true);
    const everyone = (await (await get('Patient', t)).json()) as Bundle;
    expect(ids(everyone)).toEqual(['p-anna']);
  });

  it('refuses a search for another patient', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'patient/*.rs', patient: 'p-anna' });
    for (const path of ['Observation?patient=p-bram', 'Encounter?subject=Patient/p-bram', 'Patient?_id=p-bram', 'Patient/p-bram/Condition']) {
      expect((await get(path, t)).status, path).toBe(403);
    }
    expect((await get('Observation?patient=Patient/p-anna', t)).status).toBe(200);
  });

  it('keeps the Group of all patients out of a patient-scoped token', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'patient/*.rs', patient: 'p-anna' });
    expect((await get('Group/g-all', t)).status).toBe(403);
  });

  it('lets user/ scopes reach any patient', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'openid fhirUser user/*.rs', fhirUser: 'Practitioner/pr-lotte', patient: 'p-anna' });
    expect((await get('Patient/p-bram', t)).status).toBe(200);
    const bundle = (await (await get('Patient?_count=100', t)).json()) as Bundle;
    expect(bundle.total).toBe(patients.length);
  });
});

describe('SMART v2 scopes with a query restriction', () => {
  it('returns only laboratory Observations under patient/Observation.rs?category=...|laboratory', async () => {
    const { get, token } = setup();
    const t = await token({ scope: `patient/Observation.rs?category=${LAB}`, patient: 'p-bram' });
    const bundle = (await (await get('Observation?patient=p-bram&_count=200', t)).json()) as Bundle;
    const matches = (bundle.entry ?? []).filter((e) => e.search.mode === 'match');
    expect(matches.length).toBeGreaterThan(0);
    expect(matches.every((e) => categoriesOf(e.resource).includes('laboratory'))).toBe(true);
    const labsOfBram = observations.filter((o) => o.id.startsWith('o-bram-') && categoriesOf(o).includes('laboratory'));
    expect(bundle.total).toBe(labsOfBram.length);
    // Asking for vital signs finds nothing the scope allows.
    const vitals = (await (await get('Observation?patient=p-bram&category=vital-signs', t)).json()) as Bundle;
    expect(vitals.total).toBe(0);
  });

  it('refuses to read a vital-signs Observation under a laboratory-only scope', async () => {
    const { get, token } = setup();
    const t = await token({ scope: `patient/Observation.rs?category=${LAB}`, patient: 'p-bram' });
    const vital = observations.find((o) => o.id.startsWith('o-bram-') && categoriesOf(o).includes('vital-signs'))!;
    const lab = observations.find((o) => o.id.startsWith('o-bram-') && categoriesOf(o).includes('laboratory'))!;
    expect((await get(`Observation/${lab.id}`, t)).status).toBe(200);
    const res = await get(`Observation/${vital.id}`, t);
    expect(res.status).toBe(403);
    expect(((await res.json()) as Outcome).issue[0].diagnostics).toContain('restriction');
  });
});

describe('system scopes (SMART Backend Services)', () => {
  it('read everything, including the Group of all patients', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'system/*.rs', grantType: 'client_credentials' });
    const group = (await (await get('Group/g-all', t)).json()) as { member: unknown[] };
    expect(group.member).toHaveLength(patients.length);
    const obs = (await (await get('Observation?_summary=count', t)).json()) as Bundle;
    expect(obs.total).toBe(resourcesByType.Observation.length);
    expect((await get('Observation/o-hugo-1', t)).status).toBe(200);
  });

  it('names a system/ scope when a backend client lacks one', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'system/Patient.rs', grantType: 'client_credentials' });
    const res = await get('Observation', t);
    expect(res.status).toBe(403);
    expect(wwwAuth(res)).toContain('scope="system/Observation.rs"');
  });
});

describe('fhirUser', () => {
  it('lets openid fhirUser read the signed-in practitioner, and no other', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'openid fhirUser launch patient/*.rs', fhirUser: 'Practitioner/pr-lotte', patient: 'p-anna' });
    expect((await get('Practitioner/pr-lotte', t)).status).toBe(200);
    // patient/*.rs does reach shared resources such as a Practitioner
    expect((await get('Practitioner/pr-noor', t)).status).toBe(200);

    const only = await token({ scope: 'openid fhirUser', fhirUser: 'http://localhost/mock/smart/fhir/Practitioner/pr-lotte' });
    expect((await get('Practitioner/pr-lotte', only)).status).toBe(200);
    expect((await get('Practitioner/pr-samuel', only)).status).toBe(403);
    const search = (await (await get('Practitioner', only)).json()) as Bundle;
    expect(ids(search)).toEqual(['pr-lotte']);
  });

  it('needs both openid and fhirUser', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'openid', fhirUser: 'Practitioner/pr-lotte' });
    expect((await get('Practitioner/pr-lotte', t)).status).toBe(403);
  });

  it('lets a patient who signed in read their own Patient', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'openid fhirUser', fhirUser: 'Patient/p-chloe' });
    expect((await get('Patient/p-chloe', t)).status).toBe(200);
    expect((await get('Patient/p-anna', t)).status).toBe(403);
    expect((await get('Patient?_id=p-anna', t)).status).toBe(403);
  });
});
