import { bsnByPatient } from '../data/people';

/**
 * What the MedMij mock knows: the gegevensdiensten (with their names on the
 * GNL), the zorgaanbieders on the ZAL and, per zorgaanbieder, whose data it
 * holds for which dienst. Names follow MedMij's convention
 * `<name>@medmij` (lower case, no spaces); the part before `@` is also the
 * zorgaanbieder part of a 2.x scope (`umcharderwijk~4`).
 */

export interface Gegevensdienst {
  id: string;
  /** Weergavenaam on the GNL. */
  name: string;
  /** The Systeemrolcode of the resource endpoint on the ZAL (illustrative codes in MedMij's pattern). */
  systeemrolcode: string;
  /** The FHIR resource types this dienst may return. */
  resourceTypes: string[];
}

export const GEGEVENSDIENSTEN: Gegevensdienst[] = [
  { id: '1', name: 'Basisgegevens Zorg', systeemrolcode: 'MM-1.0.0-BZB-FHIR', resourceTypes: ['Patient', 'AllergyIntolerance', 'Condition'] },
  { id: '2', name: 'Medicatieoverzicht', systeemrolcode: 'MM-1.0.0-MOB-FHIR', resourceTypes: ['Patient', 'MedicationStatement'] },
  { id: '4', name: 'Laboratoriumresultaten', systeemrolcode: 'LAB-1.0.0-LRB-FHIR', resourceTypes: ['Patient', 'Observation'] },
];

export interface Zorgaanbieder {
  /** `umcharderwijk@medmij` */
  name: string;
  /** `umcharderwijk`: the URL path segment and the 2.x scope prefix. */
  slug: string;
  /** How the zorgaanbieder presents itself (NaamAanbieder on the consent page). */
  displayName: string;
  /** Gegevensdienst ids it offers (on the ZAL). */
  diensten: string[];
  /** Patients (by id in mocks/data/people.ts) it holds data for, per dienst. */
  holdings: Record<string, string[]>;
}

const everyoneBut = (...ids: string[]) =>
  ['p-anna', 'p-bram', 'p-chloe', 'p-daan', 'p-emma', 'p-finn', 'p-grace', 'p-hugo', 'p-iris'].filter((p) => !ids.includes(p));

// Iris has no data at UMC Harderwijk and Anna none at Apotheek De Linde: an
// adult who meets "No such resources." without any simulation.
export const ZORGAANBIEDERS: Zorgaanbieder[] = [
  {
    name: 'umcharderwijk@medmij',
    slug: 'umcharderwijk',
    displayName: 'UMC Harderwijk',
    diensten: ['1', '4'],
    holdings: { '1': everyoneBut('p-iris'), '4': everyoneBut('p-iris') },
  },
  {
    name: 'huisartsvandam@medmij',
    slug: 'huisartsvandam',
    displayName: 'Huisartsenpraktijk Van Dam',
    diensten: ['1', '4'],
    holdings: { '1': ['p-anna', 'p-chloe', 'p-daan', 'p-emma', 'p-grace', 'p-iris'], '4': ['p-anna', 'p-daan', 'p-grace', 'p-iris'] },
  },
  {
    name: 'apotheekdelinde@medmij',
    slug: 'apotheekdelinde',
    displayName: 'Apotheek De Linde',
    diensten: ['1', '2'],
    holdings: { '1': everyoneBut('p-anna'), '2': ['p-bram', 'p-chloe', 'p-daan', 'p-hugo', 'p-iris'] },
  },
];

export function findZorgaanbieder(slug: string): Zorgaanbieder | undefined {
  return ZORGAANBIEDERS.find((z) => z.slug === slug);
}

export function findGegevensdienst(id: string): Gegevensdienst | undefined {
  return GEGEVENSDIENSTEN.find((g) => g.id === id);
}

/** The patient id a BSN belongs to (the zorgaanbieder's own administration). */
export function patientIdForBsn(bsn: string): string | undefined {
  return Object.entries(bsnByPatient).find(([, b]) => b === bsn)?.[0];
}

export function holdsData(za: Zorgaanbieder, dienst: string, patientId: string): boolean {
  return za.holdings[dienst]?.includes(patientId) ?? false;
}
