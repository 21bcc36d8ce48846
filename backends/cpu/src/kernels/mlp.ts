/** The MLP kernels of the cpu backend: `CpuNeuralTraining` (dense MLPs, softmax cross-entropy, SGD). */
import { CpuNeuralTraining } from '../neural-training.js';
import { serviceKernel } from './service-kernel.js';

/** The mlp kernels, in the order of the `mlp` capability. */
export const MLP_KERNELS = [
  serviceKernel('mlp', 'createModel', CpuNeuralTraining),
  serviceKernel('mlp', 'getParameters', CpuNeuralTraining),
  serviceKernel('mlp', 'setParameters', CpuNeuralTraining),
  serviceKernel('mlp', 'forward', CpuNeuralTraining),
  serviceKernel('mlp', 'loss', CpuNeuralTraining),
  serviceKernel('mlp', 'trainStep', CpuNeuralTraining),
  serviceKernel('mlp', 'release', CpuNeuralTraining),
] as const;
