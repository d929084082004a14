/**
 * The hook's draft orders (context.draftOrders) → the proposal: each active MedicationRequest or
 * DeviceRequest of this patient becomes a therapeutic or supportive component, and the orders'
 * timings together give the cycle length and count.
 */
import type { CaseProposal, ProposedComponent } from '../../../domain/case';
import { child } from '../fhir-read';
import { referencedPatient } from '../patient-identity';
import { readDeviceRequest } from './device-request';
import { readMedicationRequest } from './medication-request';
import { type Reading, t } from './reading';
import { type OrderTiming, applyTimings } from './timing';
import type { DraftOrder, HookContext, HookName, SourcedResource } from './types';

const INACTIVE = ['cancelled', 'entered-in-error', 'stopped', 'completed', 'revoked'];

export function readDraftOrders(
  hook: HookName,
  context: HookContext,
  draftResources: readonly SourcedResource[],
  reading: Reading,
): { proposal: CaseProposal; orders: DraftOrder[] } {
  const proposal: CaseProposal = { components: [], supportive: [] };
  const orders: DraftOrder[] = [];
  const selected = new Set(context.selections);
  const refsInBundle = new Set<string>();
  const timings: OrderTiming[] = [];
  for (const r of draftResources) {
    const type = r.resource.resourceType;
    const id = typeof r.resource.id === 'string' ? r.resource.id : undefined;
    if (id && typeof type === 'string') refsInBundle.add(`${type}/${id}`);
    if (type !== 'MedicationRequest' && type !== 'DeviceRequest') continue;
    const status = typeof r.resource.status === 'string' ? r.resource.status : undefined;
    if (status && INACTIVE.includes(status)) continue;
    if (forAnotherPatient(r, context, reading)) continue;
    const ref = id ? `${type}/${id}` : undefined;
    const order: DraftOrder = {
      ref,
      resourceType: type,
      resource: r.resource,
      selected: hook === 'order-sign' || (ref !== undefined && selected.has(ref)),
      path: r.path,
    };
    orders.push(order);
    const parsed = type === 'MedicationRequest' ? readMedicationRequest(r, reading) : readDeviceRequest(r, reading);
    if (!parsed) continue;
    const component: ProposedComponent = { ...parsed.component, ...(ref ? { orderRef: ref } : {}) };
    const list = reading.config.isSupportive?.(component) ? 'supportive' : 'components';
    proposal[list].push(component);
    order.component = { list, index: proposal[list].length - 1 };
    order.code = { system: component.system, code: component.code };
    if (parsed.timing) timings.push({ component, timing: parsed.timing });
  }
  context.selections.forEach((s, i) => {
    if (!refsInBundle.has(s))
      reading.issues.add(`context.selections[${i}]`, `names ${s}, which is not in context.draftOrders`);
  });
  applyTimings(timings, proposal, reading.notAssessed);
  return { proposal, orders };
}

/** A draft order whose subject is another patient than the hook's is not assessed (and said so). */
function forAnotherPatient(r: SourcedResource, context: HookContext, reading: Reading): boolean {
  const orderPatient = referencedPatient(r.resource.subject);
  if (orderPatient === undefined || orderPatient === context.patientId) return false;
  reading.notAssessed.push({
    where: child(r.path, 'subject'),
    reason: t(
      'A draft order is for another patient than the patient of this hook call; it was not assessed.',
      '一条草稿医嘱属于其他患者（非本次调用的患者），未评估。',
    ),
  });
  return true;
}
