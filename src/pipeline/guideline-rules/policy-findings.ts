/**
 * Findings that come from hospital policy settings and data quality rather than from guideline
 * rules: stale observations used for dosing, originator prescribing where an interchangeable
 * product exists, model inputs outside the training range.
 */
import type { KnowledgePack } from '../../knowledge/types';
import type { Finding } from './evaluate-rules';
import { isStale } from '../../domain/patient-measures';
import type { ResolvedCase } from '../resolve/resolved-case';
import { POLICIES_SOURCE, modelSourceId } from '../core/citations';

type AuthoredFinding = Omit<Finding, 'category' | 'missing'> & Partial<Pick<Finding, 'category' | 'missing'>>;

/** A finding the pipeline itself authors (policy, data quality, model): data-quality with nothing missing unless said. */
function authored(finding: AuthoredFinding): Finding {
  return { category: 'data-quality', missing: [], ...finding };
}

/** The pack must be in force at `asOf`; an answer from an expired or not-yet-valid pack says so. */
export function packValidityFindings(pack: KnowledgePack, asOf: string): Finding[] {
  const { effectiveFrom, effectiveTo, id, version } = pack.manifest;
  const before = asOf < effectiveFrom;
  const after = effectiveTo !== undefined && asOf >= effectiveTo;
  if (!before && !after) return [];
  const window = `${effectiveFrom} – ${effectiveTo ?? 'open'}`;
  return [
    authored({
      ruleId: 'PACK-VALIDITY',
      severity: 'warning',
      title: { en: 'Knowledge pack not in force at the assessment date', zh: '评估日期不在知识包有效期内' },
      message: {
        en: `Knowledge pack ${id} ${version} is valid ${window}; the case is assessed as of ${asOf}. Prices, tariffs and rules may not apply.`,
        zh: `知识包${id} ${version}的有效期为${window}，本病例评估日期为${asOf}，价格、支付标准和规则可能不适用。`,
      },
      inputs: { asOf, effectiveFrom, effectiveTo: effectiveTo ?? null },
      source: POLICIES_SOURCE,
      evidenceLevel: 'policy',
    }),
  ];
}

/** An observation a dose or a limit depends on, with how recent it must be. */
interface RecencyCheck {
  name: string;
  zh: string;
  obs: { date?: string } | undefined;
  limit: number;
  usedFor: string;
  usedForZh: string;
  applies: boolean;
}

/** Observations older than the pack's recency limits (those the regimen's dosing or limits read), and old biomarker results. */
export function recencyFindings(pack: KnowledgePack, resolved: ResolvedCase): Finding[] {
  const asOf = resolved.source.context.asOf;
  const limits = pack.policies.recencyDays;
  const stale = recencyChecks(resolved, limits)
    .filter((check) => check.applies && check.obs && isStale(check.obs, asOf, check.limit))
    .map((check) => staleObservationFinding(pack, check, asOf));
  const staleBiomarkers = resolved.source.patient.biomarkers
    .filter((b) => b.date && isStale(b, asOf, limits.biomarker))
    .map((b) =>
      authored({
        ruleId: 'DATA-RECENCY',
        severity: 'info',
        title: { en: 'Biomarker result older than the recency limit', zh: '生物标志物结果超过时效' },
        message: {
          en: `The ${b.gene} result of ${b.date} is older than ${limits.biomarker} days.`,
          zh: `${b.gene}结果（${b.date}）已超过${limits.biomarker}天。`,
        },
        inputs: { gene: b.gene, date: b.date ?? null, asOf },
        source: POLICIES_SOURCE,
        evidenceLevel: 'policy',
      }),
    );
  return [...stale, ...staleBiomarkers];
}

function staleObservationFinding(pack: KnowledgePack, check: RecencyCheck, asOf: string): Finding {
  const date = check.obs?.date;
  return authored({
    ruleId: 'DATA-RECENCY',
    severity: 'warning',
    title: { en: 'Observation older than the recency limit', zh: '检查结果超过时效' },
    message: {
      en: `The ${check.name} used for ${check.usedFor} was recorded on ${date}, more than ${check.limit} days before ${asOf}: re-measure before dosing.`,
      zh: `用于${check.usedForZh}的${check.zh}记录于${date}，距${asOf}已超过${check.limit}天，给药前请重新测量。`,
    },
    inputs: { [check.name]: date ?? null, asOf, limitDays: check.limit },
    source: POLICIES_SOURCE,
    evidenceLevel: 'policy',
    action: { kind: 'review', text: { en: `Re-measure ${check.name}.`, zh: `重新测量${check.zh}。` } },
  });
}

function recencyChecks(resolved: ResolvedCase, limits: KnowledgePack['policies']['recencyDays']): RecencyCheck[] {
  const p = resolved.source.patient;
  const units = new Set([...resolved.regimen.components, ...resolved.regimen.supportive].map((c) => c.dose.unit));
  return [
    {
      name: 'weight',
      zh: '体重',
      obs: p.weightKg,
      limit: limits.weight,
      usedFor: 'BSA / weight-based dosing',
      usedForZh: '体表面积/体重给药',
      applies: units.has('mg/m2') || units.has('mg/kg') || units.has('AUC'),
    },
    {
      name: 'height',
      zh: '身高',
      obs: p.heightCm,
      limit: limits.height,
      usedFor: 'BSA dosing',
      usedForZh: '体表面积给药',
      applies: units.has('mg/m2'),
    },
    {
      name: 'serum creatinine',
      zh: '血肌酐',
      obs: p.serumCreatinineMgDl,
      limit: limits.creatinine,
      usedFor: 'creatinine clearance (Calvert dosing, renal limits)',
      usedForZh: '肌酐清除率（Calvert公式、肾功能限制）',
      applies: true,
    },
    {
      name: 'eGFR',
      zh: 'eGFR',
      obs: p.egfr,
      limit: limits.labs,
      usedFor: 'renal limits',
      usedForZh: '肾功能限制',
      applies: true,
    },
    {
      name: 'ALT',
      zh: 'ALT',
      obs: p.alt,
      limit: limits.labs,
      usedFor: 'liver limits',
      usedForZh: '肝功能限制',
      applies: true,
    },
    {
      name: 'ECOG',
      zh: 'ECOG',
      obs: p.ecog,
      limit: limits.performanceStatus,
      usedFor: 'fitness for treatment',
      usedForZh: '治疗耐受性评估',
      applies: true,
    },
  ];
}

/**
 * S-01: an originator is prescribed while a consistency-evaluated generic (or a biosimilar) of the
 * molecule is stocked; without a documented reason (allergy, gene test) it needs approval.
 */
export function originatorApprovalFindings(pack: KnowledgePack, resolved: ResolvedCase): Finding[] {
  if (!pack.policies.genericSubstitution.originatorNeedsCommitteeApproval) return [];
  const findings: Finding[] = [];
  for (const c of resolved.regimen.components) {
    const product = c.phases[0]?.product;
    if (!product || product.kind !== 'originator' || !c.productExplicit) continue;
    const equivalents = (pack.productsByDrug.get(c.drug.code) ?? []).filter(
      (p) =>
        (p.kind === 'generic' && p.consistencyEvaluated) ||
        (p.kind === 'biosimilar' && p.referenceProduct === product.code),
    );
    if (equivalents.length === 0) continue;
    findings.push(
      authored({
        ruleId: 'POLICY-ORIGINATOR-APPROVAL',
        severity: 'warning',
        category: 'pathway',
        title: { en: 'Originator where an interchangeable product is stocked', zh: '有可替换产品时使用原研药' },
        message: {
          en: `${product.name.en} is an originator; ${equivalents.map((e) => e.name.en).join(', ')} ${equivalents.length === 1 ? 'is' : 'are'} stocked. Without a documented reason (allergy, or a gene test that indicates the originator) prescribing the originator needs pharmacy and therapeutics committee approval.`,
          zh: `${product.name.zh}为原研药，本院有${equivalents.map((e) => e.name.zh).join('、')}。如无明确理由（过敏或基因检测提示需用原研药），使用原研药需经药事管理与药物治疗学委员会审批。`,
        },
        inputs: { product: product.code, equivalents: equivalents.map((e) => e.code).join(',') },
        source: pack.policies.genericSubstitution.source,
        evidenceLevel: 'policy',
        action: {
          kind: 'review',
          text: {
            en: 'Document the reason or switch to the interchangeable product.',
            zh: '记录理由或改用可替换产品。',
          },
        },
      }),
    );
  }
  return findings;
}

export function modelRangeFinding(
  modelId: string,
  version: string,
  outOfRange: readonly string[],
  imputed: readonly string[],
): Finding[] {
  const findings: Finding[] = [];
  // The citation (with the model's version) is in the answer's table under this id.
  const source = modelSourceId(modelId);
  if (outOfRange.length > 0) {
    findings.push(
      authored({
        ruleId: 'MODEL-RANGE',
        severity: 'info',
        title: { en: 'Model inputs outside the training range', zh: '模型输入超出训练范围' },
        message: {
          en: `The cost-outcome model was not trained on these inputs: ${outOfRange.join(', ')}. Numbers were held at the edge of the training range and unknown categories or drug classes have no column in the model, so the modelled costs and outcome are less certain.`,
          zh: `成本-结局模型的训练数据未覆盖以下输入：${outOfRange.join('、')}。数值已按训练范围边界处理，未知类别或药物类别在模型中无对应特征，模型估算的不确定性增加。`,
        },
        inputs: { outOfRange: outOfRange.join(',') },
        source,
        evidenceLevel: 'illustrative',
      }),
    );
  }
  if (imputed.length > 0) {
    findings.push(
      authored({
        ruleId: 'MODEL-IMPUTED',
        severity: 'info',
        title: { en: 'Model inputs assumed', zh: '模型输入采用默认值' },
        message: {
          en: `Not recorded, so the model used its documented defaults: ${imputed.join(', ')}.`,
          zh: `以下输入未记录，模型采用默认值：${imputed.join('、')}。`,
        },
        inputs: { imputed: imputed.join(',') },
        missing: [...imputed],
        source,
        evidenceLevel: 'illustrative',
      }),
    );
  }
  return findings;
}
