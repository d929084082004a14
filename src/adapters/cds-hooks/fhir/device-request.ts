/** DeviceRequest → a proposed component: one device, coded by device type, product or HIS item. */
import { child, optString, readCodeableConcept } from '../fhir-read';
import { pickCode } from './medication-codes';
import type { ParsedOrder } from './medication-request';
import { type Reading, firstCoding, t } from './reading';
import type { SourcedResource } from './types';

export function readDeviceRequest(r: SourcedResource, reading: Reading): ParsedOrder | undefined {
  const { issues, notAssessed } = reading;
  optString(r.resource, 'intent', r.path, issues);
  if (r.resource.codeCodeableConcept === undefined) {
    if (r.resource.codeReference !== undefined)
      notAssessed.push({
        where: child(r.path, 'codeReference'),
        reason: t('A device given by reference is not read; it was not assessed.', '以引用给出的器械未读取，未评估。'),
      });
    else issues.add(r.path, 'DeviceRequest needs codeCodeableConcept or codeReference');
    return undefined;
  }
  const where = child(r.path, 'codeCodeableConcept');
  const cc = readCodeableConcept(r.resource.codeCodeableConcept, where, issues);
  if (!cc) return undefined;
  const code = pickCode(cc.codings, reading.config);
  if (!code || code.system === 'atc' || code.system === 'rxnorm') {
    const first = cc.codings[0];
    notAssessed.push({
      ...firstCoding(cc.codings),
      where,
      reason: t(
        `The device ${cc.text ?? first?.display ?? first?.code ?? ''} has no device, product or HIS code; it was not assessed.`,
        `器械 ${first?.code ?? ''} 没有器械、产品或 HIS 编码，未评估。`,
      ),
    });
    return undefined;
  }
  return {
    component: {
      code: code.code,
      system: code.system,
      route: 'device',
      dose: { value: 1, unit: 'unit' },
      administrationsPerCycle: 1,
    },
  };
}
