import { describe, expect, it } from 'vitest';
import { coveringScopes, neededScopes, parseResourceScope, parseScopes, scopeCovers, scopeVersion } from '../../../mocks/fhir/scopes';

const covers = (raw: string, type: string, interaction: 'read' | 'search') => {
  const s = parseResourceScope(raw);
  if (!s || s === 'invalid') throw new Error(`${raw} did not parse`);
  return scopeCovers(s, type, interaction);
};

describe('SMART scope parsing for enforcement', () => {
  it('reads v1 scopes: .read grants read and search, .write grants neither', () => {
    expect(covers('patient/Observation.read', 'Observation', 'read')).toBe(true);
    expect(covers('patient/Observation.read', 'Observation', 'search')).toBe(true);
    expect(covers('patient/Observation.write', 'Observation', 'read')).toBe(false);
    expect(covers('user/*.*', 'Condition', 'search')).toBe(true);
    expect(covers('system/*.read', 'Group', 'read')).toBe(true);
  });

  it('reads v2 scopes letter by letter', () => {
    expect(covers('patient/Observation.rs', 'Observation', 'search')).toBe(true);
    expect(covers('patient/Observation.r', 'Observation', 'read')).toBe(true);
    expect(covers('patient/Observation.r', 'Observation', 'search')).toBe(false);
    expect(covers('patient/Observation.s', 'Observation', 'read')).toBe(false);
    expect(covers('user/Patient.cruds', 'Patient', 'read')).toBe(true);
    expect(covers('system/*.rs', 'Encounter', 'search')).toBe(true);
  });

  it('matches the resource type exactly (or *)', () => {
    expect(covers('patient/Observation.rs', 'Condition', 'read')).toBe(false);
    expect(covers('patient/*.rs', 'Condition', 'read')).toBe(true);
  });

  it('keeps the context and a v2 query restriction', () => {
    const s = parseResourceScope('patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory');
    expect(s).toMatchObject({ context: 'patient', resourceType: 'Observation', version: 'v2' });
    expect(s !== 'invalid' && s?.query?.get('category')).toBe('http://terminology.hl7.org/CodeSystem/observation-category|laboratory');
  });

  it('rejects permissions out of order, repeated, empty, and v1 scopes with a query', () => {
    for (const raw of [
      'patient/Observation.sr',
      'patient/Observation.rrs',
      'patient/Observation.',
      'patient/Observation.read?category=x',
      'patient/observation.rs',
    ]) {
      expect(parseResourceScope(raw), raw).toBe('invalid');
    }
  });

  it('separates clinical scopes from the others', () => {
    const parsed = parseScopes('openid fhirUser launch/patient offline_access patient/Patient.r patient/Observation.sr');
    expect(parsed.resource.map((s) => s.raw)).toEqual(['patient/Patient.r']);
    expect(parsed.other).toEqual(['openid', 'fhirUser', 'launch/patient', 'offline_access']);
    expect(parsed.invalid).toEqual(['patient/Observation.sr']);
  });

  it('lists the scopes that cover a request', () => {
    const parsed = parseScopes('patient/Observation.r user/Observation.rs patient/Condition.rs');
    expect(coveringScopes(parsed, 'Observation', 'search').map((s) => s.raw)).toEqual(['user/Observation.rs']);
  });

  it('names the needed scope in both spellings and detects the version in use', () => {
    expect(neededScopes('patient', 'Observation')).toEqual({ v2: 'patient/Observation.rs', v1: 'patient/Observation.read' });
    expect(scopeVersion(parseScopes('patient/*.read launch'))).toBe('v1');
    expect(scopeVersion(parseScopes('patient/*.rs'))).toBe('v2');
  });
});
