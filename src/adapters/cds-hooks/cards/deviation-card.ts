/** Protocol deviations: one card per kind of deviation (five missing premedications are one card, not five). */
import type { CardBuilder } from './card-builder';
import { L, cardSource } from './card-text';
import type { Assessment, RenderInput } from './card-types';
import { overrideReasons } from './override-reasons';

type Deviation = Assessment['regimen']['deviations'][number];
const SEVERITY_RANK = { info: 0, warning: 1, critical: 2 } as const;

export function deviationCards(b: CardBuilder, a: Assessment, input: RenderInput): void {
  const kinds = [...new Set(a.regimen.deviations.map((d) => d.kind))];
  for (const kind of kinds)
    deviationCard(
      b,
      a,
      a.regimen.deviations.filter((d) => d.kind === kind),
      input,
    );
}

function deviationCard(b: CardBuilder, a: Assessment, deviations: Deviation[], input: RenderInput): void {
  const lang = input.language;
  const first = deviations[0];
  if (!first) return;
  const regimenName = a.regimen.name ? L(lang, a.regimen.name) : (a.regimen.id ?? '');
  const worst = deviations.reduce((w, d) => (SEVERITY_RANK[d.severity] > SEVERITY_RANK[w.severity] ? d : w), first);
  const drugs = deviations
    .map((d) => d.drug ?? d.expected ?? '')
    .filter(Boolean)
    .join(lang === 'zh' ? '、' : ', ');
  const summary =
    deviations.length === 1
      ? L(lang, first.message)
      : lang === 'zh'
        ? `${regimenName}：${deviations.length} 处偏离方案（${drugs}）`
        : `${regimenName}: ${deviations.length} deviations from protocol (${drugs})`;
  const detail: string[] = [];
  for (const d of deviations) {
    detail.push(`- ${L(lang, d.message)}`);
    if (d.expected) detail.push(`  - ${lang === 'zh' ? '方案' : 'Protocol'}: ${d.expected}`);
    if (d.actual) detail.push(`  - ${lang === 'zh' ? '医嘱' : 'Ordered'}: ${d.actual}`);
  }
  if (regimenName) detail.push('', `${lang === 'zh' ? '匹配方案' : 'Matched regimen'}: ${regimenName}`);
  b.add('deviation', first.kind, {
    summary,
    detail: detail.join('\n'),
    indicator: worst.severity,
    source: cardSource(a, a.regimen.source, L(lang, input.serviceName), 'deviation', lang),
    overrideReasons: overrideReasons('deviation', lang),
  });
}
