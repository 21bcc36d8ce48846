import type { VectorOps } from '../../capabilities/vector.js';
import { type Workload, bound, gbPerSecond, randomF32 } from './workload.js';

const PARAMS = {
  quick: [16, 256, 1024, 4096, 65536, 1 << 20],
  thorough: [16, 64, 256, 1024, 4096, 16384, 65536, 1 << 18, 1 << 20, 1 << 22, 1 << 24],
};

function elementwise(operation: 'add' | 'sub' | 'mul' | 'div', symbol: string): Workload<'vector'> {
  return {
    capability: 'vector',
    operation,
    what: `out = a ${symbol} b on f32 vectors of n elements`,
    paramName: 'n',
    params: PARAMS,
    selectionSize: (n) => n,
    figure: gbPerSecond(12),
    bind(vector: VectorOps, n, random) {
      const a = randomF32(n, random);
      const b = randomF32(n, random).map((v) => v + 2);
      const out = new Float32Array(n);
      return bound(() => vector[operation](a, b, out));
    },
  };
}

/** Workloads of the vector capability, one per operation. */
export const VECTOR_WORKLOADS: readonly Workload<'vector'>[] = [
  elementwise('add', '+'),
  elementwise('sub', '-'),
  elementwise('mul', '*'),
  elementwise('div', '/'),
  {
    capability: 'vector',
    operation: 'fma',
    what: 'out = a * b + c on f32 vectors of n elements',
    paramName: 'n',
    params: PARAMS,
    selectionSize: (n) => n,
    figure: gbPerSecond(16),
    bind(vector, n, random) {
      const [a, b, c] = [randomF32(n, random), randomF32(n, random), randomF32(n, random)];
      const out = new Float32Array(n);
      return bound(() => vector.fma(a, b, c, out));
    },
  },
  {
    capability: 'vector',
    operation: 'dot',
    what: 'dot product of two f32 vectors of n elements',
    paramName: 'n',
    params: PARAMS,
    selectionSize: (n) => n,
    figure: gbPerSecond(8),
    bind(vector, n, random) {
      const [a, b] = [randomF32(n, random), randomF32(n, random)];
      return bound(() => void vector.dot(a, b));
    },
  },
  {
    capability: 'vector',
    operation: 'compare',
    what: 'mask = a < b on f32 vectors of n elements',
    paramName: 'n',
    params: PARAMS,
    selectionSize: (n) => n,
    figure: gbPerSecond(9),
    bind(vector, n, random) {
      const [a, b] = [randomF32(n, random), randomF32(n, random)];
      const mask = new Uint8Array(n);
      return bound(() => void vector.compare(a, b, 'lt', mask));
    },
  },
];
