/**
 * Gene names as pathology reports and EHRs send them, mapped to the HGNC symbols the rules read.
 * Symbols, ids and previous symbols/aliases are from the HGNC database (genenames.org, symbol
 * reports checked 2026); receptor names (ER, PR) are the terms of breast pathology reports
 * (ASCO/CAP ER/PgR guideline 2020). A name not in this table is reported as not assessed.
 */
export interface GeneEntry {
  symbol: string;
  hgncId: string;
  aliases: readonly string[];
}

export const GENES: readonly GeneEntry[] = [
  { symbol: 'EGFR', hgncId: 'HGNC:3236', aliases: ['ERBB1', 'HER1', 'ERBB'] },
  { symbol: 'ALK', hgncId: 'HGNC:427', aliases: ['CD246'] },
  { symbol: 'ROS1', hgncId: 'HGNC:10261', aliases: ['ROS', 'MCF3'] },
  { symbol: 'KRAS', hgncId: 'HGNC:6407', aliases: ['KRAS2', 'RASK2', 'K-RAS'] },
  { symbol: 'NRAS', hgncId: 'HGNC:7989', aliases: ['N-RAS'] },
  { symbol: 'BRAF', hgncId: 'HGNC:1097', aliases: ['BRAF1', 'B-RAF'] },
  { symbol: 'ERBB2', hgncId: 'HGNC:3430', aliases: ['HER2', 'HER-2', 'NEU', 'HER2/NEU', 'CD340'] },
  { symbol: 'PIK3CA', hgncId: 'HGNC:8975', aliases: [] },
  {
    symbol: 'ESR1',
    hgncId: 'HGNC:3467',
    aliases: ['ER', 'ESR', 'ER-ALPHA', 'ERΑ', 'ESTROGEN RECEPTOR', 'OESTROGEN RECEPTOR'],
  },
  { symbol: 'PGR', hgncId: 'HGNC:8910', aliases: ['PR', 'PGR-A', 'PROGESTERONE RECEPTOR'] },
  // Pharmacogenes (CPIC): a recorded variant changes which drugs are safe.
  { symbol: 'DPYD', hgncId: 'HGNC:3012', aliases: ['DPD'] },
  { symbol: 'CYP2C19', hgncId: 'HGNC:2621', aliases: [] },
];

const BY_NAME: ReadonlyMap<string, string> = new Map(
  GENES.flatMap((g) =>
    [g.symbol, g.hgncId, g.hgncId.replace('HGNC:', ''), ...g.aliases].map(
      (name) => [normalise(name), g.symbol] as const,
    ),
  ),
);

function normalise(name: string): string {
  return name.trim().toUpperCase().replace(/\s+/g, ' ');
}

/** The HGNC symbol for a gene name, id or alias; undefined when the name is not known. */
export function canonicalGene(name: string): string | undefined {
  return BY_NAME.get(normalise(name));
}

/** HGNC symbol → id, for the genes the service knows. */
export const KNOWN_GENES: ReadonlyMap<string, string> = new Map(GENES.map((g) => [g.symbol, g.hgncId]));
