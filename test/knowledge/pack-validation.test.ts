import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PackValidationError, loadKnowledgePack } from '../../src/knowledge/load-pack';
import { packCheck } from '../../tools/pack-check';
import { DEFAULT_PACK_DIR } from './helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pack-'));
  cpSync(DEFAULT_PACK_DIR, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Edits one JSON file of the copied pack in place. */
function edit<T>(file: string, change: (data: T) => void): void {
  const full = path.join(dir, file);
  const data = JSON.parse(readFileSync(full, 'utf8')) as T;
  change(data);
  writeFileSync(full, JSON.stringify(data, null, 2));
}

async function violationsOf(packDir: string): Promise<PackValidationError> {
  try {
    await loadKnowledgePack(packDir);
  } catch (e) {
    if (e instanceof PackValidationError) return e;
    throw e;
  }
  throw new Error('the pack loaded although it is broken');
}

type Json = Record<string, unknown>;

describe('a broken pack', () => {
  it('refuses a change of mechanism declared as an equivalent (TNF inhibitor → JAK inhibitor as "iv-to-oral")', async () => {
    edit<Json[]>('regimen-switches.json', (switches) => {
      const sw = switches.find((s) => s['id'] === 'SW-RA-ADA-TO-TOFA')!;
      sw['basis'] = 'iv-to-oral';
    });
    const error = await violationsOf(dir);
    expect(error.violations).toEqual([
      expect.objectContaining({
        file: 'regimen-switches.json',
        message: expect.stringContaining(
          'adds L04AF01 of a class the switch does not remove: a change of mechanism is a therapy change',
        ),
      }),
    ]);
  });

  it('refuses a contraindication whose source has no revision year, and one naming an unknown class', async () => {
    edit<Json[]>('contraindications.json', (list) => {
      list[0]!['source'] = 'hospital-illustrative';
      list[1]!['classes'] = ['no-such-class'];
    });
    const error = await violationsOf(dir);
    expect(error.violations.map((v) => `${v.file} ${v.pointer}`)).toEqual(
      expect.arrayContaining(['contraindications.json /0/source', 'contraindications.json /1/classes/0']),
    );
  });

  it('fails listing every violation with its file and JSON pointer: a schema error, a dangling reference and an unknown fact path', async () => {
    edit<{ products: Json[] }>('formulary.json', (f) => {
      (f.products[0] as { price: { amount: unknown } }).price.amount = 'cheap';
    });
    edit<Json[]>('regimens.json', (r) => {
      (r[1] as { components: { drug: string }[] }).components[0]!.drug = 'L01XX99';
    });
    edit<Json[]>('rules.json', (r) => {
      (r[0] as { when: unknown }).when = { fact: 'patient.egfrMutation', op: 'missing' };
    });

    const error = await violationsOf(dir);
    expect(error.violations).toEqual(
      expect.arrayContaining([
        { file: 'formulary.json', pointer: '/products/0/price/amount', message: 'must be number' },
        expect.objectContaining({
          file: 'regimens.json',
          pointer: '/1/components/0/drug',
          message: expect.stringContaining("unknown drug 'L01XX99'"),
        }),
        expect.objectContaining({
          file: 'rules.json',
          pointer: '/0/when/fact',
          message: expect.stringContaining("unknown fact path 'patient.egfrMutation'"),
        }),
      ]),
    );
    expect(error.violations).toHaveLength(3);
    for (const v of error.violations) expect(error.message).toContain(`${v.file} ${v.pointer}: ${v.message}`);

    const lines: string[] = [];
    expect(await packCheck(dir, (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toContain('regimens.json /1/components/0/drug');
  });

  it('reports a missing file, duplicate ids, an unknown class in a rule and a reference product of another molecule', async () => {
    rmSync(path.join(dir, 'his-codes.json'));
    edit<Json[]>('regimens.json', (r) => {
      (r[2] as { id: string }).id = (r[0] as { id: string }).id;
    });
    edit<Json[]>('rules.json', (r) => {
      (r[0] as { appliesWhen: unknown }).appliesWhen = { fact: 'regimen.classes', op: 'includes', value: 'egfr-tk' };
    });
    edit<{ products: { code: string; referenceProduct?: string }[] }>('formulary.json', (f) => {
      const generic = f.products.find((p) => p.code === 'P-PEMETREXED-GA-500');
      generic!.referenceProduct = 'P-DOCETAXEL-O-80';
    });

    const error = await violationsOf(dir);
    const where = error.violations.map((v) => `${v.file} ${v.pointer}`);
    expect(where).toEqual(
      expect.arrayContaining([
        'his-codes.json ',
        'regimens.json /2/id',
        'rules.json /0/appliesWhen/value',
        expect.stringMatching(/^formulary\.json \/products\/\d+\/referenceProduct$/),
      ]),
    );
    expect(error.violations.find((v) => v.file === 'his-codes.json')?.message).toBe('file is missing');
  });

  it('checks the rest of a file when one item breaks its schema', async () => {
    edit<Json[]>('regimens.json', (r) => {
      (r[0] as { cycles: unknown }).cycles = -1; // schema error in item 0
      (r[3] as { drgGroup: string }).drgGroup = 'NO-SUCH-GROUP'; // dangling reference in item 3
    });
    const error = await violationsOf(dir);
    expect(error.violations.map((v) => v.pointer)).toEqual(['/0/cycles', '/3/drgGroup']);
  });
});

describe('pack:check on the default pack', () => {
  it('passes and prints a one-line summary', async () => {
    const lines: string[] = [];
    expect(await packCheck(DEFAULT_PACK_DIR, (l) => lines.push(l))).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/OK — \d+ conditions, \d+ drugs, \d+ products, \d+ regimens, .* \d+ rules/);
  });
});
