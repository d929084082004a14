/**
 * Every cheaper alternative the assessment offers, in ONE card: one suggestion per option, in the
 * assessment's order (the options stage decided which are shown — display threshold included — and
 * ranked them by value); at most one is chosen and the first is recommended. A single-drug switch is
 * an `update` of the draft order when CDS_SUGGESTION_STYLE=update, else delete + create.
 */
import type { CardBuilder } from './card-builder';
import { L, cardSource, money, pct, truncate } from './card-text';
import type { Assessment, CdsSuggestion, Language, Option, RenderInput } from './card-types';
import { overrideReasons } from './override-reasons';
import { costLine, isRemoval, optionActions } from './replacement-order';

export function alternativesCard(b: CardBuilder, a: Assessment, input: RenderInput): void {
  const lang = input.language;
  const options = a.alternatives;
  const best = options[0];
  if (!best) return;
  const suggestions: Omit<CdsSuggestion, 'uuid'>[] = [];
  const d: string[] = [];
  options.forEach((option, i) => {
    const { actions, complete, single } = optionActions(a, option, input);
    d.push(...optionDetail(a, option, i, lang, complete));
    if (!complete || actions.length === 0) return;
    const description = L(lang, option.description);
    const label = truncate(lang === 'zh' ? `改用：${description}` : `Switch: ${description}`, 80);
    const orderId = single?.order.ref?.split('/')[1];
    const update =
      input.suggestionStyle === 'update' &&
      single &&
      orderId &&
      single.resource.resourceType === single.order.resourceType;
    suggestions.push({
      label,
      isRecommended: i === 0,
      actions: update
        ? [
            {
              type: 'update',
              description: lang === 'zh' ? `修改草稿医嘱为：${description}` : `Change the draft order: ${description}`,
              resource: { ...single.resource, id: orderId },
            },
          ]
        : actions,
    });
  });
  b.add(
    'alternative',
    best.basis,
    {
      summary: truncate(alternativesSummary(best, options.length - 1, lang)),
      detail: d.join('\n').trimEnd(),
      indicator: 'info',
      source: cardSource(a, best.source, L(lang, input.serviceName), 'alternative', lang),
      selectionBehavior: 'at-most-one',
      overrideReasons: overrideReasons('alternative', lang),
    },
    suggestions,
  );
}

function alternativesSummary(best: Option, more: number, lang: Language): string {
  const saving = `${money(best.savings.absolute, lang)} (${pct(best.savings.fraction)})`;
  return lang === 'zh'
    ? `${L(lang, best.description)}：每疗程可节省 ${saving}${more > 0 ? `（另有 ${more} 个方案）` : ''}`
    : `${L(lang, best.description)}: saves ${saving} per course${more > 0 ? ` (+${more} more option${more > 1 ? 's' : ''})` : ''}`;
}

/** One option's section of the card: its changes, cost, savings, basis, constraints and rules passed. */
function optionDetail(a: Assessment, option: Option, i: number, lang: Language, complete: boolean): string[] {
  const zh = lang === 'zh';
  const d = [`**${i + 1}. ${L(lang, option.description)}**`, ''];
  d.push(`| ${zh ? '变更' : 'Change'} | ${zh ? '说明' : 'Detail'} |`, '|---|---|');
  for (const c of option.changes) {
    const from = costLine(a.expectedCost.components, c.from);
    const to = isRemoval(c) ? undefined : costLine(option.expectedCost.components, c.to);
    const target = isRemoval(c) ? (zh ? '停用' : 'stop') : to ? L(lang, to.product.name) : c.to;
    d.push(`| ${from ? L(lang, from.product.name) : c.from || '—'} → ${target} | ${c.detail ?? ''} |`);
  }
  d.push(
    '',
    `- ${zh ? '每疗程费用' : 'Cost per course'}: ${money(option.expectedCost.perCourse, lang)} (${zh ? '原方案' : 'proposal'} ${money(a.expectedCost.perCourse, lang)})`,
    `- ${zh ? '节省' : 'Savings'}: ${money(option.savings.absolute, lang)} (${pct(option.savings.fraction)})`,
    `- ${zh ? '依据' : 'Basis'}: ${option.basis} · ${zh ? '证据等级' : 'evidence level'} ${option.evidenceLevel}`,
  );
  if (option.drgMargin !== undefined) d.push(`- ${zh ? 'DRG 结余' : 'DRG margin'}: ${money(option.drgMargin, lang)}`);
  if (option.constraints.length > 0)
    d.push('', zh ? '**前提条件**' : '**Constraints**', ...option.constraints.map((c) => `- ${L(lang, c)}`));
  const passed = option.rulesPassed ?? [];
  if (passed.length > 0) d.push('', `${zh ? '已通过规则' : 'Rules passed'}: ${passed.join(', ')}`);
  if (!complete)
    d.push(
      '',
      zh
        ? '_部分医嘱无法自动替换，请手动修改。_'
        : '_Some orders cannot be replaced automatically; change them by hand._',
    );
  d.push('');
  return d;
}
