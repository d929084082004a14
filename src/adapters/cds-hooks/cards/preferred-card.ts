/**
 * A guideline-preferred option that may cost more (e.g. SGLT2 inhibitor + GLP-1 agonist in diabetic
 * kidney disease): shown apart from the cheaper alternatives, with its extra cost and value. It changes
 * the regimen, so it links to the MDT page rather than replacing orders in one click.
 */
import type { CardBuilder } from './card-builder';
import { L, cardSource, money, truncate } from './card-text';
import type { Assessment, CdsLink, Language, Option, RenderInput } from './card-types';
import { overrideReasons } from './override-reasons';

export function preferredCards(b: CardBuilder, a: Assessment, input: RenderInput, links: CdsLink[] | undefined): void {
  for (const option of a.preferredOptions) preferredCard(b, a, option, input, links);
}

function costText(extra: number, lang: Language): string {
  if (extra > 0) return lang === 'zh' ? `每疗程多 ${money(extra, lang)}` : `${money(extra, lang)} more per course`;
  return lang === 'zh' ? `每疗程省 ${money(-extra, lang)}` : `${money(-extra, lang)} less per course`;
}

function preferredCard(
  b: CardBuilder,
  a: Assessment,
  option: Option,
  input: RenderInput,
  links: CdsLink[] | undefined,
): void {
  const lang = input.language;
  const zh = lang === 'zh';
  const description = L(lang, option.description);
  const v = option.value;
  const valueText =
    v.icer !== null
      ? `ICER ${money(v.icer, lang)}/QALY (${zh ? '阈值' : 'threshold'} ${money(v.willingnessToPay, lang)}) · ${v.dominance}`
      : v.dominance;
  const d = [
    description,
    '',
    `- ${zh ? '每疗程费用' : 'Cost per course'}: ${money(option.expectedCost.perCourse, lang)} (${zh ? '原方案' : 'proposal'} ${money(a.expectedCost.perCourse, lang)})`,
    `- ${zh ? '增量 QALY' : 'Incremental QALYs'}: ${v.incrementalQalys} · ${valueText}`,
    `- ${zh ? '依据' : 'Basis'}: ${option.basis} · ${zh ? '证据等级' : 'evidence level'} ${option.evidenceLevel}`,
    ...option.constraints.map((c) => `- ${L(lang, c)}`),
  ];
  b.add('preferred', option.basis, {
    summary: truncate(
      `${zh ? '指南推荐' : 'Guideline-preferred'}, ${costText(-option.savings.absolute, lang)}: ${description.replace(/^(Guideline-preferred|指南推荐)[:：]\s*/, '')}`,
    ),
    detail: d.join('\n'),
    indicator: 'info',
    source: cardSource(a, option.source, L(lang, input.serviceName), 'preferred', lang),
    overrideReasons: overrideReasons('preferred', lang),
    ...(links ? { links } : {}),
  });
}
