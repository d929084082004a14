/** The pack-scale row on its own: `npx tsx bench/pack-scale.ts` (also part of `npm run bench`). */
import { median, runPackScale } from './lib/pack-scale';

const f = (xs: number[], d = 2) =>
  `min ${Math.min(...xs).toFixed(d)} / median ${median(xs).toFixed(d)} / max ${Math.max(...xs).toFixed(d)}`;

runPackScale({
  requests: Number(process.env.PACK_SCALE_REQUESTS ?? 100),
  rounds: Number(process.env.PACK_SCALE_ROUNDS ?? 5),
})
  .then((r) => {
    for (const row of r.rows)
      console.log(
        `${row.label}: ${row.drugs} drugs, ${row.products} products, ${row.rules} rules (built in ${row.buildMs.toFixed(0)} ms); ` +
          `CPU ms/assessment ${f(row.cpuMs)}; × default ${f(row.ratios)}; answer ${row.answerBytes.toFixed(0)} B`,
      );
    process.exit(0);
  })
  .catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
