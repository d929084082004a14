/**
 * The one "not assessed" type of the CDS adapter: what was left out of an assessment, in both
 * languages, so a Chinese card never shows English prose. Items come from the adapter itself
 * (missing or foreign data, already bilingual) and from the pipeline's `unassessed` list, whose
 * reasons are English strings: those get a Chinese reason from the table below, or a generic one.
 */
import type { components } from '../../generated/api';
import type { LocalizedText } from '../../knowledge/types';

export interface NotAssessed {
  code?: string;
  system?: string;
  /** FHIR path (or data kind) the item came from. */
  where: string;
  reason: LocalizedText;
}

type Unassessed = components['schemas']['Unassessed'];

/** Chinese for the pipeline's known reasons (pattern on the English text). */
const ZH_REASONS: readonly [RegExp, string][] = [
  [/not an ICD-10 code|not a valid ICD-10 code/i, '不是有效的 ICD-10 编码'],
  [/is not read for comorbidities/i, '合并症只读取 ICD-10 编码'],
  [/ATC code not in the formulary/i, 'ATC 编码不在药品目录中'],
  [/product code not in the formulary/i, '药品编码不在药品目录中'],
  [/allergy code not recognised/i, '过敏编码无法识别'],
  [/DRG code not in the .* tariff/i, 'DRG 编码不在本地区支付标准中，已按知识包映射分组'],
  [/HIS code .* is not in the knowledge pack/i, 'HIS 编码不在知识包中'],
  [/RxNorm code .* is not in the knowledge pack/i, 'RxNorm 编码不在知识包中'],
  [/Product code .* is not in the knowledge pack/i, '药品编码不在知识包中'],
  [/ATC code .* is not in the knowledge pack/i, 'ATC 编码不在知识包的药品目录中'],
  [/is not in the knowledge pack/i, '编码不在知识包中'],
  [/body weight is required/i, '缺少体重，无法计算剂量'],
  [/height is required/i, '缺少身高，无法计算体表面积'],
  [/creatinine|clearance/i, '缺少肌酐或肌酐清除率，无法计算剂量'],
  [/implausible|plausib/i, '数值不合理，未采用'],
];

const ZH_GENERIC = '未纳入评估（编码无法识别或数据不完整）';

/** Chinese for an English reason the pipeline gave (known patterns, else a generic line). */
export function zhReason(english: string): string {
  return ZH_REASONS.find(([re]) => re.test(english))?.[1] ?? ZH_GENERIC;
}

export function fromUnassessed(u: Unassessed): NotAssessed {
  const zh = zhReason(u.reason);
  return { code: u.code, ...(u.system ? { system: u.system } : {}), where: u.where, reason: { en: u.reason, zh } };
}
