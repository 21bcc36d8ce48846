/**
 * Whether splitting a call over several OpenCL devices pays: each operation on host arrays
 * measured side by side, in alternating rounds, on an opencl instance that splits it over
 * every opened device and on one that runs it on the primary device alone (both open the
 * same devices; only `splitMinElements` differs).
 */
import type { PluginInstance } from '@knhk/core';
import { batchSize, median, timeRound } from './transfer-bench.js';

/** One operation at one size. */
export interface SplitRow {
  readonly operation: string;
  readonly size: number;
  /** Median per call split over every device. */
  readonly splitNs: number;
  /** Median per call on the primary device alone. */
  readonly oneNs: number;
}

type Call = (instance: PluginInstance) => void;

function values(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (((i * 2654435761 + seed) >>> 0) % 1000) / 1000 - 0.5);
}

function cases(): { operation: string; size: number; call: Call }[] {
  const n = 1 << 22;
  const [a, b, out] = [values(n, 1), values(n, 2), new Float32Array(n)];
  const order = 512;
  const [ma, mb, mc] = [values(order * order, 3), values(order * order, 4), new Float32Array(order * order)];
  return [
    { operation: 'vector.add', size: n, call: (i) => void i.get('vector').add(a, b, out) },
    { operation: 'vector.dot', size: n, call: (i) => void i.get('vector').dot(a, b) },
    { operation: 'reduce.sum', size: n, call: (i) => void i.get('reduce').sum(a) },
    {
      operation: 'matmul.sgemm',
      size: order,
      call: (i) => void i.get('matmul').sgemm({ m: order, n: order, k: order, a: ma, b: mb, c: mc }),
    },
  ];
}

/** Measures every case in `rounds` alternating rounds of the split and the one-device instance. */
export async function measureSplit(
  split: PluginInstance,
  one: PluginInstance,
  options: { readonly rounds: number; readonly roundNs: number },
): Promise<SplitRow[]> {
  const rows: SplitRow[] = [];
  const nothing = async (): Promise<void> => {};
  for (const c of cases()) {
    const variants = [() => c.call(split), () => c.call(one)];
    variants.forEach((v) => v()); // builds the programs, fills the pools
    const batch = variants.map((v) => batchSize(v, options.roundNs));
    const times: number[][] = [[], []];
    for (let r = 0; r < options.rounds; r++) {
      for (let v = 0; v < 2; v++) times[v].push(await timeRound(variants[v], batch[v], nothing));
    }
    rows.push({ operation: c.operation, size: c.size, splitNs: median(times[0]), oneNs: median(times[1]) });
  }
  return rows;
}
