/** Reference look-ups a pharmacist needs: drugs and products, regimens, substitution groups, DRG tariffs, the pack. */
import { Router } from 'express';
import type { AppContext } from '../../http/app-context';
import { problems } from '../../http/problem';
import { packIndex } from '../../knowledge/compile/compiled-pack';
import type { Drug, HospitalTier, KnowledgePack, Product, Regimen } from '../../knowledge/types';
import { drugByAtc } from '../../pipeline/resolve/codes';
import { sourceCitation } from '../../pipeline/core/citations';

function drugEntry(pack: KnowledgePack, drug: Drug) {
  const { aliasesByDrug, hisByProduct } = packIndex(pack);
  const aliases = aliasesByDrug.get(drug.code) ?? [];
  return {
    code: drug.code,
    system: drug.system,
    name: drug.name,
    classes: drug.classes,
    biologic: drug.biologic,
    aliases,
    products: (pack.productsByDrug.get(drug.code) ?? []).map((p: Product) => ({
      ...p,
      hisCodes: hisByProduct.get(p.code) ?? [],
    })),
  };
}

function regimenEntry(pack: KnowledgePack, r: Regimen) {
  return { ...r, source: sourceCitation(pack, r.source) };
}

function stringParam(value: unknown, name: string, max = 100): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > max)
    throw problems.badRequest(`Query parameter ${name} must be a string of at most ${max} characters.`, [
      { pointer: `?${name}`, message: `must be a string of at most ${max} characters` },
    ]);
  return value;
}

export function createReferenceRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/v1/drugs', (req, res) => {
    const pack = ctx.snapshot().pack;
    const raw = stringParam(req.query.q, 'q')?.trim();
    const q = raw?.toLowerCase();
    // A code (ATC, old ATC, product, HIS) finds its drug directly; otherwise names are searched.
    const byCode = raw ? (findDrug(pack, raw.toUpperCase()) ?? findDrug(pack, raw)) : undefined;
    const drugs = [...pack.drugs.values()].filter((d) => {
      if (!q) return true;
      if (byCode === d) return true;
      return (
        d.name.en.toLowerCase().includes(q) ||
        d.name.zh.includes(q) ||
        (pack.productsByDrug.get(d.code) ?? []).some(
          (p) => p.name.en.toLowerCase().includes(q) || p.name.zh.includes(q),
        )
      );
    });
    res.json({ drugs: drugs.map((d) => drugEntry(pack, d)) });
  });

  router.get('/v1/drugs/:code', (req, res) => {
    const pack = ctx.snapshot().pack;
    const drug = findDrug(pack, req.params.code);
    if (!drug)
      throw problems.notFound(
        `No drug, product or HIS code ${req.params.code} in knowledge pack ${pack.manifest.id} ${pack.manifest.version}.`,
      );
    res.json(drugEntry(pack, drug));
  });

  router.get('/v1/regimens', (req, res) => {
    const pack = ctx.snapshot().pack;
    const condition = stringParam(req.query.condition, 'condition');
    const icd10 = stringParam(req.query.icd10, 'icd10', 32);
    const regimens = (
      condition ? (packIndex(pack).regimensByCondition.get(condition) ?? []) : [...pack.regimens.values()]
    ).filter((r) => !icd10 || r.indications.some((p) => icd10.startsWith(p)));
    res.json({ regimens: regimens.map((r) => regimenEntry(pack, r)) });
  });

  router.get('/v1/regimens/:id', (req, res) => {
    const pack = ctx.snapshot().pack;
    const regimen = pack.regimens.get(req.params.id);
    if (!regimen) throw problems.notFound(`No regimen ${req.params.id} in the regimen library.`);
    res.json(regimenEntry(pack, regimen));
  });

  router.get('/v1/substitution-groups', (req, res) => {
    const pack = ctx.snapshot().pack;
    const drugCode = stringParam(req.query.drug, 'drug', 64);
    const drug = drugCode ? findDrug(pack, drugCode) : undefined;
    if (drugCode && !drug) throw problems.notFound(`No drug ${drugCode} in the formulary.`);
    res.json({ groups: substitutionGroupEntries(pack, drug) });
  });

  router.get('/v1/drg-tariffs', (req, res) => {
    const pack = ctx.snapshot().pack;
    const tier = stringParam(req.query.tier, 'tier');
    if (tier !== undefined && !['tertiary', 'secondary', 'primary'].includes(tier))
      throw problems.badRequest('tier must be tertiary, secondary or primary.', [
        { pointer: '?tier', message: 'must be tertiary, secondary or primary' },
      ]);
    res.json(drgTariffsEntry(pack, tier as HospitalTier | undefined));
  });

  router.get('/v1/pack', (_req, res) => {
    const pack = ctx.snapshot().pack;
    res.json(packEntry(pack));
  });
  return router;
}

/** A drug by ATC (current or old), drug code, product code or HIS code. */
function findDrug(pack: KnowledgePack, code: string): Drug | undefined {
  const byAtc = drugByAtc(pack, code) ?? pack.drugs.get(code);
  if (byAtc) return byAtc;
  const product = pack.products.get(code) ?? pack.products.get(pack.hisCodes.get(code) ?? '');
  return product ? pack.drugs.get(product.drug) : undefined;
}

/** Substitution groups (all, or those of one drug) with their member products and cited source. */
function substitutionGroupEntries(pack: KnowledgePack, drug: Drug | undefined) {
  return (drug ? (packIndex(pack).substitutionGroupsByDrug.get(drug.code) ?? []) : pack.substitutionGroups).map(
    (g) => ({
      ...g,
      members: g.members.map((m) => {
        const p = pack.products.get(m);
        return p
          ? {
              code: p.code,
              name: p.name,
              kind: p.kind,
              procurement: p.procurement,
              consistencyEvaluated: p.consistencyEvaluated ?? false,
              price: p.price,
              strength: p.strength,
              unitsPerPack: p.unitsPerPack,
            }
          : { code: m };
      }),
      source: sourceCitation(pack, g.source),
    }),
  );
}

/** The DRG tariff table with each group's payment standard per hospital tier (one tier when asked). */
function drgTariffsEntry(pack: KnowledgePack, tier: HospitalTier | undefined) {
  const t = pack.drgTariffs;
  const tiers = tier ? [tier] : (Object.keys(t.tierCoefficients) as (keyof typeof t.tierCoefficients)[]);
  return {
    region: t.region,
    system: t.system,
    baseRate: t.baseRate,
    tierCoefficients: t.tierCoefficients,
    overspendThreshold: t.overspendThreshold,
    illustrative: t.illustrative,
    approvalThresholds: t.approvalThresholds,
    groups: t.groups.map((g) => ({
      ...g,
      paymentStandard: Object.fromEntries(
        tiers.map((k) => [k, Math.round(t.baseRate * g.relativeWeight * t.tierCoefficients[k] * 100) / 100]),
      ),
      source: sourceCitation(pack, g.source),
    })),
  };
}

/** The loaded pack's identity, validity and conditions. */
function packEntry(pack: KnowledgePack) {
  const m = pack.manifest;
  return {
    id: m.id,
    version: m.version,
    name: m.name,
    effectiveFrom: m.effectiveFrom,
    ...(m.effectiveTo ? { effectiveTo: m.effectiveTo } : {}),
    digest: pack.digest,
    conditions: m.conditions,
  };
}
