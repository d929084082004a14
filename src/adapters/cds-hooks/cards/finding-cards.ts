/**
 * Guideline and safety findings: one card per finding with the severity the pack gives it (`critical`
 * is kept for patient safety), a ServiceRequest suggestion where the fix is a test to order and a
 * delete suggestion where it is a drug to stop. Safety limits that cannot be checked for missing data
 * share one warning card (alert economy).
 */
import type { LocalizedText } from '../../../knowledge/types';
import { LOINC, SYSTEMS } from '../code-systems';
import type { JsonObject } from '../fhir-read';
import type { CardBuilder } from './card-builder';
import { L, SUMMARY_MAX, cardSource, citationText, truncate } from './card-text';
import type { Assessment, CdsSuggestion, Finding, Language, RenderInput } from './card-types';
import { overrideReasons } from './override-reasons';

export function findingCards(b: CardBuilder, a: Assessment, input: RenderInput): void {
  const withSuggestion = (f: Finding) => f.action?.kind === 'order-test' || f.action?.kind === 'stop-drug';
  const undecided = a.findings.filter(
    (f) => f.category === 'data-quality' && f.severity === 'warning' && f.missing.length > 0 && !withSuggestion(f),
  );
  for (const finding of a.findings) if (!undecided.includes(finding)) findingCard(b, a, finding, input);
  if (undecided.length > 1) undecidedLimitsCard(b, a, undecided, input);
  else for (const finding of undecided) findingCard(b, a, finding, input);
}

const LOINC_DISPLAY: Record<string, LocalizedText> = {
  [LOINC.variantAssessment]: { en: 'Genetic variant assessment', zh: '基因变异检测' },
  [LOINC.her2Ihc]: { en: 'HER2 by immunohistochemistry', zh: 'HER2 免疫组化' },
  [LOINC.her2Ish]: { en: 'HER2 by in situ hybridization', zh: 'HER2 原位杂交' },
  [LOINC.egfr[0] as string]: { en: 'eGFR', zh: '估算肾小球滤过率' },
  [LOINC.creatinineMass]: { en: 'Creatinine [Mass/volume] in Serum or Plasma', zh: '血清肌酐' },
  [LOINC.alt]: { en: 'ALT [Enzymatic activity/volume] in Serum or Plasma', zh: '丙氨酸氨基转移酶' },
  [LOINC.hba1c]: { en: 'Hemoglobin A1c', zh: '糖化血红蛋白' },
};

/** A draft ServiceRequest for the test a finding asks for (valid FHIR R4). */
export function serviceRequestFor(loinc: string, finding: Finding, input: RenderInput): JsonObject {
  const lang = input.language;
  const display = LOINC_DISPLAY[loinc];
  const principal = input.kase?.patient.diagnoses.find((d) => d.principal);
  const resource: JsonObject = {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'order',
    code: {
      coding: [{ system: SYSTEMS.loinc, code: loinc, ...(display ? { display: display.en } : {}) }],
      text: display ? display[lang] : L(lang, finding.action?.text ?? finding.title),
    },
    subject: { reference: `Patient/${input.context.patientId}` },
  };
  if (input.context.encounterId) resource.encounter = { reference: `Encounter/${input.context.encounterId}` };
  if (input.context.userId && /^(Practitioner|PractitionerRole)\//.test(input.context.userId))
    resource.requester = { reference: input.context.userId };
  if (input.kase?.context.asOf) resource.authoredOn = input.kase.context.asOf;
  if (principal) resource.reasonCode = [{ coding: [{ system: SYSTEMS.icd10, code: principal.code }] }];
  resource.note = [{ text: `${L(lang, finding.title)} (${finding.ruleId})` }];
  return resource;
}

function findingDetail(a: Assessment, finding: Finding, lang: Language): string {
  const d: string[] = [L(lang, finding.message)];
  if (finding.action) d.push('', `**${lang === 'zh' ? '建议' : 'Suggested action'}:** ${L(lang, finding.action.text)}`);
  const inputs = Object.entries(finding.inputs);
  if (inputs.length > 0)
    d.push(
      '',
      lang === 'zh' ? '**依据的数据**' : '**Inputs used**',
      ...inputs.map(([k, v]) => `- \`${k}\` = ${JSON.stringify(v)}`),
    );
  if (finding.missing.length > 0)
    d.push('', lang === 'zh' ? '**缺少的数据**' : '**Missing data**', ...finding.missing.map((m) => `- \`${m}\``));
  d.push(
    '',
    `${lang === 'zh' ? '规则' : 'Rule'} ${finding.ruleId} · ${lang === 'zh' ? '证据等级' : 'evidence level'} ${finding.evidenceLevel} · ${citationText(a, finding.source)}`,
  );
  return d.join('\n');
}

/** Order the test the finding asks for, or remove the draft orders of the drug it says to stop. */
function findingSuggestions(finding: Finding, input: RenderInput): Omit<CdsSuggestion, 'uuid'>[] {
  const lang = input.language;
  if (finding.action?.kind === 'order-test' && finding.action.loinc) {
    const sr = serviceRequestFor(finding.action.loinc, finding, input);
    const text = (sr.code as { text: string }).text;
    return [
      {
        label: truncate(lang === 'zh' ? `开具检测：${text}` : `Order test: ${text}`, 80),
        isRecommended: true,
        actions: [{ type: 'create', description: L(lang, finding.action.text), resource: sr }],
      },
    ];
  }
  if (finding.action?.kind === 'stop-drug' && finding.action.stop) {
    const stop = finding.action.stop;
    const matching = input.orders.filter((o) => o.ref && o.code && o.code.code === stop);
    if (matching.length === 0) return [];
    return [
      {
        label: truncate(lang === 'zh' ? `撤销 ${stop} 医嘱` : `Remove the ${stop} order`, 80),
        isRecommended: true,
        actions: matching.map((o) => ({
          type: 'delete' as const,
          description: L(lang, finding.action?.text ?? finding.title),
          resourceId: o.ref as string,
        })),
      },
    ];
  }
  return [];
}

function findingCard(b: CardBuilder, a: Assessment, finding: Finding, input: RenderInput): void {
  const lang = input.language;
  const message = L(lang, finding.message);
  const suggestions = findingSuggestions(finding, input);
  // An informational finding with nothing to do has nothing to override.
  const overridable = finding.severity !== 'info' || suggestions.length > 0;
  b.add(
    'finding',
    finding.ruleId,
    {
      summary: [...message].length <= SUMMARY_MAX ? message : L(lang, finding.title),
      detail: findingDetail(a, finding, lang),
      indicator: finding.severity,
      source: cardSource(a, finding.source, L(lang, input.serviceName), 'finding', lang),
      ...(overridable ? { overrideReasons: overrideReasons('finding', lang) } : {}),
    },
    suggestions,
  );
}

/** One warning card for every safety limit the missing data leaves undecided, naming what to record. */
function undecidedLimitsCard(b: CardBuilder, a: Assessment, findings: readonly Finding[], input: RenderInput): void {
  const lang = input.language;
  const titles = findings.map((f) => L(lang, f.title));
  const summary =
    lang === 'zh'
      ? `${findings.length} 项安全限制因缺少数据无法判断：${titles.join('；')}`
      : `${findings.length} safety limits cannot be checked for missing data: ${titles.join('; ')}`;
  const detail = findings
    .map(
      (f) => `- ${L(lang, f.message)} (${lang === 'zh' ? '规则' : 'rule'} ${f.ruleId} · ${citationText(a, f.source)})`,
    )
    .join('\n');
  b.add('finding', 'undecided-safety-limits', {
    summary,
    detail: `${detail}\n\n${lang === 'zh' ? '记录上述数据后，方可提供更低费用的替代方案。' : 'Record these to get cheaper options offered: an option is offered only when every limit is known to hold.'}`,
    indicator: 'warning',
    source: cardSource(a, findings[0]?.source, L(lang, input.serviceName), 'finding', lang),
    overrideReasons: overrideReasons('finding', lang),
  });
}
