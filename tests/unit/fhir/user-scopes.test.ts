import { describe, expect, it } from 'vitest';
import { BASE, setup, type Bundle, type Outcome } from './helpers';

/**
 * user/ scopes reach what the signed-in user may see (SMART App Launch 2.2,
 * scopes and launch context): for a practitioner in this mock, every patient;
 * for a patient, only their own record.
 */
const USER_SCOPES = 'launch/patient openid fhirUser user/Patient.rs user/Observation.rs';
const patientsOf = (bundle: Bundle) =>
  new Set((bundle.entry ?? []).filter((e) => e.search.mode === 'match').map((e) => (e.resource.subject as { reference: string }).reference));

describe('user/ scopes', () => {
  it('reach across patients for a practitioner, whatever the patient in context', async () => {
    const { get, token } = setup();
    const t = await token({ scope: USER_SCOPES, fhirUser: `${BASE}/Practitioner/pr-lotte`, patient: 'p-grace' });
    expect((await get('Patient/p-grace', t)).status).toBe(200);
    expect((await get('Patient/p-anna', t)).status).toBe(200);
    const res = await get('Observation?patient=p-anna', t);
    expect(res.status).toBe(200);
    expect(patientsOf((await res.json()) as Bundle)).toEqual(new Set(['Patient/p-anna']));
  });

  it("reach only the signed-in patient's own record for a patient", async () => {
    const { get, token } = setup();
    const t = await token({ scope: USER_SCOPES, fhirUser: `${BASE}/Patient/p-anna`, patient: 'p-anna' });
    expect((await get('Patient/p-anna', t)).status).toBe(200);
    const other = await get('Patient/p-bram', t);
    expect(other.status).toBe(403);
    expect(((await other.json()) as Outcome).issue[0].diagnostics).toMatch(/signed-in patient/);
    expect((await get('Observation?patient=p-bram', t)).status).toBe(403);
    const all = await get('Observation', t);
    expect(all.status).toBe(200);
    expect(patientsOf((await all.json()) as Bundle)).toEqual(new Set(['Patient/p-anna']));
  });
});
