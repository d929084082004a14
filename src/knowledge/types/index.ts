/**
 * The knowledge pack: everything the service knows, as data. Each file under `rules/<pack>/`
 * has a JSON Schema under `rules/schemas/` that mirrors these types; the loader validates every
 * file with ajv and then checks the references between files.
 *
 * Conventions
 * - Money is CNY. Every price says whether it is illustrative or sourced (with a source id).
 * - Every rule, regimen, switch and equivalence names a source id from `sources.json`, and
 *   carries an evidence level.
 * - Drug codes are ATC level-5 codes (current edition). Devices (stents) use pack-local codes
 *   prefixed `DEV-`. Older ATC codes resolve through `atc-aliases.json`.
 *
 * One module per subject; importers use `knowledge/types` (this index).
 */

export * from './sources';
export * from './formulary';
export * from './regimens';
export * from './rules';
export * from './drg-payer';
export * from './policies';
export * from './pack';
