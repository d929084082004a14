/**
 * A regimen switch compares like with like: it changes only what the switch is about, keeps the
 * proposal's own doses and products of the drugs it keeps, and lists every change it makes.
 */
import { loadKnowledgePack } from '../../../src/knowledge/load-pack';
import type { KnowledgePack, Regimen } from '../../../src/knowledge/types';
import { switchedRegimen } from '../../../src/pipeline/alternatives/switched-regimen';
import type { ResolvedComponent, ResolvedRegimen } from '../../../src/pipeline/resolve/resolved-case';
import { DEFAULT_PACK_DIR } from '../../knowledge/helpers';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await loadKnowledgePack(DEFAULT_PACK_DIR);
});

const regimen = (id: string): Regimen => {
  const r = pack.regimens.get(id);
  if (!r) throw new Error(`pack lacks ${id}`);
  return r;
};

function ordered(
  drug: string,
  product: string,
  value: number,
  unit: string,
  role: ResolvedComponent['role'] = 'therapeutic',
  administrationsPerCycle = 1,
  route: ResolvedComponent['route'] = 'iv',
): ResolvedComponent {
  const d = pack.drugs.get(drug);
  const p = pack.products.get(product);
  if (!d || !p) throw new Error(`pack lacks ${drug} / ${product}`);
  return {
    drug: d,
    phases: [{ product: p }],
    productExplicit: true,
    dose: { value, unit, from: 'order' },
    route,
    administrationsPerCycle,
    timesPerAdministration: 1,
    role,
    pointer: `/proposal/${drug}`,
  };
}

/** Pemetrexed 1,000 mg/m² (procured generic) + carboplatin AUC 6, as ordered. */
function pemCarbo(supportive: ResolvedComponent[] = []): ResolvedRegimen {
  return {
    components: [
      ordered('L01BA04', 'P-PEMETREXED-VBP-500', 1000, 'mg/m2'),
      ordered('L01XA02', 'P-CARBOPLATIN-GA-450', 6, 'AUC'),
    ],
    supportive,
    cycles: 4,
    cycleLengthDays: 21,
    library: regimen('nsclc-pem-carbo'),
    averagesFrom: regimen('nsclc-pem-carbo'),
    supportiveListed: true,
  };
}

describe('carboplatin → cisplatin switch', () => {
  it('keeps pemetrexed exactly as ordered (1,000 mg/m², procured product), swaps only the platinum and lists both changes', () => {
    const proposal = pemCarbo();
    const switched = switchedRegimen(pack, proposal, regimen('nsclc-pem-carbo'), regimen('nsclc-pem-cis'));
    if (!switched) throw new Error('no switched regimen');
    const pem = switched.regimen.components.find((c) => c.drug.code === 'L01BA04');
    expect(pem).toBe(proposal.components[0]);
    expect(pem?.dose).toEqual({ value: 1000, unit: 'mg/m2', from: 'order' });
    expect(pem?.phases[0]?.product.code).toBe('P-PEMETREXED-VBP-500');
    const cis = switched.regimen.components.find((c) => c.drug.code === 'L01XA01');
    expect(cis?.dose).toMatchObject({ value: 75, unit: 'mg/m2' });
    expect(switched.regimen.components.map((c) => c.drug.code).sort()).toEqual(['L01BA04', 'L01XA01']);
    expect(switched.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: 'L01XA02 AUC 6 iv', to: 'none' }),
        expect.objectContaining({ from: 'none', to: 'L01XA01 75 mg/m2 iv' }),
      ]),
    );
    expect(switched.changes).toHaveLength(2);
  });

  it('adds no supportive drug both protocols require: the proposal listed none, so neither side is costed with them', () => {
    const switched = switchedRegimen(pack, pemCarbo(), regimen('nsclc-pem-carbo'), regimen('nsclc-pem-cis'));
    expect(switched?.regimen.supportive).toEqual([]);
  });

  it('keeps the supportive drugs the proposal listed, as ordered', () => {
    const folic = ordered('B03BB01', 'P-FOLIC-GA-0.4', 0.4, 'mg', 'supportive', 21, 'oral');
    const switched = switchedRegimen(pack, pemCarbo([folic]), regimen('nsclc-pem-carbo'), regimen('nsclc-pem-cis'));
    expect(switched?.regimen.supportive).toEqual([folic]);
  });

  it('adds a supportive drug only the target protocol requires, and lists it as a change', () => {
    const base = regimen('nsclc-pem-cis');
    const withGcsf: Regimen = {
      ...base,
      supportive: [
        ...base.supportive,
        {
          drug: 'L03AA02',
          requiredWhen: 'always',
          dose: { basis: 'flat', value: 300, unit: 'µg' },
          route: 'sc',
          administrationsPerCycle: 5,
          reason: { en: 'test: G-CSF', zh: '测试' },
          source: base.source,
        },
      ],
    };
    const switched = switchedRegimen(pack, pemCarbo(), regimen('nsclc-pem-carbo'), withGcsf);
    expect(switched?.regimen.supportive.map((c) => c.drug.code)).toEqual(['L03AA02']);
    expect(switched?.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ from: 'none', to: expect.stringContaining('L03AA02') })]),
    );
  });

  it('stops a supportive drug only the source protocol required, and lists it', () => {
    const base = regimen('nsclc-pem-cis');
    const withoutFolic: Regimen = { ...base, supportive: base.supportive.filter((s) => s.drug !== 'B03BB01') };
    const folic = ordered('B03BB01', 'P-FOLIC-GA-0.4', 0.4, 'mg', 'supportive', 21, 'oral');
    const switched = switchedRegimen(pack, pemCarbo([folic]), regimen('nsclc-pem-carbo'), withoutFolic);
    expect(switched?.regimen.supportive).toEqual([]);
    expect(switched?.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ from: 'B03BB01 0.4 mg oral ×21/cycle', to: 'none' })]),
    );
  });

  it('keeps the ordered course when both protocols have the same one, and lists a different one', () => {
    const proposal = { ...pemCarbo(), cycles: 6 };
    expect(switchedRegimen(pack, proposal, regimen('nsclc-pem-carbo'), regimen('nsclc-pem-cis'))?.regimen.cycles).toBe(
      6,
    );
    const longer: Regimen = { ...regimen('nsclc-pem-cis'), cycles: 8 };
    const switched = switchedRegimen(pack, proposal, regimen('nsclc-pem-carbo'), longer);
    expect(switched?.regimen.cycles).toBe(8);
    expect(switched?.changes).toEqual(
      expect.arrayContaining([{ from: '6 × 21 days', to: '8 × 21 days', detail: expect.any(String) }]),
    );
  });
});
