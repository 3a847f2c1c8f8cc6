import { describe, expect, it } from 'vitest';
import { describeScope, parseScope, scopeCovers, uncoveredScopes } from '../../../mocks/smart-auth/scopes';

describe('SMART scope grammar', () => {
  it('reads v1 scopes as their v2 permissions', () => {
    expect(parseScope('patient/*.read')).toMatchObject({ ok: true, scope: { version: 'v1', resource: '*', permissions: ['r', 's'] } });
    expect(parseScope('user/Observation.write')).toMatchObject({ ok: true, scope: { context: 'user', permissions: ['c', 'u', 'd'] } });
    expect(parseScope('user/*.*')).toMatchObject({ ok: true, scope: { permissions: ['c', 'r', 'u', 'd', 's'] } });
  });

  it('reads v2 scopes with an optional query', () => {
    expect(parseScope('patient/Observation.rs?category=laboratory')).toMatchObject({
      ok: true,
      scope: { version: 'v2', permissions: ['r', 's'], query: 'category=laboratory' },
    });
  });

  it('refuses permissions out of order, empty, or unknown names', () => {
    expect(parseScope('patient/Observation.sr').ok).toBe(false);
    expect(parseScope('patient/Observation.').ok).toBe(false);
    expect(parseScope('patient/observation.rs').ok).toBe(false);
    expect(parseScope('launch/practitioner').ok).toBe(false);
    expect(parseScope('admin').ok).toBe(false);
  });

  it('decides which scopes a grant covers', () => {
    expect(scopeCovers('patient/*.rs', 'patient/Observation.r')).toBe(true);
    expect(scopeCovers('patient/*.read', 'patient/Observation.rs')).toBe(true);
    expect(scopeCovers('patient/Observation.rs', 'patient/Observation.cruds')).toBe(false);
    expect(scopeCovers('patient/Observation.rs', 'user/Observation.rs')).toBe(false);
    expect(scopeCovers('patient/Observation.rs?category=vital-signs', 'patient/Observation.rs')).toBe(false);
    expect(uncoveredScopes(['openid', 'patient/*.rs'], ['openid', 'fhirUser', 'patient/Condition.s'])).toEqual(['fhirUser']);
  });

  it('says what a scope allows in words', () => {
    expect(describeScope('patient/Observation.rs')).toBe('Read and search your Observations');
    expect(describeScope('patient/Condition.cruds', "the patient's")).toBe("Create, read, update, delete and search the patient's Conditions");
    expect(describeScope('user/*.read')).toBe('Read and search all kinds of records you have access to');
  });
});
