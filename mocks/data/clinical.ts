import { addMinutes, dateDaysAgo, dateTimeDaysAgo, instantMinutesAgo } from './dates';
import { displayName, patients, practitioners, type FhirResource } from './people';
import { atc, loinc, snomed, SYSTEM, type CodeableConcept } from './terminology';

/**
 * The clinical records of the nine patients: encounters, vital signs and labs,
 * problems, medication and allergies. Each patient's chart is a short list of
 * visits; everything measured, diagnosed or prescribed hangs off a visit, so the
 * dates, encounters and practitioners agree with each other. All dates are
 * relative to today (mocks/data/dates.ts), so "last week's blood pressure"
 * stays last week's.
 */

type EncounterClass = 'AMB' | 'IMP' | 'EMER' | 'VR' | 'HH';

interface Visit {
  /** Days before today; 0 with `inProgress` for a visit happening now. */
  days: number;
  time?: string;
  cls: EncounterClass;
  type: CodeableConcept;
  practitioner: string;
  reason?: CodeableConcept;
  /** Length in minutes (default 15), or days for an admission. */
  minutes?: number;
  stayDays?: number;
  inProgress?: boolean;
}

interface Measurements {
  weight?: number;
  height?: number;
  bp?: [systolic: number, diastolic: number];
  hr?: number;
  /** HbA1c in mmol/mol (IFCC, the Dutch lab unit) */
  hba1c?: number;
  /** HbA1c in % (NGSP, the international unit) */
  hba1cPercent?: number;
  cholesterol?: number;
  ldl?: number;
  hdl?: number;
  glucose?: number;
}

interface ProblemSeed {
  code: CodeableConcept;
  onsetDays: number;
  /** The visit (index) at which it was recorded. */
  visit: number;
  resolved?: boolean;
}

interface MedicationSeed {
  medication: CodeableConcept;
  dosage: string;
  visit: number;
  /** Index into the chart's problems. */
  reason?: number;
  stopped?: boolean;
}

interface AllergySeed {
  substance: CodeableConcept;
  category: 'food' | 'medication' | 'environment' | 'biologic';
  type?: 'allergy' | 'intolerance';
  criticality: 'low' | 'high' | 'unable-to-assess';
  reaction: string;
  recordedDays: number;
}

interface Chart {
  patient: string;
  visits: Visit[];
  /** Measurements taken at a visit (index into visits). */
  measurements: Array<[visit: number, Measurements]>;
  problems?: ProblemSeed[];
  medications?: MedicationSeed[];
  allergies?: AllergySeed[];
}

const T = {
  consultation: snomed('11429006', 'Consultation', 'GP consultation'),
  checkUp: snomed('185349003', 'Encounter for check up', 'Check-up'),
  followUp: snomed('185389009', 'Follow-up visit', 'Follow-up visit'),
  video: snomed('448337001', 'Telemedicine consultation with patient', 'Video consultation'),
  emergency: snomed('50849002', 'Emergency room admission', 'Emergency department visit'),
  admission: snomed('32485007', 'Hospital admission', 'Hospital admission'),
  homeVisit: snomed('439708006', 'Home visit', 'Home visit'),
};

const P = {
  asthma: snomed('195967001', 'Asthma'),
  hayFever: snomed('21719001', 'Allergic rhinitis due to pollen', 'Hay fever'),
  diabetes2: snomed('44054006', 'Diabetes mellitus type 2'),
  diabetes1: snomed('46635009', 'Diabetes mellitus type 1'),
  hypertension: snomed('59621000', 'Essential hypertension'),
  hypercholesterolemia: snomed('13644009', 'Hypercholesterolemia'),
  acne: snomed('88616000', 'Acne vulgaris'),
  ankleSprain: snomed('44465007', 'Sprain of ankle'),
  otitisMedia: snomed('65363002', 'Otitis media'),
  heartFailure: snomed('84114007', 'Heart failure'),
  atrialFibrillation: snomed('49436004', 'Atrial fibrillation'),
};

const charts: Chart[] = [
  {
    patient: 'p-anna',
    visits: [
      { days: 12, time: '08:40', cls: 'AMB', type: T.consultation, practitioner: 'pr-lotte', reason: snomed('49727002', 'Cough') },
      { days: 190, time: '14:10', cls: 'VR', type: T.video, practitioner: 'pr-noor', reason: P.hayFever },
    ],
    measurements: [
      [0, { weight: 68.2, height: 170, bp: [118, 76], hr: 74 }],
      [1, { weight: 67.5, cholesterol: 4.8, hdl: 1.6, ldl: 2.7 }],
    ],
    problems: [
      { code: P.asthma, onsetDays: 9 * 365, visit: 0 },
      { code: P.hayFever, onsetDays: 15 * 365, visit: 1 },
    ],
    medications: [
      {
        medication: atc('R03AC02', 'salbutamol', 'Salbutamol inhaler 100 microgram/dose'),
        dosage: '1-2 puffs as needed, up to 4 times a day',
        visit: 0,
        reason: 0,
      },
      { medication: atc('R03BA02', 'budesonide', 'Budesonide inhaler 200 microgram/dose'), dosage: '1 puff twice a day', visit: 0, reason: 0 },
      { medication: atc('R06AE07', 'cetirizine', 'Cetirizine 10 mg tablet'), dosage: '1 tablet a day in the pollen season', visit: 1, reason: 1 },
    ],
    allergies: [
      {
        substance: snomed('764146007', 'Penicillin'),
        category: 'medication',
        criticality: 'high',
        reaction: 'Urticaria and swelling of the lips',
        recordedDays: 6 * 365,
      },
    ],
  },
  {
    patient: 'p-bram',
    visits: [
      { days: 0, cls: 'AMB', type: T.checkUp, practitioner: 'pr-noor', reason: P.diabetes2, inProgress: true },
      { days: 95, time: '10:20', cls: 'AMB', type: T.checkUp, practitioner: 'pr-noor', reason: P.diabetes2 },
      { days: 280, time: '11:00', cls: 'AMB', type: T.consultation, practitioner: 'pr-lotte', reason: P.hypertension },
    ],
    measurements: [
      [0, { weight: 91.4, bp: [142, 88], hr: 78, hba1c: 56, glucose: 8.1 }],
      [1, { weight: 92.8, height: 181, bp: [148, 90], hr: 80, hba1c: 61, cholesterol: 5.6, ldl: 3.4, hdl: 1.1 }],
      [2, { weight: 94.0, bp: [156, 94], hr: 82, hba1c: 64 }],
    ],
    problems: [
      { code: P.diabetes2, onsetDays: 8 * 365, visit: 2 },
      { code: P.hypertension, onsetDays: 5 * 365, visit: 2 },
    ],
    medications: [
      { medication: atc('A10BA02', 'metformin', 'Metformin 500 mg tablet'), dosage: '2 tablets twice a day with meals', visit: 1, reason: 0 },
      { medication: atc('C09AA02', 'enalapril', 'Enalapril 10 mg tablet'), dosage: '1 tablet once a day', visit: 2, reason: 1 },
      { medication: atc('C10AA01', 'simvastatin', 'Simvastatin 40 mg tablet'), dosage: '1 tablet in the evening', visit: 1 },
    ],
  },
  {
    patient: 'p-chloe',
    visits: [
      { days: 34, time: '15:45', cls: 'AMB', type: T.consultation, practitioner: 'pr-lotte', reason: P.acne },
      { days: 400, time: '09:15', cls: 'AMB', type: T.checkUp, practitioner: 'pr-samuel' },
    ],
    measurements: [
      [0, { weight: 58.3, height: 167, bp: [112, 70], hr: 68 }],
      [1, { weight: 55.9, height: 166, hr: 72 }],
    ],
    problems: [{ code: P.acne, onsetDays: 2 * 365, visit: 0 }],
    medications: [
      {
        medication: atc('D10AD53', 'adapalene, combinations', 'Adapalene/benzoyl peroxide gel 0.1%/2.5%'),
        dosage: 'Apply thinly once a day in the evening',
        visit: 0,
        reason: 0,
      },
    ],
    allergies: [
      {
        substance: snomed('762952008', 'Peanut'),
        category: 'food',
        criticality: 'high',
        reaction: 'Anaphylaxis; carries an adrenaline auto-injector',
        recordedDays: 10 * 365,
      },
    ],
  },
  {
    patient: 'p-daan',
    visits: [
      { days: 21, time: '19:05', cls: 'EMER', type: T.emergency, practitioner: 'pr-samuel', reason: P.ankleSprain, minutes: 150 },
      { days: 14, time: '10:30', cls: 'AMB', type: T.followUp, practitioner: 'pr-lotte', reason: P.ankleSprain },
    ],
    measurements: [
      [0, { weight: 64.0, height: 178, bp: [124, 72], hr: 88 }],
      [1, { bp: [118, 70], hr: 64 }],
    ],
    problems: [{ code: P.ankleSprain, onsetDays: 21, visit: 0, resolved: true }],
    medications: [
      {
        medication: atc('M01AE01', 'ibuprofen', 'Ibuprofen 400 mg tablet'),
        dosage: '1 tablet up to 3 times a day with food, for at most 7 days',
        visit: 0,
        reason: 0,
        stopped: true,
      },
    ],
  },
  {
    patient: 'p-emma',
    visits: [
      { days: 45, time: '13:30', cls: 'AMB', type: T.checkUp, practitioner: 'pr-samuel', reason: P.diabetes1 },
      { days: 136, time: '13:00', cls: 'AMB', type: T.checkUp, practitioner: 'pr-samuel', reason: P.diabetes1 },
      { days: 227, time: '16:00', cls: 'VR', type: T.video, practitioner: 'pr-noor', reason: P.diabetes1 },
    ],
    measurements: [
      [0, { weight: 52.1, height: 163, bp: [108, 66], hr: 76, hba1c: 58, glucose: 9.4 }],
      [1, { weight: 51.0, height: 162, hba1c: 62 }],
      [2, { glucose: 11.2 }],
    ],
    problems: [{ code: P.diabetes1, onsetDays: 6 * 365, visit: 1 }],
    medications: [
      { medication: atc('A10AE04', 'insulin glargine', 'Insulin glargine 100 units/ml pen'), dosage: '18 units once a day at 22:00', visit: 1, reason: 0 },
      {
        medication: atc('A10AB05', 'insulin aspart', 'Insulin aspart 100 units/ml pen'),
        dosage: 'By carbohydrate ratio with meals (1 unit per 10 g)',
        visit: 1,
        reason: 0,
      },
    ],
  },
  {
    patient: 'p-finn',
    visits: [
      { days: 60, time: '10:45', cls: 'AMB', type: T.consultation, practitioner: 'pr-samuel', reason: snomed('16001004', 'Otalgia', 'Earache') },
      { days: 320, time: '09:30', cls: 'AMB', type: T.checkUp, practitioner: 'pr-samuel' },
    ],
    measurements: [
      [0, { weight: 26.4, height: 129, hr: 96 }],
      [1, { weight: 24.9, height: 124, hr: 98 }],
    ],
    problems: [{ code: P.otitisMedia, onsetDays: 62, visit: 0, resolved: true }],
    medications: [
      {
        medication: atc('J01CA04', 'amoxicillin', 'Amoxicillin oral suspension 50 mg/ml'),
        dosage: '5 ml three times a day for 7 days',
        visit: 0,
        reason: 0,
        stopped: true,
      },
      {
        medication: atc('N02BE01', 'paracetamol', 'Paracetamol 250 mg suppository'),
        dosage: '1 suppository up to 4 times a day as needed',
        visit: 0,
        reason: 0,
        stopped: true,
      },
    ],
    allergies: [
      {
        substance: snomed('102263004', 'Eggs (edible)', 'Hen\u2019s egg'),
        category: 'food',
        criticality: 'low',
        reaction: 'Eczema flare and vomiting',
        recordedDays: 6 * 365,
      },
    ],
  },
  {
    patient: 'p-grace',
    visits: [
      { days: 8, time: '11:20', cls: 'AMB', type: T.followUp, practitioner: 'pr-lotte', reason: P.hypertension },
      { days: 70, time: '08:50', cls: 'AMB', type: T.checkUp, practitioner: 'pr-noor', reason: P.hypercholesterolemia },
      { days: 365, time: '12:00', cls: 'AMB', type: T.consultation, practitioner: 'pr-lotte', reason: P.hypertension },
    ],
    measurements: [
      [0, { weight: 79.5, bp: [136, 86], hr: 70 }],
      [1, { weight: 80.2, height: 172, bp: [144, 92], cholesterol: 6.4, ldl: 4.3, hdl: 1.3, hba1cPercent: 5.9 }],
      [2, { weight: 81.0, bp: [152, 96], hr: 76, cholesterol: 7.1, ldl: 4.9 }],
    ],
    problems: [
      { code: P.hypertension, onsetDays: 365, visit: 2 },
      { code: P.hypercholesterolemia, onsetDays: 365, visit: 2 },
    ],
    medications: [
      { medication: atc('C08CA01', 'amlodipine', 'Amlodipine 5 mg tablet'), dosage: '1 tablet once a day', visit: 2, reason: 0 },
      { medication: atc('C10AA05', 'atorvastatin', 'Atorvastatin 20 mg tablet'), dosage: '1 tablet once a day', visit: 1, reason: 1 },
    ],
    allergies: [
      {
        substance: snomed('256259004', 'Pollen'),
        category: 'environment',
        criticality: 'low',
        reaction: 'Sneezing and itchy eyes in spring',
        recordedDays: 3 * 365,
      },
    ],
  },
  {
    patient: 'p-hugo',
    visits: [
      { days: 0, cls: 'HH', type: T.homeVisit, practitioner: 'pr-lotte', reason: P.heartFailure, inProgress: true },
      {
        days: 40,
        time: '07:30',
        cls: 'IMP',
        type: T.admission,
        practitioner: 'pr-lotte',
        reason: snomed('267036007', 'Dyspnea', 'Shortness of breath'),
        stayDays: 5,
      },
      { days: 150, time: '10:00', cls: 'AMB', type: T.followUp, practitioner: 'pr-noor', reason: P.atrialFibrillation },
    ],
    measurements: [
      [0, { weight: 76.8, bp: [128, 74], hr: 84 }],
      [1, { weight: 80.9, height: 174, bp: [138, 82], hr: 104, glucose: 6.2 }],
      [2, { weight: 77.5, bp: [132, 78], hr: 92, cholesterol: 4.2 }],
    ],
    problems: [
      { code: P.heartFailure, onsetDays: 3 * 365, visit: 1 },
      { code: P.atrialFibrillation, onsetDays: 4 * 365, visit: 2 },
      { code: P.hypertension, onsetDays: 20 * 365, visit: 2 },
    ],
    medications: [
      { medication: atc('C03CA01', 'furosemide', 'Furosemide 40 mg tablet'), dosage: '1 tablet in the morning', visit: 1, reason: 0 },
      { medication: atc('C07AB02', 'metoprolol', 'Metoprolol succinate 50 mg modified-release tablet'), dosage: '1 tablet once a day', visit: 2, reason: 1 },
      { medication: atc('B01AF02', 'apixaban', 'Apixaban 5 mg tablet'), dosage: '1 tablet twice a day', visit: 2, reason: 1 },
    ],
    allergies: [
      {
        substance: snomed('387494007', 'Codeine'),
        category: 'medication',
        type: 'intolerance',
        criticality: 'low',
        reaction: 'Severe constipation and drowsiness',
        recordedDays: 12 * 365,
      },
    ],
  },
  // p-iris has no records at all: a patient with nothing to share (MedMij: "No such resources.").
];

const ref = (type: string, id: string, display?: string) => ({ reference: `${type}/${id}`, ...(display ? { display } : {}) });
const byId = (list: FhirResource[], id: string) => list.find((r) => r.id === id);
const patientRef = (id: string) => ref('Patient', id, displayName(byId(patients, id)));
const practitionerRef = (id: string) => ref('Practitioner', id, displayName(byId(practitioners, id)));
const short = (patientId: string) => patientId.replace(/^p-/, '');

interface VisitTimes {
  start: string;
  end?: string;
}

function visitTimes(v: Visit): VisitTimes {
  if (v.inProgress) return { start: instantMinutesAgo(40) };
  const start = dateTimeDaysAgo(v.days, v.time ?? '09:00');
  return { start, end: v.stayDays ? addMinutes(start, v.stayDays * 24 * 60) : addMinutes(start, v.minutes ?? 15) };
}

const CLASS_DISPLAY: Record<EncounterClass, string> = {
  AMB: 'ambulatory',
  IMP: 'inpatient encounter',
  EMER: 'emergency',
  VR: 'virtual',
  HH: 'home health',
};

function encounter(chart: Chart, v: Visit, index: number, times: VisitTimes): FhirResource {
  return {
    resourceType: 'Encounter',
    id: `e-${short(chart.patient)}-${index + 1}`,
    meta: { lastUpdated: times.end ?? times.start },
    status: v.inProgress ? 'in-progress' : 'finished',
    class: { system: SYSTEM.actCode, code: v.cls, display: CLASS_DISPLAY[v.cls] },
    type: [v.type],
    subject: patientRef(chart.patient),
    participant: [
      {
        type: [{ coding: [{ system: SYSTEM.participationType, code: 'PPRF', display: 'primary performer' }] }],
        individual: practitionerRef(v.practitioner),
      },
    ],
    period: times.end ? { start: times.start, end: times.end } : { start: times.start },
    ...(v.reason ? { reasonCode: [v.reason] } : {}),
  };
}

interface QuantityKind {
  category: 'vital-signs' | 'laboratory';
  code: CodeableConcept;
  unit: string;
  ucum: string;
  /** Upper limit of the reference range, for an H interpretation. */
  high?: number;
  low?: number;
}

const KINDS: Record<Exclude<keyof Measurements, 'bp'>, QuantityKind> = {
  weight: { category: 'vital-signs', code: loinc('29463-7', 'Body weight'), unit: 'kg', ucum: 'kg' },
  height: { category: 'vital-signs', code: loinc('8302-2', 'Body height'), unit: 'cm', ucum: 'cm' },
  hr: { category: 'vital-signs', code: loinc('8867-4', 'Heart rate'), unit: 'beats/minute', ucum: '/min' },
  hba1c: {
    category: 'laboratory',
    code: loinc('59261-8', 'Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol', 'HbA1c (IFCC)'),
    unit: 'mmol/mol',
    ucum: 'mmol/mol',
    high: 53,
  },
  hba1cPercent: {
    category: 'laboratory',
    code: loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', 'HbA1c'),
    unit: '%',
    ucum: '%',
    high: 5.7,
  },
  cholesterol: {
    category: 'laboratory',
    code: loinc('14647-2', 'Cholesterol [Moles/volume] in Serum or Plasma', 'Total cholesterol'),
    unit: 'mmol/L',
    ucum: 'mmol/L',
    high: 6.5,
  },
  ldl: {
    category: 'laboratory',
    code: loinc('22748-8', 'Cholesterol in LDL [Moles/volume] in Serum or Plasma', 'LDL cholesterol'),
    unit: 'mmol/L',
    ucum: 'mmol/L',
    high: 3.0,
  },
  hdl: {
    category: 'laboratory',
    code: loinc('14646-4', 'Cholesterol in HDL [Moles/volume] in Serum or Plasma', 'HDL cholesterol'),
    unit: 'mmol/L',
    ucum: 'mmol/L',
    low: 1.0,
  },
  glucose: {
    category: 'laboratory',
    code: loinc('15074-8', 'Glucose [Moles/volume] in Blood', 'Glucose'),
    unit: 'mmol/L',
    ucum: 'mmol/L',
    high: 7.8,
    low: 4.0,
  },
};

const CATEGORY_DISPLAY = { 'vital-signs': 'Vital Signs', laboratory: 'Laboratory' } as const;

function categoryOf(code: keyof typeof CATEGORY_DISPLAY): CodeableConcept[] {
  return [{ coding: [{ system: SYSTEM.observationCategory, code, display: CATEGORY_DISPLAY[code] }] }];
}

const quantity = (value: number, unit: string, ucum: string) => ({ value, unit, system: SYSTEM.ucum, code: ucum });

interface ObservationContext {
  patient: string;
  encounter: string;
  practitioner: string;
  effective: string;
}

function observationBase(ctx: ObservationContext, id: string, category: 'vital-signs' | 'laboratory', code: CodeableConcept) {
  return {
    resourceType: 'Observation',
    id,
    meta: { lastUpdated: ctx.effective },
    status: 'final',
    category: categoryOf(category),
    code,
    subject: patientRef(ctx.patient),
    encounter: ref('Encounter', ctx.encounter),
    effectiveDateTime: ctx.effective,
    issued: ctx.effective,
    performer: [practitionerRef(ctx.practitioner)],
  };
}

function interpretation(kind: QuantityKind, value: number) {
  const flag = kind.high !== undefined && value > kind.high ? 'H' : kind.low !== undefined && value < kind.low ? 'L' : undefined;
  const range = {
    ...(kind.low !== undefined ? { low: quantity(kind.low, kind.unit, kind.ucum) } : {}),
    ...(kind.high !== undefined ? { high: quantity(kind.high, kind.unit, kind.ucum) } : {}),
  };
  return {
    ...(flag ? { interpretation: [{ coding: [{ system: SYSTEM.interpretation, code: flag, display: flag === 'H' ? 'High' : 'Low' }] }] } : {}),
    ...(kind.high !== undefined || kind.low !== undefined ? { referenceRange: [range] } : {}),
  };
}

function quantityObservation(ctx: ObservationContext, id: string, kind: QuantityKind, value: number): FhirResource {
  return {
    ...observationBase(ctx, id, kind.category, kind.code),
    valueQuantity: quantity(value, kind.unit, kind.ucum),
    ...interpretation(kind, value),
  };
}

function bloodPressure(ctx: ObservationContext, id: string, [systolic, diastolic]: [number, number]): FhirResource {
  const component = (code: CodeableConcept, value: number) => ({ code, valueQuantity: quantity(value, 'mmHg', 'mm[Hg]') });
  return {
    ...observationBase(ctx, id, 'vital-signs', loinc('85354-9', 'Blood pressure panel with all children optional', 'Blood pressure')),
    component: [component(loinc('8480-6', 'Systolic blood pressure'), systolic), component(loinc('8462-4', 'Diastolic blood pressure'), diastolic)],
  };
}

function buildObservations(chart: Chart, encounters: FhirResource[]): FhirResource[] {
  const out: FhirResource[] = [];
  const nextId = () => `o-${short(chart.patient)}-${out.length + 1}`;
  for (const [visitIndex, m] of chart.measurements) {
    const enc = encounters[visitIndex];
    const start = (enc.period as VisitTimes).start;
    const vitals = { patient: chart.patient, encounter: enc.id, practitioner: chart.visits[visitIndex].practitioner, effective: addMinutes(start, 5) };
    // Lab results come in later than the vitals taken in the room.
    const labs = { ...vitals, effective: addMinutes(start, 10) };
    for (const key of ['weight', 'height', 'hr'] as const) {
      const value = m[key];
      if (value !== undefined) out.push(quantityObservation(vitals, nextId(), KINDS[key], value));
    }
    if (m.weight !== undefined && m.height !== undefined) {
      const bmi = Math.round((m.weight / (m.height / 100) ** 2) * 10) / 10;
      const kind: QuantityKind = { category: 'vital-signs', code: loinc('39156-5', 'Body mass index (BMI) [Ratio]', 'BMI'), unit: 'kg/m2', ucum: 'kg/m2' };
      out.push(quantityObservation(vitals, nextId(), kind, bmi));
    }
    if (m.bp) out.push(bloodPressure(vitals, nextId(), m.bp));
    for (const key of ['hba1c', 'hba1cPercent', 'cholesterol', 'ldl', 'hdl', 'glucose'] as const) {
      const value = m[key];
      if (value !== undefined) out.push(quantityObservation(labs, nextId(), KINDS[key], value));
    }
  }
  return out;
}

function buildConditions(chart: Chart, encounters: FhirResource[]): FhirResource[] {
  return (chart.problems ?? []).map((p, i) => {
    const enc = encounters[p.visit];
    const recorded = (enc.period as VisitTimes).start;
    const clinical = p.resolved ? 'resolved' : 'active';
    return {
      resourceType: 'Condition',
      id: `c-${short(chart.patient)}-${i + 1}`,
      meta: { lastUpdated: recorded },
      clinicalStatus: { coding: [{ system: SYSTEM.conditionClinical, code: clinical, display: clinical === 'active' ? 'Active' : 'Resolved' }] },
      verificationStatus: { coding: [{ system: SYSTEM.conditionVerification, code: 'confirmed', display: 'Confirmed' }] },
      category: [{ coding: [{ system: SYSTEM.conditionCategory, code: 'problem-list-item', display: 'Problem List Item' }] }],
      code: p.code,
      subject: patientRef(chart.patient),
      encounter: ref('Encounter', enc.id),
      onsetDateTime: dateDaysAgo(p.onsetDays).slice(0, 10),
      ...(p.resolved ? { abatementDateTime: dateDaysAgo(Math.max(1, p.onsetDays - 10)).slice(0, 10) } : {}),
      recordedDate: recorded,
      recorder: practitionerRef(chart.visits[p.visit].practitioner),
    };
  });
}

function buildMedicationRequests(chart: Chart, encounters: FhirResource[], problems: FhirResource[]): FhirResource[] {
  return (chart.medications ?? []).map((m, i) => {
    const enc = encounters[m.visit];
    const authoredOn = addMinutes((enc.period as VisitTimes).start, 12);
    const reason = m.reason !== undefined ? problems[m.reason] : undefined;
    return {
      resourceType: 'MedicationRequest',
      id: `mr-${short(chart.patient)}-${i + 1}`,
      meta: { lastUpdated: authoredOn },
      status: m.stopped ? 'completed' : 'active',
      intent: 'order',
      medicationCodeableConcept: m.medication,
      subject: patientRef(chart.patient),
      encounter: ref('Encounter', enc.id),
      authoredOn,
      requester: practitionerRef(chart.visits[m.visit].practitioner),
      ...(reason ? { reasonReference: [ref('Condition', reason.id, (reason.code as CodeableConcept).text)] } : {}),
      dosageInstruction: [{ text: m.dosage }],
    };
  });
}

function buildAllergyIntolerances(chart: Chart): FhirResource[] {
  return (chart.allergies ?? []).map((a, i) => {
    const recordedDate = dateDaysAgo(a.recordedDays).slice(0, 10);
    return {
      resourceType: 'AllergyIntolerance',
      id: `ai-${short(chart.patient)}-${i + 1}`,
      meta: { lastUpdated: `${recordedDate}T00:00:00Z` },
      clinicalStatus: { coding: [{ system: SYSTEM.allergyClinical, code: 'active', display: 'Active' }] },
      verificationStatus: { coding: [{ system: SYSTEM.allergyVerification, code: 'confirmed', display: 'Confirmed' }] },
      type: a.type ?? 'allergy',
      category: [a.category],
      criticality: a.criticality,
      code: a.substance,
      patient: patientRef(chart.patient),
      recordedDate,
      reaction: [{ manifestation: [{ text: a.reaction }] }],
    };
  });
}

function buildRecords() {
  const out = {
    encounters: [] as FhirResource[],
    observations: [] as FhirResource[],
    conditions: [] as FhirResource[],
    medicationRequests: [] as FhirResource[],
    allergyIntolerances: [] as FhirResource[],
  };
  for (const chart of charts) {
    const encounters = chart.visits.map((v, i) => encounter(chart, v, i, visitTimes(v)));
    const problems = buildConditions(chart, encounters);
    out.encounters.push(...encounters);
    out.observations.push(...buildObservations(chart, encounters));
    out.conditions.push(...problems);
    out.medicationRequests.push(...buildMedicationRequests(chart, encounters, problems));
    out.allergyIntolerances.push(...buildAllergyIntolerances(chart));
  }
  return out;
}

export const { encounters, observations, conditions, medicationRequests, allergyIntolerances } = buildRecords();
