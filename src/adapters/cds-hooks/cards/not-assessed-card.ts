/** Not assessed (one, info): unknown codes, missing data, what could not be fetched. */
import type { CardBuilder } from './card-builder';
import { L, topic } from './card-text';
import type { CdsLink, RenderInput } from './card-types';

export function notAssessedCard(b: CardBuilder, input: RenderInput, links: CdsLink[] | undefined): void {
  const lang = input.language;
  const items: string[] = [];
  for (const n of input.notAssessed)
    items.push(
      `- ${n.code ? `\`${n.code}\`${n.system ? ` (${n.system})` : ''}: ` : ''}${L(lang, n.reason)} — \`${n.where}\``,
    );
  for (const n of input.assessment?.unassessed ?? [])
    items.push(`- \`${n.code}\`${n.system ? ` (${n.system})` : ''}: ${L(lang, n.reason)} — \`${n.where}\``);
  if (items.length === 0) return;
  const unknownCodes =
    input.notAssessed.filter((n) => n.code !== undefined).length + (input.assessment?.unassessed.length ?? 0);
  const summary =
    lang === 'zh'
      ? `${items.length} 项未评估（${unknownCodes} 个未识别编码，其余为缺失数据）${input.assessment ? '' : '：未能完成费用评估'}`
      : `${items.length} item(s) not assessed (${unknownCodes} unrecognised code(s), the rest missing data)${input.assessment ? '' : ': no cost assessment made'}`;
  b.add('not-assessed', 'unassessed', {
    summary,
    detail: [
      lang === 'zh' ? '以下内容未纳入评估：' : 'The following was not taken into account:',
      '',
      ...items.slice(0, 50),
      ...(items.length > 50 ? [`- … (+${items.length - 50})`] : []),
    ].join('\n'),
    indicator: 'info',
    source: { label: L(lang, input.serviceName), topic: topic('not-assessed', lang) },
    ...(links ? { links } : {}),
  });
}
