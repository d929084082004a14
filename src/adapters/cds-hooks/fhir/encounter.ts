/**
 * Encounter → the setting (inpatient or outpatient), days in hospital at the order date, and the
 * hospital tier and region of its service provider when the deployment configures one.
 */
import type { CaseContext } from '../../../domain/case';
import { SYSTEMS } from '../code-systems';
import { type JsonObject, child, isObject, optDate, optObject, readCoding, referenceId } from '../fhir-read';
import { daysBetween } from './dates';
import { type Reading, t } from './reading';
import type { FhirToCaseConfig, SourcedResource } from './types';

const INPATIENT = new Set(['IMP', 'ACUTE', 'NONAC', 'SS']);
const OUTPATIENT = new Set(['AMB', 'EMER', 'FLD', 'HH', 'VR', 'OBSENC', 'PRENC']);

/** The hook's encounter (context.encounterId), else the only one; none is said (outpatient, no DRG). */
export function readEncounterResource(
  encounters: readonly SourcedResource[],
  encounterId: string | undefined,
  { asOf, ctx, reading }: { asOf: string; ctx: CaseContext; reading: Reading },
): void {
  const encounter =
    encounters.find((e) => encounterId !== undefined && e.resource.id === encounterId) ??
    (encounters.length === 1 ? encounters[0] : undefined);
  if (encounter) readEncounter(encounter, asOf, ctx, reading);
  else
    reading.notAssessed.push({
      where: 'Encounter',
      reason: t(
        'No Encounter: the setting was taken as outpatient, so no DRG payment was assessed.',
        '未获得就诊信息：按门诊处理，未评估 DRG 支付。',
      ),
    });
}

function readEncounter(r: SourcedResource, asOf: string, ctx: CaseContext, reading: Reading): void {
  const issues = reading.issuesFor(r);
  const cls = readCoding(r.resource.class, child(r.path, 'class'), issues);
  if (cls?.code && INPATIENT.has(cls.code)) ctx.setting = 'inpatient';
  else if (cls?.code && OUTPATIENT.has(cls.code)) ctx.setting = 'outpatient';
  else
    reading.notAssessed.push({
      ...(cls?.code ? { code: cls.code } : {}),
      system: SYSTEMS.actCode,
      where: child(r.path, 'class'),
      reason: t(
        'Encounter class is not IMP or AMB; the setting was taken as outpatient.',
        '就诊类型不是 IMP 或 AMB；按门诊处理。',
      ),
    });
  const period = optObject(r.resource, 'period', r.path, issues);
  if (period && ctx.setting === 'inpatient') {
    const start = optDate(period, 'start', child(r.path, 'period'), issues);
    if (start) {
      const days = daysBetween(start, asOf);
      if (days >= 0) ctx.daysInHospital = days;
      else
        reading.notAssessed.push({
          where: child(child(r.path, 'period'), 'start'),
          reason: t(
            'Admission starts after the order date; days in hospital not assessed.',
            '入院日期晚于医嘱日期；未评估住院天数。',
          ),
        });
    }
  }
  const sp = optObject(r.resource, 'serviceProvider', r.path, issues);
  if (sp) applyServiceProvider(sp, ctx, reading.config);
}

/** Hospital tier and region configured for the service provider (by reference, its id or identifier value). */
function applyServiceProvider(sp: JsonObject, ctx: CaseContext, config: FhirToCaseConfig): void {
  const ref = typeof sp.reference === 'string' ? sp.reference : undefined;
  const ident = isObject(sp.identifier) && typeof sp.identifier.value === 'string' ? sp.identifier.value : undefined;
  const keys = [ref, ref ? referenceId(ref, 'Organization') : undefined, ident].filter(
    (k): k is string => k !== undefined,
  );
  const override = keys.map((k) => config.serviceProviders.get(k)).find((o) => o);
  if (override?.hospitalTier) ctx.hospitalTier = override.hospitalTier;
  if (override?.region) ctx.region = override.region;
}
