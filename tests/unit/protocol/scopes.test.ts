import { describe, expect, it } from 'vitest';
import { checkScope, describeScope, isValidScope, parseScope, parseScopes, scopeDiff, toV2, validateScopes } from '../../../src/protocol/scopes';

describe('SMART scope grammar', () => {
  it('parses v1 resource scopes', () => {
    expect(parseScope('patient/Observation.read')).toEqual({
      kind: 'resource',
      raw: 'patient/Observation.read',
      context: 'patient',
      resourceType: 'Observation',
      version: 'v1',
      permissions: ['r', 's'],
      v1Access: 'read',
    });
    expect(parseScope('user/*.*')).toMatchObject({ context: 'user', resourceType: '*', version: 'v1', v1Access: '*' });
    expect(parseScope('system/Patient.write')).toMatchObject({ context: 'system', v1Access: 'write' });
  });

  it('parses v2 resource scopes with permissions and a query', () => {
    expect(parseScope('patient/Observation.rs?category=laboratory')).toEqual({
      kind: 'resource',
      raw: 'patient/Observation.rs?category=laboratory',
      context: 'patient',
      resourceType: 'Observation',
      version: 'v2',
      permissions: ['r', 's'],
      v2Permissions: { c: false, r: true, u: false, d: false, s: true },
      query: 'category=laboratory',
    });
    expect(parseScope('system/*.cruds')).toMatchObject({ version: 'v2', v2Permissions: { c: true, r: true, u: true, d: true, s: true } });
  });

  it('parses launch, identity and refresh scopes, and marks others unknown', () => {
    expect(parseScopes('launch launch/patient launch/encounter openid fhirUser profile offline_access online_access 48').map((s) => s.kind)).toEqual([
      'launch',
      'launch',
      'launch',
      'openid',
      'fhirUser',
      'profile',
      'offline_access',
      'online_access',
      'unknown',
    ]);
    expect(parseScope('launch/patient')).toEqual({ kind: 'launch', raw: 'launch/patient', context: 'patient' });
  });

  it('finds no problem in a well-formed request', () => {
    expect(validateScopes('launch/patient openid fhirUser offline_access patient/Observation.rs patient/Patient.read')).toEqual([]);
  });

  it.each([
    ['patient/Observation.rsx', 'malformed', /"x" is not a permission/],
    ['patient/Observation.', 'malformed', /permissions after the dot are missing/],
    ['patient/Observation.rr', 'malformed', /appears twice/],
    ['patient/observation.rs', 'malformed', /start with a capital/],
    ['Patient/Observation.rs', 'malformed', /context "Patient"/],
    ['patient/Observation', 'malformed', /<context>\/<ResourceType>\.<permissions>/],
    ['patient/Observation.read?code=1234', 'malformed', /only on SMART v2/],
    ['patient/Observation.rs?category', 'malformed', /name=value/],
  ])('reports %s as %s', (scope, code, message) => {
    const problems = validateScopes(scope);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ scope, code, severity: 'error' });
    expect(problems[0].message).toMatch(message);
    expect(problems[0].hint.length).toBeGreaterThan(10);
  });

  it('reports v2 permissions in the wrong order and says the right order', () => {
    const [problem] = validateScopes('patient/Observation.sr');
    expect(problem).toMatchObject({ code: 'order', severity: 'error' });
    expect(problem.hint).toContain('patient/Observation.rs');
    expect(validateScopes('user/*.dc')[0].hint).toContain('user/*.cd');
  });

  it('warns about unknown scopes, duplicates, extra spaces, both refresh kinds and bad characters', () => {
    const codes = (s: string) => validateScopes(s).map((p) => p.code);
    expect(codes('openid email')).toEqual(['unknown']);
    expect(codes('openid openid')).toEqual(['duplicate']);
    expect(codes('openid  fhirUser')).toEqual(['whitespace']);
    expect(codes('offline_access online_access')).toEqual(['conflict']);
    expect(codes('patient/Observation.rs"')).toEqual(['invalid_character']);
    expect(codes('launch/location')).toEqual(['unknown']);
    expect(codes('')).toEqual(['malformed']);
  });

  it('describes scopes in plain English', () => {
    expect(describeScope('patient/Observation.rs')).toBe('Read and search Observations of the patient in context');
    expect(describeScope('patient/Observation.read')).toBe('Read and search Observations of the patient in context');
    expect(describeScope('user/*.cruds')).toBe('Create, read, update, delete and search all resource types the user may access');
    expect(describeScope('system/AllergyIntolerance.r')).toMatch(/^Read AllergyIntolerances this client may access on its own/);
    expect(describeScope('patient/Observation.rs?category=laboratory')).toMatch(/only those matching category=laboratory$/);
    expect(describeScope('offline_access')).toMatch(/refresh token/);
    expect(describeScope('patient/Observation.rsx')).toMatch(/^Malformed scope/);
  });

  it('describes scopes in Dutch', () => {
    expect(describeScope('patient/Observation.rs', 'nl')).toBe('Lezen en zoeken in Observation-resources van de patiënt in context');
  });

  it('converts v1 scopes to v2 and leaves others alone', () => {
    expect(toV2('patient/Observation.read')).toBe('patient/Observation.rs');
    expect(toV2('user/*.write')).toBe('user/*.cud');
    expect(toV2('system/Patient.*')).toBe('system/Patient.cruds');
    expect(toV2('openid patient/Observation.rs launch/patient')).toBe('openid patient/Observation.rs launch/patient');
  });

  it('diffs requested and granted scopes', () => {
    const diff = scopeDiff(
      'launch/patient openid patient/Observation.read patient/Condition.rs patient/MedicationRequest.rs',
      'launch/patient patient/Observation.rs patient/Condition.r offline_access',
    );
    expect(diff.kept).toEqual(['launch/patient']);
    expect(diff.dropped).toEqual(['openid', 'patient/MedicationRequest.rs']);
    expect(diff.added).toEqual(['offline_access']);
    expect(diff.changed).toEqual([
      { requested: 'patient/Observation.read', granted: 'patient/Observation.rs', relation: 'same-meaning' },
      { requested: 'patient/Condition.rs', granted: 'patient/Condition.r', relation: 'narrowed' },
    ]);
  });
});

/** SMART App Launch 2.2 §Scopes and launch context: the edge cases the app and the mock servers must read alike. */
describe('the one SMART scope grammar', () => {
  const errors = (token: string) => checkScope(token).problems.filter((p) => p.severity === 'error');

  it('accepts the wildcard resource type: patient/*.rs reads and searches every type', () => {
    expect(isValidScope('patient/*.rs')).toBe(true);
    expect(parseScope('patient/*.rs')).toMatchObject({ kind: 'resource', context: 'patient', resourceType: '*', version: 'v2', permissions: ['r', 's'] });
    expect(parseScope('system/*.read')).toMatchObject({ resourceType: '*', version: 'v1', permissions: ['r', 's'] });
  });

  it('keeps a v2 query qualifier: patient/Observation.rs?category=laboratory', () => {
    expect(isValidScope('patient/Observation.rs?category=laboratory')).toBe(true);
    expect(parseScope('patient/Observation.rs?category=laboratory')).toMatchObject({ resourceType: 'Observation', query: 'category=laboratory' });
    // v1 has no qualifiers.
    expect(isValidScope('patient/Observation.read?category=laboratory')).toBe(false);
  });

  it('reads a v1 user scope: user/Patient.read is read and search', () => {
    expect(isValidScope('user/Patient.read')).toBe(true);
    expect(parseScope('user/Patient.read')).toMatchObject({ context: 'user', version: 'v1', v1Access: 'read', permissions: ['r', 's'] });
    expect(parseScope('user/Patient.write')).toMatchObject({ permissions: ['c', 'u', 'd'] });
    expect(parseScope('user/*.*')).toMatchObject({ permissions: ['c', 'r', 'u', 'd', 's'] });
  });

  it('refuses a resource scope without its context: Patient.rs', () => {
    expect(isValidScope('Patient.rs')).toBe(false);
    expect(parseScope('Patient.rs')).toMatchObject({ kind: 'malformed' });
    expect(errors('Patient.rs')[0]?.hint).toContain('patient/Patient.rs');
  });

  it('refuses a lower-case resource type: patient/observation.rs', () => {
    expect(isValidScope('patient/observation.rs')).toBe(false);
    expect(parseScope('patient/observation.rs')).toMatchObject({ kind: 'malformed' });
  });

  it('refuses v2 permissions out of order (.sr), and says the right order', () => {
    expect(isValidScope('patient/Observation.sr')).toBe(false);
    expect(errors('patient/Observation.sr')).toMatchObject([{ code: 'order', hint: expect.stringContaining('patient/Observation.rs') }]);
    expect(isValidScope('patient/Observation.rrs')).toBe(false);
    expect(isValidScope('patient/Observation.')).toBe(false);
    expect(isValidScope('patient/Observation.cruds')).toBe(true);
  });

  it('knows the launch, identity and refresh scopes, and no other launch context', () => {
    for (const token of ['launch', 'launch/patient', 'launch/encounter', 'openid', 'fhirUser', 'profile', 'offline_access', 'online_access']) {
      expect(isValidScope(token), token).toBe(true);
    }
    expect(isValidScope('launch/practitioner')).toBe(false);
    expect(isValidScope('fhiruser')).toBe(false);
    expect(isValidScope('Patient/Observation.rs')).toBe(false);
  });
});
