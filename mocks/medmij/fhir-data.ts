import { dateDaysAgo } from '../data/dates';
import { patients, type FhirResource } from '../data/people';

/**
 * The FHIR resources a zorgaanbieder returns per gegevensdienst. Values vary
 * by patient but are fixed, so a run can be repeated. The BSN identifier of
 * the shared patient data is stripped here: a MedMij resource server sends no
 * BSN (the token already says whose data it is).
 */
export const BSN_SYSTEM = 'http://fhir.nl/fhir/NamingSystem/bsn';
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

export function withoutBsn(resource: FhirResource): FhirResource {
  const identifiers = resource.identifier as { system?: string }[] | undefined;
  if (!identifiers) return resource;
  return { ...resource, identifier: identifiers.filter((i) => i.system !== BSN_SYSTEM) };
}

const LABS = [
  { code: '59260-0', display: 'Hemoglobin [Moles/volume] in Blood', text: 'Hemoglobine', unit: 'mmol/L', base: 8.1, step: 0.3, low: 7.5, high: 10 },
  {
    code: '14749-6',
    display: 'Glucose [Moles/volume] in Serum or Plasma',
    text: 'Glucose (nuchter)',
    unit: 'mmol/L',
    base: 5.0,
    step: 0.4,
    low: 4.0,
    high: 6.1,
  },
  {
    code: '14647-2',
    display: 'Cholesterol [Moles/volume] in Serum or Plasma',
    text: 'Cholesterol totaal',
    unit: 'mmol/L',
    base: 4.6,
    step: 0.5,
    low: 0,
    high: 6.5,
  },
  { code: '14682-9', display: 'Creatinine [Moles/volume] in Serum or Plasma', text: 'Kreatinine', unit: 'umol/L', base: 70, step: 6, low: 45, high: 110 },
];

function patientIndex(patientId: string): number {
  return Math.max(
    0,
    patients.findIndex((p) => p.id === patientId),
  );
}

function labObservations(patientId: string, za: string): FhirResource[] {
  const i = patientIndex(patientId);
  return LABS.map((lab, n) => {
    const value = Math.round((lab.base + ((i + n) % 4) * lab.step) * 10) / 10;
    return {
      resourceType: 'Observation',
      id: `${za}-lab-${patientId}-${n + 1}`,
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory', display: 'Laboratory' }] }],
      code: { coding: [{ system: LOINC, code: lab.code, display: lab.display }], text: lab.text },
      subject: { reference: `Patient/${patientId}` },
      effectiveDateTime: dateDaysAgo(20 + n * 30 + i),
      valueQuantity: { value, unit: lab.unit, system: UCUM, code: lab.unit },
      referenceRange: [
        {
          ...(lab.low ? { low: { value: lab.low, unit: lab.unit, system: UCUM, code: lab.unit } } : {}),
          high: { value: lab.high, unit: lab.unit, system: UCUM, code: lab.unit },
        },
      ],
    };
  });
}

function basisgegevens(patientId: string, za: string): FhirResource[] {
  const i = patientIndex(patientId);
  const allergies = [
    { code: '91936005', display: 'Allergy to penicillin' },
    { code: '91935009', display: 'Allergy to peanuts' },
    { code: '300913006', display: 'Shellfish allergy' },
  ];
  const conditions = [
    { code: '195967001', display: 'Asthma' },
    { code: '38341003', display: 'Hypertensive disorder' },
    { code: '44054006', display: 'Diabetes mellitus type 2' },
  ];
  const a = allergies[i % allergies.length];
  const c = conditions[i % conditions.length];
  return [
    {
      resourceType: 'AllergyIntolerance',
      id: `${za}-allergy-${patientId}`,
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      code: { coding: [{ system: 'http://snomed.info/sct', code: a.code, display: a.display }], text: a.display },
      patient: { reference: `Patient/${patientId}` },
    },
    {
      resourceType: 'Condition',
      id: `${za}-condition-${patientId}`,
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      code: { coding: [{ system: 'http://snomed.info/sct', code: c.code, display: c.display }], text: c.display },
      subject: { reference: `Patient/${patientId}` },
      onsetDateTime: dateDaysAgo(400 + i * 50),
    },
  ];
}

function medication(patientId: string, za: string): FhirResource[] {
  const meds = [
    { code: 'N02BE01', display: 'paracetamol', dose: '500 mg, max 4x daags' },
    { code: 'A02BC01', display: 'omeprazol', dose: '20 mg, 1x daags' },
  ];
  return meds.map((m, n) => ({
    resourceType: 'MedicationStatement',
    id: `${za}-med-${patientId}-${n + 1}`,
    status: 'active',
    medicationCodeableConcept: { coding: [{ system: 'http://www.whocc.no/atc', code: m.code, display: m.display }], text: m.display },
    subject: { reference: `Patient/${patientId}` },
    dosage: [{ text: m.dose }],
  }));
}

/** All resources a zorgaanbieder holds for one patient and gegevensdienst (the Patient included). */
export function resourcesFor(za: string, dienst: string, patientId: string): FhirResource[] {
  const patient = patients.find((p) => p.id === patientId);
  const own = dienst === '4' ? labObservations(patientId, za) : dienst === '2' ? medication(patientId, za) : basisgegevens(patientId, za);
  return [...(patient ? [withoutBsn(patient)] : []), ...own];
}
