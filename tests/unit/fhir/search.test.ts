import { describe, expect, it } from 'vitest';
import { encounters, observations, patients } from '../../../mocks/data';
import { dateDaysAgo } from '../../../mocks/data/dates';
import { BASE, ids, link, setup, type Bundle, type Outcome } from './helpers';

async function withToken(scope = 'user/*.rs') {
  const s = setup();
  const t = await s.token({ scope, fhirUser: 'Practitioner/pr-lotte' });
  const search = async (query: string) => {
    const res = await s.get(query, t);
    expect(res.status, query).toBe(200);
    return (await res.json()) as Bundle;
  };
  return { ...s, t, search };
}

const effective = (id: string) => observations.find((o) => o.id === id)!.effectiveDateTime as string;

describe('read', () => {
  it('answers the resource as application/fhir+json', async () => {
    const { get, t } = await withToken();
    const res = await get('Encounter/e-anna-1', t);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(await res.json()).toEqual(encounters.find((e) => e.id === 'e-anna-1'));
  });

  it('answers 404 with an OperationOutcome (not-found) for an unknown id', async () => {
    const { get, t } = await withToken();
    const res = await get('Patient/p-nobody', t);
    expect(res.status).toBe(404);
    const body = (await res.json()) as Outcome;
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue[0].code).toBe('not-found');
    expect(body.issue[0].diagnostics).toContain('Patient/p-nobody');
  });

  it('answers not-supported for a resource type it does not serve', async () => {
    const { get, t } = await withToken();
    const res = await get('Immunization/x', t);
    expect(res.status).toBe(404);
    expect(((await res.json()) as Outcome).issue[0].code).toBe('not-supported');
    expect((await get('observation/o-anna-1', t)).status).toBe(400);
  });

  it('is read-only: writes get 405 with an OperationOutcome', async () => {
    const { request, t } = await withToken('user/*.*');
    const res = await request('Patient/p-anna', { method: 'PUT', token: t, body: '{}', headers: { 'content-type': 'application/fhir+json' } });
    expect(res.status).toBe(405);
    expect(((await res.json()) as Outcome).issue[0].code).toBe('not-supported');
  });
});

describe('search', () => {
  it('answers a searchset Bundle with total, fullUrl and search.mode', async () => {
    const { search } = await withToken();
    const b = await search('Observation?patient=p-anna');
    expect(b).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    const expected = observations.filter((o) => o.id.startsWith('o-anna-')).length;
    expect(b.total).toBe(expected);
    expect(b.entry![0].fullUrl).toBe(`${BASE}/Observation/${b.entry![0].resource.id}`);
    expect(b.entry!.every((e) => e.search.mode === 'match')).toBe(true);
  });

  it('pages with _count, and the next link leads to the next page until last', async () => {
    const { search } = await withToken();
    const first = await search('Observation?patient=p-bram&_count=5&_sort=date');
    const all = observations.filter((o) => o.id.startsWith('o-bram-')).length;
    expect(first.total).toBe(all);
    expect(ids(first)).toHaveLength(5);
    expect(link(first, 'previous')).toBeUndefined();
    const seen = [...ids(first)];
    let page = first;
    while (link(page, 'next')) {
      page = await search(link(page, 'next')!);
      expect(link(page, 'previous')).toBeDefined();
      expect(page.total).toBe(all);
      seen.push(...ids(page));
    }
    expect(link(page, 'self')).toBe(link(first, 'last'));
    expect(new Set(seen).size).toBe(all);
    // Following the pages keeps the sort order across pages.
    const dates = seen.map(effective);
    expect([...dates].sort()).toEqual(dates);
  });

  it('defaults to 50 per page and caps _count at 200', async () => {
    const { search } = await withToken();
    const all = observations.length;
    expect(all).toBeGreaterThan(50);
    expect(ids(await search('Observation'))).toHaveLength(50);
    const capped = await search('Observation?_count=500');
    expect(ids(capped)).toHaveLength(Math.min(all, 200));
    expect(link(capped, 'self')).toContain('_count=200');
  });

  it('answers _summary=count with the total only', async () => {
    const { search } = await withToken();
    const b = await search('Encounter?_summary=count');
    expect(b.total).toBe(encounters.length);
    expect(b.entry).toBeUndefined();
  });

  it('sorts by -date, newest first', async () => {
    const { search } = await withToken();
    const b = await search('Observation?patient=Patient/p-grace&_sort=-date');
    const dates = ids(b).map(effective);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(dates[0] > dates[dates.length - 1]).toBe(true);
  });

  it('sorts patients by birthdate and by family name (the pickers)', async () => {
    const { search } = await withToken();
    const byBirth = await search('Patient?_sort=birthdate&_count=100');
    const births = ids(byBirth).map((id) => patients.find((p) => p.id === id)!.birthDate as string);
    expect([...births].sort()).toEqual(births);
    const byName = await search('Patient?_sort=family&_count=3');
    expect(ids(byName)).toEqual(['p-chloe', 'p-anna', 'p-bram']); // Bakker, de Vries, Jansen
    expect(byName.total).toBe(patients.length);
  });

  it('finds patients by name, case- and accent-insensitive, across given and family', async () => {
    const { search } = await withToken();
    expect(ids(await search('Patient?name=chloe'))).toEqual(['p-chloe']);
    expect(ids(await search('Patient?name=VRIES'))).toEqual(['p-anna']);
    expect(ids(await search('Patient?family=Okafor'))).toEqual(['p-grace']);
    expect(ids(await search('Patient?given=hugo'))).toEqual(['p-hugo']);
    expect(ids(await search('Patient?name=zzz'))).toEqual([]);
  });

  it('finds by _id, identifier (BSN) and gender', async () => {
    const { search } = await withToken();
    expect(ids(await search('Patient?_id=p-daan,p-emma'))).toEqual(['p-daan', 'p-emma']);
    expect(ids(await search('Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn|999990019'))).toEqual(['p-anna']);
    const men = ids(await search('Patient?gender=male&_count=100'));
    expect(men).toEqual(patients.filter((p) => p.gender === 'male').map((p) => p.id));
  });

  it('finds by birthdate with prefixes', async () => {
    const { search } = await withToken();
    const emma = patients.find((p) => p.id === 'p-emma')!.birthDate as string;
    expect(ids(await search(`Patient?birthdate=${emma}`))).toEqual(['p-emma']);
    const younger = ids(await search(`Patient?birthdate=gt${emma}`));
    expect(younger).toEqual(patients.filter((p) => (p.birthDate as string) > emma).map((p) => p.id));
    expect(younger).toContain('p-finn');
  });

  it('filters Observations by date range', async () => {
    const { search } = await withToken();
    const since = dateDaysAgo(100).slice(0, 10);
    const recent = await search(`Observation?patient=p-grace&date=ge${since}&_count=200`);
    const expected = observations.filter((o) => o.id.startsWith('o-grace-') && (o.effectiveDateTime as string) >= since);
    expect(recent.total).toBe(expected.length);
    expect(recent.total).toBeGreaterThan(0);
    const older = await search(`Observation?patient=p-grace&date=lt${since}&_count=200`);
    expect(recent.total + older.total).toBe(observations.filter((o) => o.id.startsWith('o-grace-')).length);
  });

  it('filters by code (system|code and code alone) and category', async () => {
    const { search } = await withToken();
    const bw = await search('Observation?code=http://loinc.org|29463-7&_count=200');
    expect(bw.total).toBeGreaterThan(5);
    expect(bw.entry!.every((e) => JSON.stringify(e.resource.code).includes('29463-7'))).toBe(true);
    expect((await search('Observation?code=29463-7&_summary=count')).total).toBe(bw.total);
    expect((await search('Observation?code=http://snomed.info/sct|29463-7&_summary=count')).total).toBe(0);
    const bp = await search('Observation?patient=p-bram&code=85354-9');
    expect(bp.entry![0].resource.component).toHaveLength(2);
    const labs = await search('Observation?category=laboratory&_summary=count');
    const vitals = await search('Observation?category=vital-signs&_summary=count');
    expect(labs.total + vitals.total).toBe(observations.length);
  });

  it('filters Encounters by patient, status and date; Observations by encounter', async () => {
    const { search } = await withToken();
    expect(ids(await search('Encounter?patient=p-hugo&status=in-progress'))).toEqual(['e-hugo-1']);
    const obs = await search('Observation?encounter=Encounter/e-anna-1');
    expect(obs.total).toBeGreaterThan(0);
    expect(obs.entry!.every((e) => (e.resource.encounter as { reference: string }).reference === 'Encounter/e-anna-1')).toBe(true);
  });

  it('searches with POST [type]/_search and a form body', async () => {
    const { request, t } = await withToken();
    const res = await request('Patient/_search', {
      method: 'POST',
      token: t,
      body: 'name=jansen',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    const b = (await res.json()) as Bundle;
    expect(ids(b)).toEqual(['p-bram']);
    expect(link(b, 'self')).toBe(`${BASE}/Patient?name=jansen&_count=50`);
  });

  it('ignores unknown parameters but says so in an outcome entry; rejects them with Prefer: handling=strict', async () => {
    const { search, request, t } = await withToken();
    const b = await search('Patient?name=anna&colour=blue');
    expect(ids(b)).toEqual(['p-anna']);
    const outcome = b.entry!.find((e) => e.search.mode === 'outcome')!.resource as unknown as Outcome;
    expect(outcome.issue[0].diagnostics).toContain('colour');
    expect(link(b, 'self')).not.toContain('colour');
    const strict = await request('Patient?name=anna&colour=blue', { token: t, headers: { prefer: 'handling=strict' } });
    expect(strict.status).toBe(400);
  });

  it('answers 400 for a malformed date, an unsupported modifier or an unknown sort', async () => {
    const { get, t } = await withToken();
    for (const q of ['Observation?date=yesterday', 'Patient?name:fuzzy=ann', 'Patient?_sort=shoe-size', 'Patient?_count=ten']) {
      const res = await get(q, t);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as Outcome).resourceType).toBe('OperationOutcome');
    }
  });

  it('supports the compartment search Patient/[id]/[type]', async () => {
    const { search } = await withToken();
    const b = await search('Patient/p-emma/Condition');
    expect(ids(b)).toEqual(['c-emma-1']);
  });
});

describe('lenient where a real client slips', () => {
  it('reads a date whose "+" offset was not percent-encoded', async () => {
    const { search } = await withToken();
    const since = `${dateDaysAgo(100).slice(0, 10)}T00:00:00`;
    const encoded = await search(`Observation?patient=p-grace&date=ge${since}%2B00:00&_summary=count`);
    const raw = await search(`Observation?patient=p-grace&date=ge${since}+00:00&_summary=count`);
    expect(encoded.total).toBeGreaterThan(0);
    expect(raw.total).toBe(encoded.total);
  });

  it('answers 400, not a crash, for a malformed %-escape in the path', async () => {
    const { get, t } = await withToken();
    const res = await get('Patient/%E0%A4%A', t);
    expect(res.status).toBe(400);
  });
});
