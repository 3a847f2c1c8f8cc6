import { dateDaysAgo } from '../data/dates';
import type { FhirResource } from '../data/people';

/**
 * Encounters the mock EHR can launch an app in, a few per patient. FHIR R4
 * Encounter resources, so the FHIR server can serve the one in context.
 */
interface EncounterSeed {
  id: string;
  patient: string;
  practitioner: string;
  kind: 'AMB' | 'IMP' | 'VR';
  reason: string;
  daysAgo: number;
  status: 'in-progress' | 'finished';
}

const seeds: EncounterSeed[] = [
  { id: 'e-anna-1', patient: 'p-anna', practitioner: 'pr-lotte', kind: 'AMB', reason: 'Persistent cough', daysAgo: 0, status: 'in-progress' },
  { id: 'e-anna-2', patient: 'p-anna', practitioner: 'pr-lotte', kind: 'VR', reason: 'Lab results follow-up', daysAgo: 21, status: 'finished' },
  { id: 'e-bram-1', patient: 'p-bram', practitioner: 'pr-lotte', kind: 'AMB', reason: 'Blood pressure check', daysAgo: 0, status: 'in-progress' },
  { id: 'e-bram-2', patient: 'p-bram', practitioner: 'pr-noor', kind: 'IMP', reason: 'Hip replacement', daysAgo: 90, status: 'finished' },
  { id: 'e-chloe-1', patient: 'p-chloe', practitioner: 'pr-samuel', kind: 'AMB', reason: 'Sports injury', daysAgo: 2, status: 'in-progress' },
  { id: 'e-daan-1', patient: 'p-daan', practitioner: 'pr-samuel', kind: 'AMB', reason: 'Asthma review', daysAgo: 0, status: 'in-progress' },
  { id: 'e-emma-1', patient: 'p-emma', practitioner: 'pr-samuel', kind: 'VR', reason: 'Vaccination advice', daysAgo: 7, status: 'finished' },
  { id: 'e-finn-1', patient: 'p-finn', practitioner: 'pr-samuel', kind: 'AMB', reason: 'Ear infection', daysAgo: 0, status: 'in-progress' },
  { id: 'e-grace-1', patient: 'p-grace', practitioner: 'pr-noor', kind: 'AMB', reason: 'Diabetes check', daysAgo: 0, status: 'in-progress' },
  { id: 'e-hugo-1', patient: 'p-hugo', practitioner: 'pr-noor', kind: 'IMP', reason: 'Pneumonia', daysAgo: 1, status: 'in-progress' },
  { id: 'e-iris-1', patient: 'p-iris', practitioner: 'pr-lotte', kind: 'VR', reason: 'Migraine', daysAgo: 3, status: 'finished' },
];

const classDisplay: Record<EncounterSeed['kind'], string> = { AMB: 'ambulatory', IMP: 'inpatient encounter', VR: 'virtual' };

export const encounters: FhirResource[] = seeds.map((e) => ({
  resourceType: 'Encounter',
  id: e.id,
  status: e.status,
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: e.kind, display: classDisplay[e.kind] },
  subject: { reference: `Patient/${e.patient}` },
  participant: [{ individual: { reference: `Practitioner/${e.practitioner}` } }],
  period: e.status === 'finished' ? { start: dateDaysAgo(e.daysAgo), end: dateDaysAgo(e.daysAgo) } : { start: dateDaysAgo(e.daysAgo) },
  reasonCode: [{ text: e.reason }],
}));

export function findEncounter(id: string): FhirResource | undefined {
  return encounters.find((e) => e.id === id);
}

export function encountersOf(patientId: string): FhirResource[] {
  return encounters.filter((e) => (e.subject as { reference: string }).reference === `Patient/${patientId}`);
}

/** "Ambulatory — Persistent cough (2026-03-01)" */
export function encounterLabel(encounter: FhirResource): string {
  const cls = (encounter.class as { display: string }).display;
  const reason = (encounter.reasonCode as { text: string }[])[0]?.text ?? '';
  const start = (encounter.period as { start: string }).start.slice(0, 10);
  return `${cls.charAt(0).toUpperCase()}${cls.slice(1)} — ${reason} (${start}, ${encounter.status as string})`;
}
