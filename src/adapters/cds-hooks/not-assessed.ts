/**
 * "Not assessed" on CDS cards: the service's one bilingual type (src/domain/not-assessed.ts), for
 * the adapter's own items (missing or foreign FHIR data) and the pipeline's `unassessed` alike.
 *
 * A case the pipeline cannot assess at all comes back as problem errors, whose messages are the
 * REST API's English; `zhReason` gives them a Chinese line (known patterns, else a generic one) so
 * a Chinese card still shows no English prose.
 */
export type { NotAssessed } from '../../domain/not-assessed';

/** Chinese for the pipeline's known error messages (pattern on the English text). */
const ZH_REASONS: readonly [RegExp, string][] = [
  [/not an ICD-10 code|not a valid ICD-10 code/i, '不是有效的 ICD-10 编码'],
  [/HIS code .* is not in the knowledge pack/i, 'HIS 编码不在知识包中'],
  [/RxNorm code .* is not in the knowledge pack/i, 'RxNorm 编码不在知识包中'],
  [/Product code .* is not in the knowledge pack/i, '药品编码不在知识包中'],
  [/ATC code .* is not in the knowledge pack/i, 'ATC 编码不在知识包的药品目录中'],
  [/is not in the knowledge pack/i, '编码不在知识包中'],
  [/is not a condition the knowledge pack .* covers/i, '主要诊断不在知识包覆盖的病种中'],
  [/is not in the regimen library/i, '方案不在方案库中'],
  [/a principal diagnosis is required/i, '缺少主要诊断'],
  [/body weight is required/i, '缺少体重，无法计算剂量'],
  [/height is required/i, '缺少身高，无法计算体表面积'],
  [/creatinine|clearance/i, '缺少肌酐或肌酐清除率，无法计算剂量'],
  [/implausible|plausib/i, '数值不合理，未采用'],
];

const ZH_GENERIC = '未纳入评估（编码无法识别或数据不完整）';

/** Chinese for an English error message of the pipeline (known patterns, else a generic line). */
export function zhReason(english: string): string {
  return ZH_REASONS.find(([re]) => re.test(english))?.[1] ?? ZH_GENERIC;
}
