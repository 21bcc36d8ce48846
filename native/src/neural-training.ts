/**
 * The `mlp` capability of the native SIMD backends: `@knhk/host`'s MLP training
 * ({@link MlpTraining}, as the cpu backend's: core's checks, the same initialisation,
 * softmax cross-entropy and SGD step), with every matrix product on the native sgemm of
 * one ISA.
 */
import { MlpTraining } from '@knhk/host';
import type { NativeKernels } from './addon-types.js';
import { nativeGemm } from './matmul.js';

/** Dense MLP training whose forward and backward matrix products run on native kernels. */
export class NativeNeuralTraining extends MlpTraining {
  /** @param kernels the kernels of one ISA; @param provider the backend's name, which its models carry. */
  constructor(kernels: NativeKernels, provider: string) {
    super(provider, (s, a, b, c) => nativeGemm(kernels, s, a, b, c));
  }
}
