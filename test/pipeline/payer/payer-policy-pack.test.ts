/** Patient caps are payer policy data: each names existing products or drugs and its source. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PackValidationError, loadKnowledgePack } from '../../../src/knowledge/load-pack';
import type { PayerPolicy } from '../../../src/knowledge/types';
import { DEFAULT_PACK_DIR } from '../../knowledge/helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pack-'));
  cpSync(DEFAULT_PACK_DIR, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function editPayer(change: (p: PayerPolicy) => void): void {
  const file = path.join(dir, 'payer-policy.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as PayerPolicy;
  change(data);
  writeFileSync(file, JSON.stringify(data, null, 2));
}

async function violations(): Promise<string[]> {
  try {
    await loadKnowledgePack(dir);
  } catch (e) {
    if (e instanceof PackValidationError) return e.violations.map((v) => `${v.pointer}: ${v.message}`);
    throw e;
  }
  return [];
}

describe('payer policy in the pack', () => {
  it('carries the CAR-T patient cap of 200,000 with its digest source, marked illustrative', async () => {
    const pack = await loadKnowledgePack(DEFAULT_PACK_DIR);
    expect(pack.payerPolicy.patientCaps).toEqual([
      expect.objectContaining({
        maxPatientPays: 200000,
        source: 'digest-I-05',
        illustrative: true,
        appliesTo: { products: ['P-AXICEL-TEMP-1'] },
      }),
    ]);
    expect(pack.sources.has('digest-I-05')).toBe(true);
  });

  it('rejects a cap naming a product, drug, insurance type or source the pack lacks', async () => {
    editPayer((p) => {
      const cap = p.patientCaps?.[0];
      if (!cap) throw new Error('no cap');
      cap.appliesTo = { products: ['P-NO-SUCH'], drugs: ['X99XX99'] };
      cap.insuranceTypes = ['martian'];
      cap.source = 'no-such-source';
    });
    expect(await violations()).toEqual(
      expect.arrayContaining([
        expect.stringContaining("unknown product 'P-NO-SUCH'"),
        expect.stringContaining("unknown drug 'X99XX99'"),
        expect.stringContaining("unknown insurance type 'martian'"),
        expect.stringContaining("unknown source 'no-such-source'"),
      ]),
    );
  });

  it('rejects a layer that claims to cover something unknown', async () => {
    editPayer((p) => {
      (p.insuranceTypes[0]?.layers[0] as { covers?: string[] }).covers = ['everything'];
    });
    expect((await violations()).length).toBeGreaterThan(0);
  });
});
