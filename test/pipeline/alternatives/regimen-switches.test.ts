/**
 * Regimen switches from the pack's switch table: offered only when the switch's conditions are
 * KNOWN to hold (an unrecorded input never lets one through), the target is indicated for the
 * principal diagnosis and its biomarker requirements are met; sorted into alternatives, guideline-
 * preferred options or therapy changes by the switch's basis.
 */
import type { KnowledgePack } from '../../../src/knowledge/types';
import { regimenSwitchCandidates } from '../../../src/pipeline/alternatives/regimen-switches';
import {
  ADALIMUMAB,
  CARBOPLATIN,
  EGFR_EXON19,
  EGFR_EXON20_INS,
  METHOTREXATE,
  nsclcChemoTargeted,
  PEMETREXED,
  raCase,
  withComponents,
  type AssessmentRequest,
} from '../../support/cases';
import { defaultPack, packWith, staged } from '../../support/stages';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await defaultPack();
});

/** Pemetrexed + carboplatin (library nsclc-pem-carbo) for the 62-year-old, 68 kg NSCLC patient. */
const pemCarbo = (patient: Partial<AssessmentRequest['patient']> = {}, diagnosis?: string) => {
  const request = withComponents(nsclcChemoTargeted(patient), [{ ...PEMETREXED }, { ...CARBOPLATIN }]);
  if (diagnosis) request.patient.diagnoses = [{ code: diagnosis, principal: true }];
  return staged(pack, request);
};

function switchesOf(e: ReturnType<typeof pemCarbo>) {
  expect(e.resolved.regimen.library).not.toBeNull();
  return regimenSwitchCandidates(pack, e.resolved, e.facts);
}

const ids = (r: { id: string }[]) => r.map((c) => c.id).sort();
const excludedFor = (r: ReturnType<typeof switchesOf>, id: string) => r.excluded.find((x) => x.id === `switch:${id}`);

describe('carboplatin → cisplatin (needs creatinine clearance ≥ 60 mL/min)', () => {
  it('is offered as an alternative at a clearance of 82 mL/min (Cockcroft–Gault 78 × 68 / (72 × 0.9))', () => {
    expect(((140 - 62) * 68) / (72 * 0.9)).toBeGreaterThanOrEqual(60);
    const r = switchesOf(pemCarbo());
    expect(ids(r.candidates)).toEqual(['switch:SW-NSCLC-CARB-TO-CIS']);
    expect(r.candidates[0]).toMatchObject({
      basis: 'therapeutic-equivalence',
      list: 'alternatives',
      sameMolecule: false,
    });
    expect(r.candidates[0]?.changes[0]).toMatchObject({ from: 'nsclc-pem-carbo', to: 'nsclc-pem-cis' });
    expect(r.candidates[0]?.regimen.library?.id).toBe('nsclc-pem-cis');
  });

  it('is not offered at a clearance of 46 mL/min (creatinine 1.6), and the reason names what it read', () => {
    const r = switchesOf(pemCarbo({ serumCreatinine: { value: 1.6, unit: 'mg/dL', date: '2026-11-20' } }));
    expect(r.candidates).toEqual([]);
    expect(excludedFor(r, 'SW-NSCLC-CARB-TO-CIS')?.reasons).toEqual([
      expect.objectContaining({ kind: 'policy', message: expect.stringMatching(/do not hold/) }),
    ]);
  });

  it('is not offered when the target regimen is not indicated for the principal diagnosis', () => {
    const r = switchesOf(pemCarbo({}, 'C50.900'));
    expect(r.candidates).toEqual([]);
    expect(excludedFor(r, 'SW-NSCLC-CARB-TO-CIS')?.reasons).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/not indicated for C50\.900/) }),
    ]);
  });
});

describe('a switch the formulary cannot supply', () => {
  it('is not offered when a drug it adds has no product for its route (no cisplatin vial), and says so', () => {
    const productsByDrug = new Map(pack.productsByDrug);
    productsByDrug.set('L01XA01', []);
    const noCisplatin = packWith(pack, { productsByDrug });
    const e = pemCarbo();
    const r = regimenSwitchCandidates(noCisplatin, e.resolved, e.facts);
    expect(r.candidates.some((c) => c.id === 'switch:SW-NSCLC-CARB-TO-CIS')).toBe(false);
    expect(excludedFor(r, 'SW-NSCLC-CARB-TO-CIS')?.reasons).toEqual([
      expect.objectContaining({ kind: 'costing', message: expect.stringMatching(/without a product/) }),
    ]);
  });
});

describe('mFOLFOX6 → CAPOX (needs creatinine clearance ≥ 30 mL/min)', () => {
  /** Colorectal cancer on oxaliplatin + folinate + fluorouracil (no dose needs the creatinine). */
  const folfox = (patient: Partial<AssessmentRequest['patient']>) => {
    const request = withComponents(nsclcChemoTargeted(), [
      { code: 'L01XA03', system: 'atc', dose: { value: 85, unit: 'mg/m2' }, route: 'iv' },
      { code: 'V03AF03', system: 'atc', dose: { value: 400, unit: 'mg/m2' }, route: 'iv' },
      { code: 'L01BC02', system: 'atc', dose: { value: 2800, unit: 'mg/m2' }, route: 'iv' },
    ]);
    return staged(pack, {
      ...request,
      patient: { ...request.patient, diagnoses: [{ code: 'C18.900', principal: true }], ...patient },
    });
  };

  it('is offered as an iv-to-oral alternative when the clearance is recorded', () => {
    const r = switchesOf(folfox({}));
    expect(r.candidates.find((c) => c.id === 'switch:SW-CRC-FOLFOX-TO-CAPOX')).toMatchObject({
      basis: 'iv-to-oral',
      list: 'alternatives',
    });
  });

  it('is not offered when no creatinine is recorded: eligibility cannot be confirmed, and the missing input is named', () => {
    const r = switchesOf(folfox({ serumCreatinine: undefined }));
    expect(r.candidates.some((c) => c.id === 'switch:SW-CRC-FOLFOX-TO-CAPOX')).toBe(false);
    expect(excludedFor(r, 'SW-CRC-FOLFOX-TO-CAPOX')?.reasons).toEqual([
      expect.objectContaining({ kind: 'policy', missingInputs: ['patient.creatinineClearanceMlMin'] }),
    ]);
  });
});

describe('guideline-preferred switches that need a biomarker', () => {
  it('offers osimertinib for an EGFR-sensitising mutation, in the guideline-preferred list', () => {
    const r = switchesOf(pemCarbo({ biomarkers: [EGFR_EXON19] as never }));
    const osi = r.candidates.find((c) => c.id === 'switch:SW-NSCLC-PEMCARB-TO-OSI');
    expect(osi).toMatchObject({ basis: 'guideline-preferred', list: 'preferred' });
    expect(osi?.regimen.components.map((c) => c.drug.code)).toEqual(['L01EB04']);
  });

  it('does not offer osimertinib for an EGFR exon 20 insertion (present, but not a sensitising mutation)', () => {
    const r = switchesOf(pemCarbo({ biomarkers: [EGFR_EXON20_INS] as never }));
    expect(r.candidates.some((c) => c.id === 'switch:SW-NSCLC-PEMCARB-TO-OSI')).toBe(false);
    expect(excludedFor(r, 'SW-NSCLC-PEMCARB-TO-OSI')?.reasons).toEqual(
      expect.arrayContaining([expect.objectContaining({ message: expect.stringMatching(/do not hold/) })]),
    );
  });

  it('offers neither osimertinib nor pembrolizumab without an EGFR result', () => {
    const r = switchesOf(pemCarbo());
    expect(excludedFor(r, 'SW-NSCLC-PEMCARB-TO-OSI')?.reasons.length).toBeGreaterThan(0);
    expect(excludedFor(r, 'SW-NSCLC-PEMCARB-TO-PEMBRO')?.reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ missingInputs: expect.arrayContaining(['biomarker.EGFR.status']) }),
      ]),
    );
    expect(r.candidates.map((c) => c.list)).toEqual(['alternatives']);
  });
});

describe('therapy changes (a new mechanism after a failure)', () => {
  const RA_WORKUP = {
    serumCreatinine: { value: 0.8, unit: 'mg/dL', date: '2026-11-20' },
    alt: { value: 22, upperLimitOfNormal: 40, date: '2026-11-20' },
    pregnant: false,
  } as const;
  const adalimumab = (patient: Parameters<typeof raCase>[0]) =>
    staged(
      pack,
      raCase({ ...RA_WORKUP, ...patient }, [{ ...ADALIMUMAB }, { ...METHOTREXATE, dose: { value: 15, unit: 'mg' } }]),
    );

  it('offers a JAK inhibitor after a recorded TNF-inhibitor failure, in the therapy-changes list', () => {
    const e = adalimumab({ priorTherapyFailures: [{ code: 'tnf-inhibitor', system: 'drug-class' }] as never });
    const r = regimenSwitchCandidates(pack, e.resolved, e.facts);
    const tofa = r.candidates.find((c) => c.id === 'switch:SW-RA-ADA-TO-TOFA');
    expect(tofa).toMatchObject({ basis: 'therapy-change', list: 'therapy-changes' });
  });

  it('offers no JAK inhibitor without a recorded failure', () => {
    const e = adalimumab({});
    const r = regimenSwitchCandidates(pack, e.resolved, e.facts);
    expect(r.candidates.filter((c) => c.list === 'therapy-changes')).toEqual([]);
    expect(ids(r.excluded)).toEqual(expect.arrayContaining(['switch:SW-RA-ADA-TO-BARI', 'switch:SW-RA-ADA-TO-TOFA']));
  });
});

it('offers no switch for a proposal that matches no library regimen', () => {
  const e = staged(pack, withComponents(nsclcChemoTargeted(), [{ ...PEMETREXED }]));
  expect(e.resolved.regimen.library).toBeNull();
  expect(regimenSwitchCandidates(pack, e.resolved, e.facts)).toEqual({ candidates: [], excluded: [] });
});
