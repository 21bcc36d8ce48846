/**
 * `npm run overhead -w @knhk/benchmarks`: the 1024-element dot product through the
 * framework against the direct backend call, side by side; exits 1 above the 1.1x target.
 */
import cpuBackend from '@knhk/backend-cpu';
import { createFramework, formatNs, silentLogger } from '@knhk/core';
import { measureDispatchOverhead } from './dispatch-overhead.js';

const TARGET = 1.1;
const framework = await createFramework({ plugins: [cpuBackend], wisdomPath: false, logger: silentLogger });
const d = await measureDispatchOverhead(framework, { rounds: 21 });
await framework.dispose();
const verdict = d.ratio <= TARGET ? 'meets' : 'MISSES';
process.stdout.write(
  `${d.operation} n=${d.size} on ${d.provider}: framework ${formatNs(d.frameworkNs)}, direct ${formatNs(d.directNs)}, ` +
    `ratio ${d.ratio.toFixed(3)} (${verdict} the ${TARGET}x target)\n`,
);
process.exitCode = d.ratio <= TARGET ? 0 : 1;
