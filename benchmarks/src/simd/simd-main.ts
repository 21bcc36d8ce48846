/**
 * `npm run simd -w @knhk/benchmarks [-- --json] [--quick]`: the native SIMD benchmark (see
 * simd-bench.ts). Exits 1 when the addon is not built.
 */
import { parseArgs } from 'node:util';
import { loadNative } from '@knhk/native';
import { formatSimdReport, runSimdBench } from './simd-bench.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, json: { type: 'boolean' } } });
const load = loadNative();
if (!load.ok) {
  process.stderr.write(`the native addon is not available: ${load.reason}\n`);
  process.exit(1);
}
const report = runSimdBench(load.addon, values.quick ? { rounds: 3, repeats: 3 } : {});
process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatSimdReport(report)}\n`);
