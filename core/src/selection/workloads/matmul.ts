import { type Workload, bound, randomF32 } from './workload.js';

/** sgemm of square matrices; the framework selects by m*n*k. */
export const MATMUL_WORKLOADS: readonly Workload<'matmul'>[] = [
  {
    capability: 'matmul',
    operation: 'sgemm',
    what: 'C = A * B with n x n f32 matrices',
    paramName: 'n',
    params: { quick: [32, 64, 128, 256], thorough: [32, 64, 128, 256, 512, 1024] },
    selectionSize: (n) => n * n * n,
    figure: { name: 'GFLOPS', value: (n, ns) => (2 * n * n * n) / ns },
    bind(matmul, n, random) {
      const a = randomF32(n * n, random);
      const b = randomF32(n * n, random);
      const c = new Float32Array(n * n);
      return bound(() => void matmul.sgemm({ m: n, n, k: n, a, b, c }));
    },
  },
];
