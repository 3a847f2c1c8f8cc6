import { describe, expect, it } from 'vitest';
import { findResource, patients, practitioners, recordsOf, resourcesByType, type FhirResource } from '../../../mocks/data';
import { ageOn } from '../../../mocks/data/dates';

/** Every `reference` anywhere in a resource. */
function references(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (typeof value !== 'object' || value === null) return [];
  const here = typeof (value as { reference?: unknown }).reference === 'string' ? [(value as { reference: string }).reference] : [];
  return [...here, ...Object.values(value).flatMap(references)];
}

const all: FhirResource[] = Object.values(resourcesByType).flat();

describe('the clinical data set', () => {
  it('gives at least eight patients encounters and observations, 1 to 3 encounters each', () => {
    const withData = patients.filter((p) => recordsOf('Observation', p.id).length > 0 && recordsOf('Encounter', p.id).length > 0);
    expect(withData.length).toBeGreaterThanOrEqual(8);
    for (const p of withData) expect(recordsOf('Encounter', p.id).length).toBeLessThanOrEqual(3);
  });

  it('has only references that resolve inside the data set', () => {
    for (const r of all) {
      for (const ref of references(r)) {
        const [type, id] = ref.split('/');
        expect(findResource(type, id), `${r.resourceType}/${r.id} -> ${ref}`).toBeDefined();
      }
    }
  });

  it('has unique ids per type', () => {
    for (const [type, list] of Object.entries(resourcesByType)) expect(new Set(list.map((r) => r.id)).size, type).toBe(list.length);
  });

  it('dates every observation in the past, relative to today', () => {
    const now = Date.now();
    for (const o of resourcesByType.Observation) expect(Date.parse(o.effectiveDateTime as string)).toBeLessThan(now);
  });

  it('codes vital signs and labs in LOINC with a category, and blood pressure as components', () => {
    for (const o of resourcesByType.Observation) {
      const coding = (o.code as { coding: { system: string }[] }).coding[0];
      expect(coding.system).toBe('http://loinc.org');
      expect(o.category).toBeDefined();
    }
    const bp = resourcesByType.Observation.filter((o) => JSON.stringify(o.code).includes('85354-9'));
    expect(bp.length).toBeGreaterThan(5);
    for (const o of bp) expect(JSON.stringify(o.component)).toMatch(/8480-6.*8462-4/);
  });

  it('keeps the ages the scenarios rely on', () => {
    const age = (id: string) => ageOn(findResource('Patient', id)!.birthDate as string);
    expect(age('p-daan')).toBe(16);
    expect(age('p-emma')).toBe(15);
    expect(practitioners.map((p) => p.id)).toEqual(['pr-lotte', 'pr-samuel', 'pr-noor']);
  });
});
