/**
 * The CDS services this deployment offers (discovery) and their prefetch templates. Templates use
 * only the prefetch tokens CDS Hooks 2.0 defines for these hooks ({{context.patientId}},
 * {{context.encounterId}}) and only the query features it recommends (reads, type-level searches
 * by patient, token equality, _sort, _count).
 */
import { LOINC, SCORE_CODES, SYSTEMS } from './code-systems';
import type { HookName } from './fhir-to-case';
import type { JsonObject } from './fhir-read';

export interface PrefetchTemplate {
  key: string;
  query: string;
  /** What the template returns, to tell from the prefetch (by resource type) whether it was satisfied. */
  resourceType: string;
  /** For Observations: codes (system|code) the template asks for. */
  codes?: readonly string[];
}

const loinc = (...codes: string[]) => codes.map((c) => `${SYSTEMS.loinc}|${c}`);
const score = (...codes: string[]) => codes.map((c) => `${SYSTEMS.score}|${c}`);

function observation(key: string, codes: string[], count: number): PrefetchTemplate {
  return {
    key,
    resourceType: 'Observation',
    codes,
    query: `Observation?patient={{context.patientId}}&code=${codes.join(',')}&_sort=-date&_count=${count}`,
  };
}

export const PREFETCH: readonly PrefetchTemplate[] = [
  { key: 'patient', resourceType: 'Patient', query: 'Patient/{{context.patientId}}' },
  { key: 'conditions', resourceType: 'Condition', query: 'Condition?patient={{context.patientId}}' },
  { key: 'allergies', resourceType: 'AllergyIntolerance', query: 'AllergyIntolerance?patient={{context.patientId}}' },
  { key: 'encounter', resourceType: 'Encounter', query: 'Encounter/{{context.encounterId}}' },
  {
    key: 'procedures',
    resourceType: 'Procedure',
    query: 'Procedure?patient={{context.patientId}}&_sort=date&_count=50',
  },
  { key: 'coverage', resourceType: 'Coverage', query: 'Coverage?patient={{context.patientId}}&status=active' },
  observation('weight', loinc(LOINC.weight), 1),
  observation('height', loinc(LOINC.height), 1),
  observation('egfr', loinc(...LOINC.egfr), 1),
  observation('creatinine', loinc(LOINC.creatinineMass, LOINC.creatinineMolar), 1),
  observation('alt', loinc(LOINC.alt), 1),
  observation('hba1c', loinc(LOINC.hba1c), 1),
  observation('ecog', loinc(LOINC.ecog), 1),
  observation('stage', loinc(LOINC.stageClinical, LOINC.stagePathological), 1),
  observation('genomic-variants', loinc(LOINC.variantAssessment), 50),
  observation('her2', loinc(LOINC.her2Ihc, LOINC.her2Ish), 10),
  observation('reproductive-status', loinc(LOINC.pregnancyStatus, LOINC.breastfeedingStatus), 2),
  observation('scores', score(...Object.values(SCORE_CODES)), 50),
];

export interface CdsServiceDefinition {
  id: string;
  hook: HookName;
  title: string;
  description: string;
}

export const SERVICES: readonly CdsServiceDefinition[] = [
  {
    id: 'combo-cost-order-select',
    hook: 'order-select',
    title: 'Combination-therapy cost and value (order-select)',
    description:
      'When a combination regimen is selected: expected cost per course, DRG payment standard and margin, approval threshold, guideline findings, protocol deviations and cheaper equivalent orders.',
  },
  {
    id: 'combo-cost-order-sign',
    hook: 'order-sign',
    title: 'Combination-therapy cost and value (order-sign)',
    description:
      'Before a combination regimen is signed: expected cost per course, DRG overspend warning, approval threshold, guideline findings, protocol deviations and cheaper equivalent orders.',
  },
];

export function discoveryDocument(): JsonObject {
  return {
    services: SERVICES.map((s) => ({
      hook: s.hook,
      title: s.title,
      description: s.description,
      id: s.id,
      prefetch: Object.fromEntries(PREFETCH.map((p) => [p.key, p.query])),
    })),
  };
}

/** The template with its tokens filled in, or undefined when a token has no value in the context. */
export function resolveTemplate(
  query: string,
  context: { patientId: string; encounterId?: string; userId?: string },
): string | undefined {
  const values: Record<string, string | undefined> = {
    'context.patientId': context.patientId,
    'context.encounterId': context.encounterId,
    'context.userId': context.userId,
    userPractitionerId: context.userId?.startsWith('Practitioner/')
      ? context.userId.slice('Practitioner/'.length)
      : undefined,
    userPractitionerRoleId: context.userId?.startsWith('PractitionerRole/')
      ? context.userId.slice('PractitionerRole/'.length)
      : undefined,
  };
  let missing = false;
  const out = query.replace(/\{\{([^}]+)\}\}/g, (_, token: string) => {
    const v = values[token.trim()];
    if (v === undefined) {
      missing = true;
      return '';
    }
    return encodeURIComponent(v);
  });
  return missing ? undefined : out;
}
