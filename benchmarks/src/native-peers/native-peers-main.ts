/**
 * `npm run native-peers -w @knhk/benchmarks [-- --quick] [-- --json]`: the triad, the vector
 * operations as a fraction of it, and pattern matching against Hyperscan (see
 * native-peers-bench.ts). --quick: 1M elements, 8 MB of text, 3 runs.
 */
import { parseArgs } from 'node:util';
import { formatNativePeers, runNativePeers } from './native-peers-bench.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, json: { type: 'boolean' } } });
const report = await runNativePeers(values.quick ? { elements: 1 << 20, patternBytes: 8 << 20, repeats: 3 } : {});
process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatNativePeers(report)}\n`);
