/** Every case of the clinical corpus, by condition. */
import type { ClinicalCase } from '../clinical-case';
import { amlCases } from './aml';
import { breastCancerCases } from './breast-cancer';
import { colorectalCancerCases } from './colorectal-cancer';
import { coronaryInterventionCases } from './coronary-intervention';
import { hypertensionCases } from './hypertension';
import { lungCancerCases } from './lung-cancer';
import { lymphomaCases } from './lymphoma';
import { rheumatoidArthritisCases } from './rheumatoid-arthritis';
import { type2DiabetesCases } from './type-2-diabetes';

export const CLINICAL_CASES: readonly ClinicalCase[] = [
  ...lungCancerCases,
  ...breastCancerCases,
  ...colorectalCancerCases,
  ...amlCases,
  ...lymphomaCases,
  ...rheumatoidArthritisCases,
  ...type2DiabetesCases,
  ...hypertensionCases,
  ...coronaryInterventionCases,
];
