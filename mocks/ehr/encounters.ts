import { encounters, recordsOf, type FhirResource } from '../data';

/**
 * The encounters an EHR launch (or the encounter picker) can put in context:
 * the FHIR server's own Encounter resources, so the one chosen can be read.
 */
export function findEncounter(id: string): FhirResource | undefined {
  return encounters.find((e) => e.id === id);
}

export function encountersOf(patientId: string): FhirResource[] {
  return recordsOf('Encounter', patientId);
}

interface Concept {
  text?: string;
  coding?: { display?: string }[];
}

const words = (c: Concept | undefined) => c?.text ?? c?.coding?.[0]?.display ?? '';

/** "Check-up — Persistent cough (2026-03-01, in-progress)" */
export function encounterLabel(encounter: FhirResource): string {
  const type = words((encounter.type as Concept[] | undefined)?.[0]) || (encounter.class as { display?: string }).display || 'Encounter';
  const reason = words((encounter.reasonCode as Concept[] | undefined)?.[0]);
  const start = ((encounter.period as { start?: string } | undefined)?.start ?? '').slice(0, 10);
  return `${type}${reason ? ` — ${reason}` : ''} (${start}, ${encounter.status as string})`;
}
