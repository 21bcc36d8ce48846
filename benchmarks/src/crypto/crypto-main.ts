/**
 * `node benchmarks/dist/src/crypto/crypto-main.js [--quick] [--json] [ALGORITHM...]`: every
 * operation of every parameter set of the crypto plugin, with the seed's targets beside the
 * figures and whether each holds.
 */
import { parseArgs } from 'node:util';
import { formatCryptoBenchmarks, formatCryptoRow, runCryptoBenchmarks } from './crypto-bench.js';

const { values, positionals } = parseArgs({
  options: { quick: { type: 'boolean' }, json: { type: 'boolean' } },
  allowPositionals: true,
});
const budget = values.quick
  ? { timeMs: 30, warmupMs: 10, minSamples: 5 }
  : { timeMs: 250, warmupMs: 50, minSamples: 20 };
const report = await runCryptoBenchmarks({
  budget,
  algorithms: positionals.length > 0 ? positionals : undefined,
  onRow: values.json ? undefined : (r) => process.stderr.write(`${formatCryptoRow(r)}\n`),
});
process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatCryptoBenchmarks(report)}\n`);
