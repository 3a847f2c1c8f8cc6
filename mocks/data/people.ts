import { dateYearsAgo } from './dates';

/** FHIR R4 resources, typed loosely: the mock FHIR server serves them as JSON. */
export type FhirResource = { resourceType: string; id: string } & Record<string, unknown>;

interface PersonSeed {
  id: string;
  given: string;
  family: string;
  gender: 'female' | 'male';
  /** age in whole years, plus days past the birthday */
  age: [years: number, days: number];
  city: string;
  bsn: string;
}

// Nine patients of different ages: adults, a 17- and a 16-year-old, a 15-year-old
// a few weeks short of 16 (MedMij's availability check refuses under-16s), and a child.
const patientSeeds: PersonSeed[] = [
  { id: 'p-anna', given: 'Anna', family: 'de Vries', gender: 'female', age: [34, 120], city: 'Utrecht', bsn: '999990019' },
  { id: 'p-bram', given: 'Bram', family: 'Jansen', gender: 'male', age: [67, 40], city: 'Harderwijk', bsn: '999990020' },
  { id: 'p-chloe', given: 'Chloé', family: 'Bakker', gender: 'female', age: [17, 200], city: 'Amsterdam', bsn: '999990032' },
  { id: 'p-daan', given: 'Daan', family: 'Visser', gender: 'male', age: [16, 30], city: 'Zwolle', bsn: '999990044' },
  { id: 'p-emma', given: 'Emma', family: 'Smit', gender: 'female', age: [15, 330], city: 'Leiden', bsn: '999990056' },
  { id: 'p-finn', given: 'Finn', family: 'Meijer', gender: 'male', age: [8, 15], city: 'Groningen', bsn: '999990068' },
  { id: 'p-grace', given: 'Grace', family: 'Okafor', gender: 'female', age: [45, 77], city: 'Rotterdam', bsn: '999990007' },
  { id: 'p-hugo', given: 'Hugo', family: 'Peters', gender: 'male', age: [82, 3], city: 'Maastricht', bsn: '999990081' },
  { id: 'p-iris', given: 'Iris', family: 'Mulder', gender: 'female', age: [29, 250], city: 'Eindhoven', bsn: '999990093' },
];

export const patients: FhirResource[] = patientSeeds.map((p) => ({
  resourceType: 'Patient',
  id: p.id,
  meta: { lastUpdated: '2026-01-01T00:00:00Z' },
  identifier: [{ system: 'http://fhir.nl/fhir/NamingSystem/bsn', value: p.bsn }],
  active: true,
  name: [{ use: 'official', family: p.family, given: [p.given], text: `${p.given} ${p.family}` }],
  gender: p.gender,
  birthDate: dateYearsAgo(p.age[0], p.age[1]),
  address: [{ city: p.city, country: 'NL' }],
}));

export const practitioners: FhirResource[] = [
  { id: 'pr-lotte', given: 'Lotte', family: 'Hendriks', prefix: 'Dr.', role: 'General practitioner', agb: '01004567' },
  { id: 'pr-samuel', given: 'Samuel', family: 'Adeyemi', prefix: 'Dr.', role: 'Paediatrician', agb: '03012345' },
  { id: 'pr-noor', given: 'Noor', family: 'El Amrani', prefix: '', role: 'Nurse practitioner', agb: '91023456' },
].map((p) => ({
  resourceType: 'Practitioner',
  id: p.id,
  // A made-up AGB code (the Dutch healthcare provider register), in its NamingSystem.
  identifier: [{ system: 'http://fhir.nl/fhir/NamingSystem/agb-z', value: p.agb }],
  active: true,
  name: [{ family: p.family, given: [p.given], prefix: p.prefix ? [p.prefix] : undefined, text: `${p.prefix} ${p.given} ${p.family}`.trim() }],
  qualification: [{ code: { text: p.role } }],
}));

/** The display name of a Patient or Practitioner. */
export function displayName(resource: FhirResource | undefined): string {
  const name = (resource?.name as { text?: string }[] | undefined)?.[0];
  return name?.text ?? resource?.id ?? '(unknown)';
}

/** The patients' BSNs, for DigiD and MedMij (never sent to a FHIR server). */
export const bsnByPatient: Record<string, string> = Object.fromEntries(patientSeeds.map((p) => [p.id, p.bsn]));
