/**
 * Which code of a coded drug or device the pipeline is given (orders and allergies read codes the
 * same way): the most specific the deployment knows.
 */
import type { ProposedComponent } from '../../../domain/case';
import { SYSTEMS, canonicalSystem } from '../code-systems';
import type { CodingValue } from '../fhir-read';
import type { FhirToCaseConfig } from './types';

/**
 * The code of an ordered drug, most specific first: the pack's product, a HIS item (any of the
 * deployment's HIS systems), an NHSA drug code, ATC, then RxNorm (translated to a pack drug or
 * product through terminology.json when it is there; an unmapped RxNorm code is passed on as is).
 */
export function pickCode(
  codings: CodingValue[],
  config: FhirToCaseConfig,
): { system: ProposedComponent['system']; code: string } | undefined {
  const find = (system: string) => codings.find((x) => canonicalSystem(x.system) === system && x.code)?.code;
  const product = find(SYSTEMS.product);
  if (product) return { system: 'product', code: product };
  for (const his of config.hisSystems ?? [config.hisSystem]) {
    const code = find(his);
    if (code) return { system: 'his', code };
  }
  const nhsa = find(SYSTEMS.nhsaDrug);
  const nhsaProduct = nhsa ? config.mapNhsa?.(nhsa) : undefined;
  if (nhsaProduct) return { system: 'product', code: nhsaProduct };
  const atc = find(SYSTEMS.atc);
  if (atc) return { system: 'atc', code: atc };
  const rx = codings.filter((x) => canonicalSystem(x.system) === SYSTEMS.rxnorm && x.code).map((x) => x.code as string);
  for (const code of rx) {
    const mapped = config.mapRxnorm?.(code);
    if (mapped) return mapped;
  }
  if (rx[0]) return { system: 'rxnorm', code: rx[0] };
  const device = find(SYSTEMS.device);
  if (device) return { system: 'device', code: device };
  return undefined;
}
