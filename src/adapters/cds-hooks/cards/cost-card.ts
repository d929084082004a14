/**
 * The cost and DRG card (one): expected cost, payment standard, margin, approval threshold. `info`,
 * or `warning` when over the overspend threshold, over the daily cost standard or approval is
 * needed; money is never `critical`.
 */
import type { CardBuilder } from './card-builder';
import { L, cardSource, money, pct } from './card-text';
import type { Assessment, CdsLink, Language, RenderInput } from './card-types';

export function costCard(b: CardBuilder, a: Assessment, input: RenderInput, links: CdsLink[] | undefined): void {
  const lang = input.language;
  const drg = a.drg;
  const overThreshold = drg.applicable && drg.overspend?.level === 'over-threshold';
  const indicator = overThreshold || a.approval.required || drg.dailyCost?.alert ? 'warning' : 'info';
  b.add('cost', 'cost', {
    summary: costSummary(a, lang),
    detail: costDetail(a, lang),
    indicator,
    source: cardSource(a, drg.applicable ? drg.source : undefined, L(lang, input.serviceName), 'cost', lang),
    ...(links ? { links } : {}),
  });
}

function costSummary(a: Assessment, lang: Language): string {
  const cost = a.expectedCost;
  const drg = a.drg;
  const courseText =
    lang === 'zh'
      ? `${cost.cycles} 周期×${cost.cycleLengthDays} 天`
      : `${cost.cycles} × ${cost.cycleLengthDays}-day cycles`;
  const parts = [
    lang === 'zh'
      ? `预计费用 ${money(cost.perCourse, lang)}/疗程（${courseText}）`
      : `Expected cost ${money(cost.perCourse, lang)} per course (${courseText})`,
  ];
  if (drg.applicable && drg.paymentStandard && drg.margin !== undefined) {
    parts.push(
      lang === 'zh'
        ? `DRG 结余 ${money(drg.margin, lang)}（支付标准 ${money(drg.paymentStandard.amount, lang)}）`
        : `DRG margin ${money(drg.margin, lang)} vs payment standard ${money(drg.paymentStandard.amount, lang)}`,
    );
  }
  if (a.approval.required) parts.push(lang === 'zh' ? '需审批' : 'approval required');
  return parts.join(lang === 'zh' ? '；' : '; ');
}

function costDetail(a: Assessment, lang: Language): string {
  const cost = a.expectedCost;
  const drg = a.drg;
  const d: string[] = [];
  const row = (en: string, zh: string, value: string) => d.push(`| ${lang === 'zh' ? zh : en} | ${value} |`);
  d.push(lang === 'zh' ? '| 项目 | 金额 |' : '| Item | Amount |', '|---|---|');
  row('Per cycle', '每周期', money(cost.perCycle, lang));
  row(
    'Per course',
    '每疗程',
    `${money(cost.perCourse, lang)} (${money(cost.interval.lower, lang)} – ${money(cost.interval.upper, lang)})`,
  );
  row('Drug acquisition per course', '药品费用/疗程', money(cost.breakdownPerCourse.drugAcquisition, lang));
  if (drg.applicable) drgRows(a, lang, row);
  if (a.approval.threshold !== undefined)
    row(
      'Approval threshold',
      '审批阈值',
      `${money(a.approval.threshold, lang)}${a.approval.required ? (lang === 'zh' ? '（超过，需审批）' : ' (exceeded: approval required)') : ''}`,
    );
  if (a.approval.required && a.approval.approver) row('Approver', '审批人', L(lang, a.approval.approver));
  if (!drg.applicable) d.push('', `${lang === 'zh' ? 'DRG：' : 'DRG: '}${drg.reason}`);
  if (cost.assumptions.length > 0)
    d.push('', lang === 'zh' ? '**假设**' : '**Assumptions**', ...cost.assumptions.map((x) => `- ${x}`));
  d.push('', provenanceLine(a, lang));
  return d.join('\n');
}

function drgRows(a: Assessment, lang: Language, row: (en: string, zh: string, value: string) => void): void {
  const drg = a.drg;
  if (drg.group) row('DRG group', 'DRG 分组', `${drg.group.code} ${L(lang, drg.group.name)}`);
  if (drg.paymentStandard)
    row('Payment standard', '支付标准', `${money(drg.paymentStandard.amount, lang)} (${drg.paymentStandard.formula})`);
  if (drg.admissionCost)
    row('Admission cost (incurred + expected)', '本次住院费用（已发生+预计）', money(drg.admissionCost.total, lang));
  if (drg.margin !== undefined) row('Margin', '结余', money(drg.margin, lang));
  if (drg.overspend)
    row(
      'Overspend',
      '超支',
      drg.overspend.level === 'none'
        ? lang === 'zh'
          ? '无'
          : 'none'
        : `${pct(drg.overspend.fraction)} (${lang === 'zh' ? '阈值' : 'threshold'} ${pct(drg.overspend.threshold)})`,
    );
}

function provenanceLine(a: Assessment, lang: Language): string {
  const model = a.provenance.model?.version
    ? `, ${lang === 'zh' ? '模型' : 'model'} ${a.provenance.model.id ?? ''} ${a.provenance.model.version}`
    : '';
  return `_${lang === 'zh' ? '知识包' : 'Pack'} ${a.provenance.pack.id} ${a.provenance.pack.version}${model}_`;
}
