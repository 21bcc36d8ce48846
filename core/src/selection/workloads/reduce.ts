import type { Reductions } from '../../capabilities/reduce.js';
import { type Workload, bound, gbPerSecond, randomF32 } from './workload.js';

function reduction(operation: keyof Reductions): Workload<'reduce'> {
  return {
    capability: 'reduce',
    operation,
    what: `${operation} of an f32 vector of n elements`,
    paramName: 'n',
    params: {
      quick: [16, 256, 1024, 4096, 65536, 1 << 20],
      thorough: [16, 64, 256, 1024, 4096, 16384, 65536, 1 << 18, 1 << 20, 1 << 22, 1 << 24],
    },
    selectionSize: (n) => n,
    figure: gbPerSecond(4),
    bind(reduce: Reductions, n, random) {
      const x = randomF32(n, random);
      return bound(() => void reduce[operation](x));
    },
  };
}

/** Workloads of the reduce capability, one per operation. */
export const REDUCE_WORKLOADS: readonly Workload<'reduce'>[] = [
  reduction('sum'),
  reduction('min'),
  reduction('max'),
  reduction('argmax'),
];
