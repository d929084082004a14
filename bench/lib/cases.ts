/**
 * Request bodies for the benchmark and the soak run. Every call gives a different patient,
 * regimen and order (age, sex, weight, height, creatinine, ECOG, biomarkers, cycles, doses,
 * NSCLC and RA regimens), from a seeded generator so runs are repeatable; the service must do
 * the whole assessment for each request, nothing can be served from a cache.
 */
type Json = Record<string, unknown>;

/** mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AS_OF = '2026-11-23';
const OBS_DATE = '2026-11-20';
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export const NSCLC_DRUGS = {
  gefitinib: {
    code: 'L01EB01',
    system: 'atc',
    dose: { value: 250, unit: 'mg' },
    route: 'oral',
    administrationsPerCycle: 21,
  },
  osimertinib: {
    code: 'L01EB04',
    system: 'atc',
    dose: { value: 80, unit: 'mg' },
    route: 'oral',
    administrationsPerCycle: 21,
  },
  pemetrexed: { code: 'L01BA04', system: 'atc', dose: { value: 500, unit: 'mg/m2' }, route: 'iv' },
  carboplatin: { code: 'L01XA02', system: 'atc', dose: { value: 5, unit: 'AUC' }, route: 'iv' },
  pembrolizumab: { code: 'L01FF02', system: 'atc', dose: { value: 200, unit: 'mg' }, route: 'iv' },
  paclitaxel: { code: 'L01CD01', system: 'atc', dose: { value: 175, unit: 'mg/m2' }, route: 'iv' },
  bevacizumab: { code: 'L01FG01', system: 'atc', dose: { value: 15, unit: 'mg/kg' }, route: 'iv' },
} as const;

/** Supportive drugs of the pack's NSCLC regimens (folic acid, B12, dexamethasone, aprepitant, ondansetron). */
export const SUPPORTIVE = [
  { code: 'H02AB02', system: 'atc' },
  { code: 'A04AA01', system: 'atc' },
  { code: 'B03BB01', system: 'atc' },
  { code: 'B03BA01', system: 'atc' },
  { code: 'A04AD12', system: 'atc' },
] as const;

/** Library regimens (rules/default/regimens.json) with the supportive drugs their protocol lists. */
const NSCLC_REGIMENS: { drugs: (keyof typeof NSCLC_DRUGS)[]; supportive: readonly string[] }[] = [
  {
    drugs: ['gefitinib', 'pemetrexed', 'carboplatin'],
    supportive: ['B03BB01', 'B03BA01', 'H02AB02', 'A04AD12', 'A04AA01'],
  },
  {
    drugs: ['osimertinib', 'pemetrexed', 'carboplatin'],
    supportive: ['B03BB01', 'B03BA01', 'H02AB02', 'A04AD12', 'A04AA01'],
  },
  {
    drugs: ['pemetrexed', 'carboplatin', 'pembrolizumab'],
    supportive: ['B03BB01', 'B03BA01', 'H02AB02', 'A04AD12', 'A04AA01'],
  },
  { drugs: ['paclitaxel', 'carboplatin', 'bevacizumab'], supportive: ['H02AB02', 'A04AD12', 'A04AA01'] },
];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function nsclcPatient(r: () => number, egfr: boolean): Json {
  const biomarkers: Json[] = egfr
    ? [
        pick(r, [
          {
            gene: 'EGFR',
            result: 'present',
            method: 'NGS',
            variant: 'p.E746_A750del',
            clinicalSignificance: 'pathogenic',
            date: '2026-11-10',
          },
          {
            gene: 'EGFR',
            result: 'present',
            method: 'NGS',
            variant: 'p.L858R',
            clinicalSignificance: 'pathogenic',
            date: '2026-11-10',
          },
        ]),
      ]
    : r() < 0.5
      ? [{ gene: 'EGFR', result: 'absent', method: 'NGS', date: '2026-11-10' }]
      : [];
  return {
    age: 38 + Math.floor(r() * 45),
    sex: r() < 0.55 ? 'male' : 'female',
    weight: { value: round(45 + r() * 50), unit: 'kg', date: OBS_DATE },
    height: { value: round(150 + r() * 38), unit: 'cm', date: OBS_DATE },
    serumCreatinine: { value: round(0.5 + r() * 1.2, 2), unit: 'mg/dL', date: OBS_DATE },
    ecog: { value: Math.floor(r() * 3), date: OBS_DATE },
    diagnoses: [{ code: 'C34.900x001', system: 'icd-10', principal: true }],
    stage: { value: pick(r, ['IIIB', 'IIIC', 'IV', 'IVA', 'IVB']), date: '2026-11-02' },
    biomarkers,
    lineOfTherapy: r() < 0.8 ? 1 : 2,
  };
}

function context(r: () => number, setting: 'inpatient' | 'outpatient'): Json {
  return { asOf: AS_OF, hospitalTier: pick(r, ['tertiary', 'tertiary', 'secondary']), setting };
}

/** A 3–4-drug NSCLC regimen (3 therapeutic drugs, sometimes a supportive one), varied patient and doses. */
export function nsclcCase(r: () => number, i: number, regimens = NSCLC_REGIMENS): Json {
  const regimen = pick(r, regimens);
  const names = regimen.drugs;
  const egfr = names.includes('gefitinib') || names.includes('osimertinib');
  const components = names.map((n) => {
    const c = clone(NSCLC_DRUGS[n]) as Json & { dose: { value: number } };
    if (r() < 0.3) c.dose.value = round(c.dose.value * (0.85 + r() * 0.2), 1);
    return c;
  });
  const proposal: Json = { components, cycles: 2 + Math.floor(r() * 5) };
  if (r() < 0.5) proposal.supportive = [{ code: pick(r, regimen.supportive), system: 'atc' }];
  return {
    caseRef: `bench-nsclc-${i}`,
    patient: nsclcPatient(r, egfr),
    proposal,
    context: context(r, r() < 0.7 ? 'inpatient' : 'outpatient'),
  };
}

/** An RA regimen: a biologic or JAK inhibitor + methotrexate (+ folic acid), varied patient. */
export function raCase(r: () => number, i: number, leadIndex?: number): Json {
  const leads = [
    { code: 'L04AB04', system: 'atc', dose: { value: 40, unit: 'mg' }, route: 'sc' },
    { code: 'L04AB01', system: 'atc', dose: { value: 50, unit: 'mg' }, route: 'sc' },
    { code: 'L04AF01', system: 'atc', dose: { value: 5, unit: 'mg' }, route: 'oral' },
  ];
  const lead = leadIndex === undefined ? pick(r, leads) : leads[leadIndex]!;
  return {
    caseRef: `bench-ra-${i}`,
    patient: {
      age: 25 + Math.floor(r() * 55),
      sex: r() < 0.75 ? 'female' : 'male',
      weight: { value: round(42 + r() * 45), unit: 'kg', date: OBS_DATE },
      serumCreatinine: { value: round(0.5 + r() * 0.9, 2), unit: 'mg/dL', date: OBS_DATE },
      diagnoses: [{ code: 'M05.9', principal: true }],
      scores: { das28: { current: round(2.5 + r() * 4, 1), baseline: round(5 + r() * 2.5, 1), date: OBS_DATE } },
    },
    proposal: {
      components: [clone(lead), { code: 'L04AX03', system: 'atc' }],
      supportive: [{ code: 'B03BB01', system: 'atc' }],
    },
    context: context(r, 'outpatient'),
  };
}

/** The mixed stream (batches, soak): 80 % NSCLC (all four library regimens), 20 % RA. */
export function mixedCase(r: () => number, i: number): Json {
  return r() < 0.8 ? nsclcCase(r, i) : raCase(r, i);
}

const HEAVY_NSCLC = [NSCLC_REGIMENS[3]!, NSCLC_REGIMENS[3]!, NSCLC_REGIMENS[0]!];

/**
 * The single-assessment stream: 3–4-drug regimens that generate the most candidates (≥ 8 for
 * most patients; the benchmark checks the distribution with ?explain=true before load):
 * paclitaxel + carboplatin + bevacizumab and gefitinib + pemetrexed + carboplatin (± a supportive
 * drug), and adalimumab + methotrexate + folic acid for RA.
 */
export function heavyCase(r: () => number, i: number): Json {
  if (r() < 0.15) return raCase(r, i, 0);
  return nsclcCase(r, i, HEAVY_NSCLC);
}

/** Fixed-shape NSCLC proposal with n components (1–6): pemetrexed, carboplatin, pembrolizumab, then supportive drugs as extra components. */
export function scalingCase(r: () => number, n: number, i: number): Json {
  const all: Json[] = [
    clone(NSCLC_DRUGS.pemetrexed),
    clone(NSCLC_DRUGS.carboplatin),
    clone(NSCLC_DRUGS.pembrolizumab),
    ...SUPPORTIVE.map((s) => clone(s) as Json),
  ];
  const chosen = all.slice(0, n);
  return {
    caseRef: `bench-scale-${n}-${i}`,
    patient: nsclcPatient(r, false),
    proposal: {
      components: chosen.slice(0, Math.min(n, 3)),
      ...(n > 3 ? { supportive: chosen.slice(3) } : {}),
      cycles: 4,
    },
    context: context(r, 'inpatient'),
  };
}

const ATC = 'http://www.whocc.no/atc';
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

/** A final FHIR Observation entry with a UCUM quantity, dated OBS_DATE. */
function observation(pid: string, id: string, code: string, value: number, unit: string): Json {
  return {
    resource: {
      resourceType: 'Observation',
      id,
      status: 'final',
      subject: { reference: `Patient/${pid}` },
      code: { coding: [{ system: LOINC, code }] },
      effectiveDateTime: OBS_DATE,
      valueQuantity: { value, unit, system: UCUM, code: unit },
    },
  };
}

/** A CDS Hooks order-sign request (FHIR R4 draft orders + prefetch) for a varied NSCLC patient. */
export function cdsOrderSign(r: () => number, i: number): Json {
  const kase = nsclcCase(r, i) as {
    patient: Json & {
      weight: { value: number };
      height: { value: number };
      serumCreatinine: { value: number };
      age: number;
      sex: string;
    };
    proposal: { components: (Json & { code: string; dose: { value: number; unit: string }; route: string })[] };
  };
  const p = kase.patient;
  const pid = `pt-${i}`;
  const orders = kase.proposal.components.map((c, k) => ({
    resource: {
      resourceType: 'MedicationRequest',
      id: `mr-${i}-${k}`,
      status: 'draft',
      intent: 'order',
      subject: { reference: `Patient/${pid}` },
      medicationCodeableConcept: { coding: [{ system: ATC, code: c.code }] },
      dosageInstruction: [
        {
          route: { text: c.route },
          doseAndRate: [
            {
              doseQuantity:
                c.dose.unit === 'AUC'
                  ? { value: c.dose.value, unit: 'AUC' }
                  : { value: c.dose.value, unit: c.dose.unit, system: UCUM, code: c.dose.unit },
            },
          ],
        },
      ],
    },
  }));
  const obs = (id: string, code: string, value: number, unit: string) => observation(pid, id, code, value, unit);
  return {
    hook: 'order-sign',
    hookInstance: `00000000-0000-4000-8000-${String(i).padStart(12, '0').slice(-12)}`,
    context: {
      userId: 'Practitioner/bench',
      patientId: pid,
      draftOrders: { resourceType: 'Bundle', type: 'collection', entry: orders },
    },
    prefetch: {
      patient: { resourceType: 'Patient', id: pid, gender: p.sex, birthDate: `${2026 - p.age}-05-01` },
      conditions: {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          {
            resource: {
              resourceType: 'Condition',
              id: `c-${i}`,
              subject: { reference: `Patient/${pid}` },
              code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'C34.900x001' }] },
            },
          },
        ],
      },
      observations: {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          obs(`w-${i}`, '29463-7', p.weight.value, 'kg'),
          obs(`h-${i}`, '8302-2', p.height.value, 'cm'),
          obs(`cr-${i}`, '2160-0', p.serumCreatinine.value, 'mg/dL'),
        ],
      },
    },
  };
}

/** n varied cases as a BatchRequest body. */
export function batchBody(r: () => number, n: number, start: number): Json {
  return { cases: Array.from({ length: n }, (_, k) => mixedCase(r, start + k)) };
}
