/**
 * The `mlp` capability of the cpu backend: `@knhk/host`'s {@link MlpTraining} (dense
 * multi-layer perceptrons, softmax cross-entropy, plain SGD, parameters in host memory) with
 * the cpu provider name and the blocked sgemm of `@knhk/host`.
 */
import { injectable } from '@knhk/core';
import { MlpTraining, gemm } from '@knhk/host';
import { CPU_PROVIDER } from './host-memory.js';

/** Dense MLP training on the cpu, with the blocked sgemm kernel of `@knhk/host`. */
@injectable()
export class CpuNeuralTraining extends MlpTraining {
  constructor() {
    super(CPU_PROVIDER, gemm);
  }
}
