/**
 * `npm run opencl -w @knhk/benchmarks`: what transfers cost on the opencl backend, per
 * operation and size: the call on host arrays (transfers included, as the selection measures
 * it), on device-resident buffers, and the cpu backend, side by side, with the ratios.
 * Exits 1 when the opencl backend is not available here.
 */
import { cpuBackend } from '@knhk/backend-cpu';
import { openclBackend } from '@knhk/backend-opencl';
import { PluginInstance, formatNs } from '@knhk/core';
import { measureTransfers } from './transfer-bench.js';

const opencl = await PluginInstance.start(openclBackend);
const cpu = await PluginInstance.start(cpuBackend);
try {
  if (opencl.status !== 'ready') {
    process.stderr.write(`opencl is ${opencl.status}: ${opencl.reason}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`device: ${opencl.devices.map((d) => `${d.id} ${d.name}`).join(', ')}\n`);
    process.stdout.write('operation       size      host arrays  resident     cpu          transfer share  cpu/host\n');
    for (const r of await measureTransfers(opencl, cpu, { rounds: 7, roundNs: 20e6 })) {
      const share = 1 - r.residentNs / r.hostNs;
      process.stdout.write(
        `${r.operation.padEnd(15)} ${String(r.size).padEnd(9)} ${formatNs(r.hostNs).padEnd(12)} ${formatNs(r.residentNs).padEnd(12)} ` +
          `${formatNs(r.cpuNs).padEnd(12)} ${`${(share * 100).toFixed(0)}%`.padEnd(15)} ${(r.cpuNs / r.hostNs).toFixed(2)}x\n`,
      );
    }
  }
} finally {
  await Promise.all([opencl.dispose(), cpu.dispose()]);
}
