/**
 * Stage unit tests: the default knowledge pack, and a request taken through the stages before the
 * one under test (request → case → resolve → regimen match → drug cost, facts and rules), so a test
 * can call one stage function directly with what the pipeline would hand it.
 */
import { requestToCase } from '../../src/adapters/rest/request-to-case';
import type { Case } from '../../src/domain/case';
import { loadKnowledgePack } from '../../src/knowledge/load-pack';
import type { Drug, KnowledgePack, Product, Regimen } from '../../src/knowledge/types';
import { derivePatientFacts } from '../../src/pipeline/guideline-rules/derive-facts';
import { evaluateRegimen, type EvaluatedRegimen } from '../../src/pipeline/guideline-rules/evaluate-regimen';
import type { ResolvedCase, ResolvedComponent } from '../../src/pipeline/resolve/resolved-case';
import { DEFAULT_PACK_DIR } from '../knowledge/helpers';
import type { AssessmentRequest } from './cases';
import { resolveCase } from './resolve';

let cached: Promise<KnowledgePack> | null = null;

/** The shipped default pack, loaded once per test file. */
export function defaultPack(): Promise<KnowledgePack> {
  cached ??= loadKnowledgePack(DEFAULT_PACK_DIR);
  return cached;
}

/** A REST request as the adapter turns it into a case (tertiary hospital by default). */
export function caseOf(request: AssessmentRequest): Case {
  return requestToCase(request, { hospitalTier: 'tertiary', region: null });
}

/** A regimen as the stages after it see it: priced, with its facts and every rule's outcome on it. */
export interface Evaluated extends EvaluatedRegimen {
  resolved: ResolvedCase;
}

/** Price a regimen of a resolved case, derive its facts and evaluate the rules, as the orchestrator does. */
export function evaluate(pack: KnowledgePack, resolved: ResolvedCase, regimen = resolved.regimen): Evaluated {
  const patientFacts = derivePatientFacts(resolved, pack.policies);
  return { resolved, ...evaluateRegimen(pack, resolved, patientFacts, regimen, 'proposal') };
}

/** A request resolved against the pack, its proposal priced and its facts derived. */
export function staged(pack: KnowledgePack, request: AssessmentRequest): Evaluated {
  return evaluate(pack, resolveCase(caseOf(request), pack));
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the default pack lacks ${what}`);
  return value;
}

export const regimenIn = (pack: KnowledgePack, id: string): Regimen => required(pack.regimens.get(id), `regimen ${id}`);
export const drugIn = (pack: KnowledgePack, code: string): Drug => required(pack.drugs.get(code), `drug ${code}`);
export const productIn = (pack: KnowledgePack, code: string): Product =>
  required(pack.products.get(code), `product ${code}`);

/** The pack price of one unit (vial, tablet, pen) of a product. */
export function unitPriceOf(product: Product): number {
  return product.price.amount / product.unitsPerPack;
}

/**
 * The pack with some fields replaced, keeping its compiled DRG scheme (a non-enumerable property a
 * spread would drop). Pass `drgScheme: undefined` to drop it on purpose.
 */
export function packWith(pack: KnowledgePack, changes: Partial<KnowledgePack>): KnowledgePack {
  const scheme = 'drgScheme' in changes ? changes.drgScheme : pack.drgScheme;
  const { drgScheme: _scheme, ...rest } = changes;
  return Object.defineProperty({ ...pack, ...rest }, 'drgScheme', { value: scheme, enumerable: false });
}

/** A component as the resolve stage hands it on: the drug, one product, the ordered dose and schedule. */
export function orderedComponent(
  pack: KnowledgePack,
  drug: string,
  product: string,
  dose: { value: number; unit: string; from?: ResolvedComponent['dose']['from'] },
  schedule: Partial<
    Pick<ResolvedComponent, 'role' | 'route' | 'administrationsPerCycle' | 'timesPerAdministration'>
  > = {},
): ResolvedComponent {
  return {
    drug: drugIn(pack, drug),
    phases: [{ product: productIn(pack, product) }],
    productExplicit: true,
    dose: { value: dose.value, unit: dose.unit, from: dose.from ?? 'order' },
    route: schedule.route ?? productIn(pack, product).route,
    administrationsPerCycle: schedule.administrationsPerCycle ?? 1,
    timesPerAdministration: schedule.timesPerAdministration ?? 1,
    role: schedule.role ?? 'therapeutic',
    pointer: `/proposal/${drug}`,
  };
}
