/**
 * @knhk/backend-avx512: the `vector`, `reduce`, `matmul`, `mlp`, `pattern` and `memory` capabilities on
 * the native AVX-512 (F, BW, VL, DQ) kernels of @knhk/native (sgemm with a 12 x 32 register
 * tile, large operations on the addon's thread pool, buffers in addon-owned aligned memory).
 * Available only when the addon built and loaded and the CPU and OS support AVX-512 (F, BW,
 * VL, DQ); otherwise `detect()` says why (the build error, or the missing CPU flags).
 * Option: `threads`.
 */
import { defineNativeBackend } from '@knhk/native';

/** The backend's name, as plugins, wisdom and pins refer to it. */
export const AVX512_BACKEND = 'avx512';

/** The avx512 backend plugin. */
export const avx512Backend = defineNativeBackend({
  name: AVX512_BACKEND,
  version: '0.1.0',
  isa: 'avx512',
  priority: 60,
  description:
    'Native AVX-512 (F, BW, VL, DQ) kernels (N-API addon): f32 vector ops, dot, reductions, blocked sgemm, MLP training, multi-literal pattern matching (Teddy), aligned device buffers, a thread pool',
});

export default avx512Backend;
