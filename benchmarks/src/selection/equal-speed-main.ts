/**
 * `npm run ties -w @knhk/benchmarks [-- rounds]`: tunes two providers of equal speed over six
 * sizes, `rounds` times (default 5), and prints what was chosen at each size. Exits 1 when
 * any round alternates between them (a, b, a).
 */
import { EQUAL_SPEED_SIZES, measureEqualSpeed } from './equal-speed.js';

const rounds = Number(process.argv[2] ?? 5);
if (!Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write(`rounds must be a positive integer, got ${JSON.stringify(process.argv[2])}\n`);
  process.exit(2);
}
const results = await measureEqualSpeed(rounds);
process.stdout.write(
  `vector.add on twin-a (priority 10) and twin-b (priority 20), sizes ${EQUAL_SPEED_SIZES.join(', ')}\n`,
);
results.forEach((r, i) => {
  process.stdout.write(
    `round ${i + 1}: ${r.chosen.join(' ')}  (${r.switches} switch(es), ${r.segments} segment(s)${r.alternates ? ', ALTERNATES' : ''})\n`,
  );
  for (const note of r.notes) process.stdout.write(`  ${note}\n`);
});
const alternating = results.filter((r) => r.alternates).length;
process.stdout.write(`${alternating} of ${rounds} rounds alternate between the tied providers\n`);
process.exitCode = alternating === 0 ? 0 : 1;
