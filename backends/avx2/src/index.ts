/**
 * @knhk/backend-avx2: the `vector`, `reduce`, `matmul`, `mlp`, `pattern` and `memory` capabilities on
 * the native AVX2 and FMA kernels of @knhk/native (sgemm with a 6 x 16 register tile, large
 * operations on the addon's thread pool, buffers in addon-owned aligned memory). Available
 * only when the addon built and loaded and the CPU and OS support AVX2 and FMA; otherwise
 * `detect()` says why (the build error, or the missing CPU flags). Option: `threads`.
 */
import { defineNativeBackend } from '@knhk/native';

/** The backend's name, as plugins, wisdom and pins refer to it. */
export const AVX2_BACKEND = 'avx2';

/** The avx2 backend plugin. */
export const avx2Backend = defineNativeBackend({
  name: AVX2_BACKEND,
  version: '0.1.0',
  isa: 'avx2',
  priority: 50,
  description:
    'Native AVX2 and FMA kernels (N-API addon): f32 vector ops, dot, reductions, blocked sgemm, MLP training, multi-literal pattern matching (Teddy), aligned device buffers, a thread pool',
});

export default avx2Backend;
