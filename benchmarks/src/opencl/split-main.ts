/**
 * `npm run opencl-split -w @knhk/benchmarks`: does splitting a call on host arrays over every
 * opened OpenCL device pay? vector.add, vector.dot and reduce.sum on 4 Mi elements and sgemm
 * of order 512, split and on one device, side by side, with the ratio. It needs two devices:
 * on PoCL, run it with `POCL_DEVICES="pthread pthread"`. Exits 1 with fewer than two.
 */
import { type OpenClMemory, openclBackend } from '@knhk/backend-opencl';
import { PluginInstance, formatNs } from '@knhk/core';
import { measureSplit } from './split-bench.js';

const split = await PluginInstance.start(openclBackend, { options: { devices: 'all', splitMinElements: 1 } });
const one = await PluginInstance.start(openclBackend, { options: { devices: 'all', splitMinElements: false } });
try {
  const opened = split.status === 'ready' ? (split.get('memory') as OpenClMemory).devices() : [];
  if (opened.length < 2) {
    const why = split.status !== 'ready' ? split.reason : `only ${opened.length} device is open`;
    process.stderr.write(`opencl-split needs two OpenCL devices: ${why} (on PoCL: POCL_DEVICES="pthread pthread")\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`devices: ${opened.map((d) => `${d.id} ${d.description.name}`).join(', ')}\n`);
    process.stdout.write('operation       size      split        one device   one/split\n');
    for (const r of await measureSplit(split, one, { rounds: 7, roundNs: 50e6 })) {
      process.stdout.write(
        `${r.operation.padEnd(15)} ${String(r.size).padEnd(9)} ${formatNs(r.splitNs).padEnd(12)} ` +
          `${formatNs(r.oneNs).padEnd(12)} ${(r.oneNs / r.splitNs).toFixed(2)}x\n`,
      );
    }
  }
} finally {
  await Promise.all([split.dispose(), one.dispose()]);
}
