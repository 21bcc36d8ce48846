/**
 * What transfers cost on the opencl backend: each operation measured side by side, in
 * alternating rounds, on host arrays (the call uploads its inputs and reads its result back,
 * as the selection's workloads measure it), on buffers already on the device (the result stays
 * there; the round ends with `memory.synchronize()`), and on the cpu backend.
 */
import type { DeviceBuffer, PluginInstance } from '@knhk/core';

/** One operation at one size. */
export interface TransferRow {
  readonly operation: string;
  readonly size: number;
  /** Median per call on host arrays, transfers included. */
  readonly hostNs: number;
  /** Median per call on device buffers, without transfers. */
  readonly residentNs: number;
  /** Median per call on the cpu backend. */
  readonly cpuNs: number;
}

interface Case {
  readonly operation: string;
  readonly size: number;
  /** Calls for the host, resident and cpu variants; `resident` may return a promise to await at the end of a round. */
  make(opencl: PluginInstance, cpu: PluginInstance): { host(): void; resident(): void; cpu(): void; free(): void };
}

function values(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (((i * 2654435761 + seed) >>> 0) % 1000) / 1000 - 0.5);
}

function upload(opencl: PluginInstance, data: Float32Array): DeviceBuffer {
  const memory = opencl.get('memory');
  const buffer = memory.allocate(data.length);
  memory.copyToDevice(buffer, data);
  return buffer;
}

function vectorCase(operation: 'add' | 'dot', n: number): Case {
  return {
    operation: `vector.${operation}`,
    size: n,
    make(opencl, cpu) {
      const [a, b] = [values(n, 1), values(n, 2)];
      const [da, db] = [upload(opencl, a), upload(opencl, b)];
      const out = opencl.get('memory').allocate(n);
      const [v, c] = [opencl.get('vector'), cpu.get('vector')];
      const hostOut = new Float32Array(n);
      return operation === 'add'
        ? {
            host: () => void v.add(a, b, hostOut),
            resident: () => void v.add(da, db, out),
            cpu: () => void c.add(a, b, hostOut),
            free: () => [da, db, out].forEach((x) => opencl.get('memory').free(x)),
          }
        : {
            host: () => void v.dot(a, b),
            resident: () => void v.dot(da, db),
            cpu: () => void c.dot(a, b),
            free: () => [da, db, out].forEach((x) => opencl.get('memory').free(x)),
          };
    },
  };
}

function sumCase(n: number): Case {
  return {
    operation: 'reduce.sum',
    size: n,
    make(opencl, cpu) {
      const x = values(n, 3);
      const dx = upload(opencl, x);
      return {
        host: () => void opencl.get('reduce').sum(x),
        resident: () => void opencl.get('reduce').sum(dx),
        cpu: () => void cpu.get('reduce').sum(x),
        free: () => opencl.get('memory').free(dx),
      };
    },
  };
}

function sgemmCase(order: number): Case {
  return {
    operation: 'matmul.sgemm',
    size: order,
    make(opencl, cpu) {
      const [a, b, c] = [values(order * order, 4), values(order * order, 5), new Float32Array(order * order)];
      const [da, db, dc] = [upload(opencl, a), upload(opencl, b), upload(opencl, c)];
      const shape = { m: order, n: order, k: order };
      return {
        host: () => void opencl.get('matmul').sgemm({ ...shape, a, b, c }),
        resident: () => void opencl.get('matmul').sgemm({ ...shape, a: da, b: db, c: dc }),
        cpu: () => void cpu.get('matmul').sgemm({ ...shape, a, b, c }),
        free: () => [da, db, dc].forEach((x) => opencl.get('memory').free(x)),
      };
    },
  };
}

/** The cases: element-wise, dot and sum at 4 Ki, 256 Ki and 4 Mi elements; sgemm of order 64, 128 and 256. */
export function transferCases(): Case[] {
  const sizes = [1 << 12, 1 << 18, 1 << 22];
  return [
    ...sizes.map((n) => vectorCase('add', n)),
    ...sizes.map((n) => vectorCase('dot', n)),
    ...sizes.map(sumCase),
    ...[64, 128, 256].map(sgemmCase),
  ];
}

/** The median of `xs`. */
export function median(xs: number[]): number {
  const sorted = [...xs].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Calls per round so that a round takes about `roundNs`. */
export function batchSize(call: () => void, roundNs: number): number {
  const start = process.hrtime.bigint();
  call();
  const once = Math.max(1, Number(process.hrtime.bigint() - start));
  return Math.max(1, Math.min(1000, Math.round(roundNs / once)));
}

/** Nanoseconds per call of `calls` calls, `settle` awaited before the clock stops. */
export async function timeRound(call: () => void, calls: number, settle: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) call();
  await settle();
  return Number(process.hrtime.bigint() - start) / calls;
}

/** Measures every case in `rounds` alternating rounds of the three variants. */
export async function measureTransfers(
  opencl: PluginInstance,
  cpu: PluginInstance,
  options: { readonly rounds: number; readonly roundNs: number },
): Promise<TransferRow[]> {
  const rows: TransferRow[] = [];
  const synchronize = (): Promise<void> => opencl.get('memory').synchronize();
  const nothing = async (): Promise<void> => {};
  for (const c of transferCases()) {
    const calls = c.make(opencl, cpu);
    try {
      const variants = [calls.host, calls.resident, calls.cpu];
      variants.forEach((v) => v()); // builds the programs, fills the pools
      await synchronize();
      const batch = variants.map((v) => batchSize(v, options.roundNs));
      const times: number[][] = [[], [], []];
      for (let r = 0; r < options.rounds; r++) {
        for (let v = 0; v < 3; v++)
          times[v].push(await timeRound(variants[v], batch[v], v === 1 ? synchronize : nothing));
      }
      rows.push({
        operation: c.operation,
        size: c.size,
        hostNs: median(times[0]),
        residentNs: median(times[1]),
        cpuNs: median(times[2]),
      });
    } finally {
      calls.free();
    }
  }
  return rows;
}
