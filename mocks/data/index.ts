import { allergyIntolerances, conditions, encounters, medicationRequests, observations } from './clinical';
import { displayName, patients, practitioners, type FhirResource } from './people';

export { encounters, observations } from './clinical';
export { displayName, patients, practitioners, type FhirResource } from './people';

/**
 * One Group with every patient as a member: what a SMART Backend Services
 * client (a population-health job) searches or exports.
 */
const groups: FhirResource[] = [
  {
    resourceType: 'Group',
    id: 'g-all',
    meta: { lastUpdated: '2026-01-01T00:00:00Z' },
    type: 'person',
    actual: true,
    name: 'All patients of the playground practice',
    quantity: patients.length,
    member: patients.map((p) => ({ entity: { reference: `Patient/${p.id}`, display: displayName(p) } })),
  },
];

/** Every resource the mock FHIR server serves, by resource type. */
export const resourcesByType: Readonly<Record<string, readonly FhirResource[]>> = {
  Patient: patients,
  Practitioner: practitioners,
  Encounter: encounters,
  Observation: observations,
  Condition: conditions,
  MedicationRequest: medicationRequests,
  AllergyIntolerance: allergyIntolerances,
  Group: groups,
};

export function findResource(type: string, id: string): FhirResource | undefined {
  return resourcesByType[type]?.find((r) => r.id === id);
}

/** The reference (`Patient/p-anna`) a clinical resource is about, if any. */
export function patientOf(resource: FhirResource): string | undefined {
  if (resource.resourceType === 'Patient') return resource.id;
  const target = (resource.subject ?? resource.patient) as { reference?: string } | undefined;
  const match = /^Patient\/(.+)$/.exec(target?.reference ?? '');
  return match?.[1];
}

/** A patient's own records of one type (for pickers and the MedMij resource server). */
export function recordsOf(type: string, patientId: string): FhirResource[] {
  return (resourcesByType[type] ?? []).filter((r) => patientOf(r) === patientId);
}
