/**
 * What accepting a cheaper option does to the draft orders: delete each order it changes and create
 * its replacement, built fresh as valid R4 (fhir-build.ts) from the option's costed component.
 */
import { SYSTEMS } from '../code-systems';
import { cleanCodeableConcept, cleanDateTime, cleanDosage, cleanNotes, cleanReference } from '../fhir-build';
import type { JsonObject } from '../fhir-read';
import type { DraftOrder } from '../fhir-to-case';
import { L } from './card-text';
import type { Assessment, CdsAction, ComponentCost, Option, RenderInput } from './card-types';

type Change = Option['changes'][number];

/** A change whose target is "stop" removes the component (step-down). */
export function isRemoval(change: Change): boolean {
  return change.to === '' || change.to === 'stop' || change.to === 'none';
}

function findOrder(change: Change, input: RenderInput): DraftOrder | undefined {
  if (change.orderRef) return input.orders.find((o) => o.ref === change.orderRef);
  return input.orders.find((o) => o.code?.code === change.from);
}

/** The costed component a product or drug code names (the option's full view carries them). */
export function costLine(components: readonly ComponentCost[] | undefined, code: string): ComponentCost | undefined {
  const list = components ?? [];
  return list.find((c) => c.product.code === code) ?? list.find((c) => c.drug.code === code);
}

const UCUM_OF: Record<string, string> = {
  mg: 'mg',
  µg: 'ug',
  IU: '[iU]',
  unit: '{unit}',
  dose: '{dose}',
  'mg/m2': 'mg/m2',
  'mg/kg': 'mg/kg',
};

const R4_INTENTS = [
  'proposal',
  'plan',
  'order',
  'original-order',
  'reflex-order',
  'filler-order',
  'instance-order',
  'option',
];

/** Subject, encounter and requester from the hook context; authoredOn, reasons and notes only in their R4 shape. */
function orderHeader(order: DraftOrder, input: RenderInput): JsonObject {
  const src = order.resource;
  const resource: JsonObject = {
    resourceType: order.resourceType,
    status: 'draft',
    intent: typeof src.intent === 'string' && R4_INTENTS.includes(src.intent) ? src.intent : 'order',
  };
  resource.subject = { reference: `Patient/${input.context.patientId}` };
  if (input.context.encounterId) resource.encounter = { reference: `Encounter/${input.context.encounterId}` };
  const authoredOn = cleanDateTime(src.authoredOn);
  if (authoredOn) resource.authoredOn = authoredOn;
  if (input.context.userId && /^(Practitioner|PractitionerRole)\/[A-Za-z0-9\-.]{1,64}$/.test(input.context.userId))
    resource.requester = { reference: input.context.userId };
  const reasonCode = (Array.isArray(src.reasonCode) ? src.reasonCode : [])
    .map(cleanCodeableConcept)
    .filter((c): c is JsonObject => c !== undefined);
  if (reasonCode.length > 0) resource.reasonCode = reasonCode;
  const reasonReference = (Array.isArray(src.reasonReference) ? src.reasonReference : [])
    .map(cleanReference)
    .filter((r): r is JsonObject => r !== undefined);
  if (reasonReference.length > 0) resource.reasonReference = reasonReference;
  const notes = cleanNotes(src.note);
  if (notes.length > 0) resource.note = notes;
  return resource;
}

/**
 * The replacement order: the header, the code and dose from the option, and (for the same molecule)
 * the prescriber's timing and route. Nothing else of the draft is copied.
 */
export function replacementResource(
  order: DraftOrder,
  next: ComponentCost,
  sameMolecule: boolean,
  basis: Option['basis'],
  input: RenderInput,
): JsonObject {
  const lang = input.language;
  const resource = orderHeader(order, input);
  const concept: JsonObject = {
    coding: [
      { system: SYSTEMS.product, code: next.product.code, display: next.product.name.en },
      {
        system: next.drug.code.startsWith('DEV-') ? SYSTEMS.device : SYSTEMS.atc,
        code: next.drug.code,
        display: next.drug.name.en,
      },
    ],
    text: L(lang, next.product.name),
  };
  if (order.resourceType === 'DeviceRequest') {
    resource.codeCodeableConcept = concept;
    return resource;
  }
  resource.medicationCodeableConcept = concept;
  const dose: JsonObject = {
    value: next.dose.perAdministration,
    unit: next.dose.unit,
    system: SYSTEMS.ucum,
    code: UCUM_OF[next.dose.unit] ?? next.dose.unit,
  };
  const src = order.resource;
  if (sameMolecule && Array.isArray(src.dosageInstruction)) {
    // Same molecule: the prescriber's schedule and route stay; the dose changes only for dose rounding.
    const dosage = src.dosageInstruction
      .map((d, i) => cleanDosage(d, basis === 'dose-rounding' && i === 0 ? dose : undefined))
      .filter((d): d is JsonObject => d !== undefined);
    if (dosage.length > 0) resource.dosageInstruction = dosage;
  } else {
    // Another molecule: the dose comes from the option's protocol, the schedule is the prescriber's to confirm.
    resource.dosageInstruction = [
      {
        text:
          lang === 'zh'
            ? `按方案：${next.dose.calculation}（请确认给药时间）`
            : `Per protocol: ${next.dose.calculation} (confirm the schedule)`,
        doseAndRate: [{ doseQuantity: dose }],
      },
    ];
  }
  return resource;
}

export interface OptionActions {
  actions: CdsAction[];
  complete: boolean;
  /** The one draft order a single-drug switch replaces, and its replacement (for the `update` style). */
  single?: { order: DraftOrder; resource: JsonObject };
}

export function optionActions(a: Assessment, option: Option, input: RenderInput): OptionActions {
  const lang = input.language;
  const actions: CdsAction[] = [];
  let complete = option.changes.length > 0;
  const creates: { order: DraftOrder; resource: JsonObject }[] = [];
  let deletes = 0;
  for (const change of option.changes) {
    const order = findOrder(change, input);
    const from = costLine(a.expectedCost.components, change.from);
    const removal = isRemoval(change);
    const to = removal ? undefined : costLine(option.expectedCost.components, change.to);
    if (change.from && (!order || !order.ref)) {
      complete = false;
      continue;
    }
    if (order?.ref) {
      deletes++;
      const name = from ? L(lang, from.product.name) : change.from;
      actions.push({
        type: 'delete',
        description: lang === 'zh' ? `撤销草稿医嘱 ${name}` : `Remove the draft order for ${name}`,
        resourceId: order.ref,
      });
    }
    if (removal) continue;
    if (!to || !order) {
      complete = false;
      continue;
    }
    const sameMolecule = from !== undefined && from.drug.code === to.drug.code;
    const resource = replacementResource(order, to, sameMolecule, option.basis, input);
    creates.push({ order, resource });
    const name = L(lang, to.product.name);
    actions.push({
      type: 'create',
      description: lang === 'zh' ? `新开医嘱：${name}` : `Order ${name} instead`,
      resource,
    });
  }
  const only = creates[0];
  return { actions, complete, ...(creates.length === 1 && deletes === 1 && only ? { single: only } : {}) };
}
