/**
 * The per-file integrity checks, each on the default pack with one deliberate break: every check
 * passes the shipped pack and names the broken element (file, JSON pointer, message) of a broken one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FILE_CHECKS, checkIntegrity } from '../../src/knowledge/pack-integrity';
import { PACK_FILES, type PackFileName, type PackViolation } from '../../src/knowledge/pack-files';
import { checkAtcAliases } from '../../src/knowledge/integrity/atc-aliases';
import { checkContraindications } from '../../src/knowledge/integrity/contraindications';
import { checkDrgTariffs } from '../../src/knowledge/integrity/drg-tariffs';
import { checkDrugClasses } from '../../src/knowledge/integrity/drug-classes';
import { checkFormulary } from '../../src/knowledge/integrity/formulary';
import { checkHisCodes } from '../../src/knowledge/integrity/his-codes';
import { checkManifest } from '../../src/knowledge/integrity/manifest';
import { PackReferences, type ParsedFiles } from '../../src/knowledge/integrity/pack-references';
import { checkPayerPolicy } from '../../src/knowledge/integrity/payer-policy';
import { checkPolicies } from '../../src/knowledge/integrity/policies';
import { checkRegimenSwitches } from '../../src/knowledge/integrity/regimen-switches';
import { checkRegimens } from '../../src/knowledge/integrity/regimens';
import { checkRules } from '../../src/knowledge/integrity/rules';
import { checkSources } from '../../src/knowledge/integrity/sources';
import { checkSubstitutionGroups } from '../../src/knowledge/integrity/substitution-groups';
import { checkTerminology } from '../../src/knowledge/integrity/terminology';
import { checkVariantClasses } from '../../src/knowledge/integrity/variant-classes';
import { DEFAULT_PACK_DIR } from './helpers';

/** Pack files are edited in place as plain JSON (their shape is the schema's business, not this test's). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Editable = any;
type Json = Record<string, Editable>;

/** A fresh parsed copy of every file of the default pack. */
function defaultFiles(): Record<PackFileName, Editable> {
  const files = {} as Record<PackFileName, unknown>;
  for (const { file } of PACK_FILES) files[file] = JSON.parse(readFileSync(path.join(DEFAULT_PACK_DIR, file), 'utf8'));
  return files as Record<PackFileName, Editable>;
}

function run(check: (pack: PackReferences) => PackViolation[], files: ParsedFiles, schema: PackViolation[] = []) {
  return check(new PackReferences(files, schema));
}

describe('the integrity checks of the default pack', () => {
  it('find nothing, file by file and together', () => {
    const files = defaultFiles();
    for (const check of FILE_CHECKS) expect(run(check, files)).toEqual([]);
    expect(checkIntegrity(files, [])).toEqual([]);
  });
});

describe('each pack file has its own check, and it fails on a broken file', () => {
  let files: Record<PackFileName, Editable>;
  beforeEach(() => {
    files = defaultFiles();
  });

  it('manifest.json: ICD-10 prefixes of two conditions overlap, and the validity ends before it starts', () => {
    files['manifest.json'].conditions[1].icd10Prefixes.push('C34.1');
    files['manifest.json'].effectiveTo = '2000-01-01';
    const problems = run(checkManifest, files);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'manifest.json',
          pointer: '/conditions/1/icd10Prefixes/2',
          message: expect.stringContaining("overlaps 'C34' of 'nsclc'"),
        }),
        expect.objectContaining({ pointer: '/effectiveTo', message: expect.stringContaining('is not after') }),
      ]),
    );
  });

  it('sources.json: a source id listed twice', () => {
    files['sources.json'].push({ ...files['sources.json'][0] });
    const last = files['sources.json'].length - 1;
    expect(run(checkSources, files)).toEqual([
      { file: 'sources.json', pointer: `/${last}/id`, message: "duplicate source id 'digest-G-01' (first at /0/id)" },
    ]);
  });

  it('drug-classes.json: a parent cycle and an unknown allergy source', () => {
    const classes: Json[] = files['drug-classes.json'];
    classes.find((c) => c.id === 'chemotherapy')!.parent = 'platinum';
    classes.find((c) => c.id === 'platinum')!.allergySource = 'no-such-source';
    const problems = run(checkDrugClasses, files).map((p) => p.message);
    expect(problems).toEqual(
      expect.arrayContaining([
        "class 'platinum' is its own ancestor (parent cycle through 'platinum')",
        "unknown source 'no-such-source' (not in sources.json)",
      ]),
    );
  });

  it('formulary.json: a drug of an unknown class, and a generic whose reference product is another molecule', () => {
    files['formulary.json'].drugs[0].classes = ['no-such-class'];
    const products: Json[] = files['formulary.json'].products;
    const generic = products.findIndex((p) => p.code === 'P-CARBOPLATIN-GA-100');
    products[generic]!.referenceProduct = 'P-CISPLATIN-GA-10';
    expect(run(checkFormulary, files)).toEqual([
      {
        file: 'formulary.json',
        pointer: '/drugs/0/classes/0',
        message: "unknown drug class 'no-such-class' (not in drug-classes.json)",
      },
      expect.objectContaining({
        pointer: `/products/${generic}/referenceProduct`,
        message: expect.stringContaining('a generic or biosimilar references the same molecule'),
      }),
    ]);
  });

  it('atc-aliases.json: an alias that is itself a current code, pointing at an unknown drug', () => {
    files['atc-aliases.json'][0] = { code: 'L01XA01', current: 'L01XX99', source: 'who-atc-2024' };
    expect(run(checkAtcAliases, files).map((p) => `${p.pointer} ${p.message}`)).toEqual([
      "/0/current unknown drug 'L01XX99' (not in formulary.json drugs)",
      "/0/code alias 'L01XA01' is itself a current drug code in formulary.json",
    ]);
  });

  it('his-codes.json: a HIS code naming a product the formulary lacks', () => {
    files['his-codes.json'][0].product = 'P-NO-SUCH';
    expect(run(checkHisCodes, files)).toEqual([
      {
        file: 'his-codes.json',
        pointer: '/0/product',
        message: "unknown product 'P-NO-SUCH' (not in formulary.json products)",
      },
    ]);
  });

  it('terminology.json: an RxNorm ingredient naming a product, a SNOMED CT prefix match and an NHSA code twice', () => {
    const t = files['terminology.json'];
    t.rxnorm[0].product = 'P-CISPLATIN-GA-10';
    t.conditions[0].match = 'prefix';
    t.nhsaDrugCodes.push({ ...t.nhsaDrugCodes[0] });
    const messages = run(checkTerminology, files).map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'an RxNorm ingredient (IN) names a drug, not a product',
        'SNOMED CT codes are matched exactly',
        expect.stringMatching(/^duplicate NHSA drug code 'ILLUSTRATIVE-NHSA-0001'/),
        expect.stringMatching(/^duplicate product with an NHSA code 'P-PEMETREXED-VBP-500'/),
      ]),
    );
  });

  it('regimens.json: an unknown required gene and an ADRG without a DRG group', () => {
    files['regimens.json'][0].requiredBiomarkers = [{ gene: 'NOTAGENE' }];
    files['regimens.json'][1].drgGroup = 'ZZ9';
    const where = run(checkRegimens, files).map((p) => `${p.pointer} ${p.message.split(' (')[0]}`);
    expect(where).toEqual(["/0/requiredBiomarkers/0/gene unknown gene 'NOTAGENE'", "/1/drgGroup unknown ADRG 'ZZ9'"]);
  });

  it('regimen-switches.json: a switch to the regimen it starts from, and one to an unknown regimen', () => {
    const switches: Json[] = files['regimen-switches.json'];
    switches[0]!.to = switches[0]!.from;
    switches[1]!.to = 'no-such-regimen';
    const problems = run(checkRegimenSwitches, files).map((p) => `${p.pointer} ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        '/0/to a switch must lead to a different regimen',
        "/1/to unknown regimen 'no-such-regimen' (not in regimens.json)",
      ]),
    );
  });

  it('substitution-groups.json: a member product the formulary lacks', () => {
    files['substitution-groups.json'][0].members.push('P-NO-SUCH');
    expect(run(checkSubstitutionGroups, files)).toEqual([
      expect.objectContaining({ file: 'substitution-groups.json', pointer: '/0/members/4' }),
    ]);
  });

  it('rules.json: an unknown fact path, a stop action naming nothing, and a rule id twice', () => {
    const rules: Json[] = files['rules.json'];
    rules[0]!.when = { fact: 'patient.egfrMutation', op: 'missing' };
    rules[1]!.action = { ...(rules[1]!.action ?? {}), stop: 'nothing-like-this' };
    rules.push({ ...rules[2]! });
    const messages = run(checkRules, files).map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^unknown fact path 'patient\.egfrMutation'/),
        "'nothing-like-this' is neither a drug class nor a drug code",
        expect.stringMatching(/^duplicate rule id/),
      ]),
    );
  });

  it('contraindications.json: an id that is also a rule id, and a source without a revision year', () => {
    files['contraindications.json'][0].id = files['rules.json'][0].id;
    files['contraindications.json'][1].source = 'hospital-illustrative';
    const problems = run(checkContraindications, files).map((p) => p.pointer);
    expect(problems).toEqual(['/0/id', '/1/source']);
  });

  it('variant-classes.json: a pattern that is not a regular expression and an unknown gene', () => {
    files['variant-classes.json'][0].pattern = '(unclosed';
    files['variant-classes.json'][1].gene = 'NOTAGENE';
    const problems = run(checkVariantClasses, files).map((p) => `${p.pointer} ${p.message.split(':')[0]}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        '/0/pattern invalid regular expression',
        expect.stringMatching(/^\/1\/gene unknown gene/),
      ]),
    );
  });

  it('drg-tariffs.json: a carve-out drug, an admission-coding class and an approval threshold condition that do not exist', () => {
    const drg = files['drg-tariffs.json'];
    drg.carveOutDrugs = ['L01XX99'];
    drg.admissionCoding[0].when.classes = ['no-such-class'];
    drg.approvalThresholds[0].when = { fact: 'regimen.classes', op: 'includes', value: 'no-such-class' };
    const pointers = run(checkDrgTariffs, files).map((p) => p.pointer);
    expect(pointers).toEqual([
      '/carveOutDrugs/0',
      '/admissionCoding/0/when/classes/0',
      '/approvalThresholds/0/when/value',
    ]);
  });

  it('policies.json: a willingness-to-pay source that does not exist', () => {
    files['policies.json'].wtpSource = 'no-such-source';
    expect(run(checkPolicies, files)).toEqual([
      {
        file: 'policies.json',
        pointer: '/wtpSource',
        message: "unknown source 'no-such-source' (not in sources.json)",
      },
    ]);
  });

  it('payer-policy.json: a patient cap for an insurance type the policy does not have', () => {
    files['payer-policy.json'].patientCaps[0].insuranceTypes = ['no-such-scheme'];
    expect(run(checkPayerPolicy, files)).toEqual([
      {
        file: 'payer-policy.json',
        pointer: '/patientCaps/0/insuranceTypes/0',
        message: "unknown insurance type 'no-such-scheme'",
      },
    ]);
  });
});

describe('what schema validation already reported is not checked again', () => {
  it('skips an item with a schema violation and checks the others', () => {
    const files = defaultFiles();
    files['his-codes.json'][0].product = 'P-NO-SUCH';
    files['his-codes.json'][1].product = 'P-NO-SUCH-EITHER';
    const schema = [{ file: 'his-codes.json', pointer: '/0/product', message: 'must match pattern' }];
    expect(run(checkHisCodes, files, schema).map((p) => p.pointer)).toEqual(['/1/product']);
  });

  it('skips a file whose root broke its schema', () => {
    const files = defaultFiles();
    files['his-codes.json'][0].product = 'P-NO-SUCH';
    expect(run(checkHisCodes, files, [{ file: 'his-codes.json', pointer: '', message: 'must be array' }])).toEqual([]);
  });
});
