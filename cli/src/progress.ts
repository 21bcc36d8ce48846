import { type MeasureProgress, formatNs } from '@knhk/core';
import type { Output } from './command.js';

/** Reports each finished measurement on stderr: "[12/40] vector.dot n=65536 cpu: 12.3 µs, 42.1 GB/s". */
export function progressPrinter(output: Output): (progress: MeasureProgress) => void {
  return ({ index, total, workload, param, provider, sample, failure }) => {
    const where = `[${index + 1}/${total}] ${workload.capability}.${workload.operation} ${workload.paramName}=${param} ${provider}`;
    if (sample !== undefined) {
      const figure = `${Number(sample.figure.value.toPrecision(3))} ${sample.figure.name}`;
      output.err(`${where}: ${formatNs(sample.measurement.medianNs)}, ${figure}`);
    } else if (failure !== undefined) {
      output.err(`${where}: failed: ${failure.reason}`);
    }
  };
}
