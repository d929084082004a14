/** The pack-scale row on its own: `npx tsx bench/pack-scale.ts` (also part of `npm run bench`). */
import { median, runPackScale } from './lib/pack-scale';

runPackScale({
  requests: Number(process.env.PACK_SCALE_REQUESTS ?? 100),
  rounds: Number(process.env.PACK_SCALE_ROUNDS ?? 5),
})
  .then((r) => {
    const f = (xs: number[]) =>
      `min ${Math.min(...xs).toFixed(2)} / median ${median(xs).toFixed(2)} / max ${Math.max(...xs).toFixed(2)} ms`;
    for (const p of r.packs)
      console.log(
        `${p.label}: ${p.drugs} drugs, ${p.products} products, ${p.rules} rules (built in ${p.buildMs.toFixed(0)} ms)`,
      );
    console.log(`default: ${f(r.cpuMs.default)}, answer ${r.answerBytes.default.toFixed(0)} B`);
    console.log(`large:   ${f(r.cpuMs.large)}, answer ${r.answerBytes.large.toFixed(0)} B`);
    console.log(`ratio ${r.ratio.toFixed(2)}× (target ≤ 1.15×)`);
    process.exit(0);
  })
  .catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
