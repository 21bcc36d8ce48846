/**
 * @knhk/backend-cpu: the pure TypeScript reference backend. It provides every compute
 * capability on the host CPU, runs everywhere, and is the baseline other backends are
 * checked against.
 */
import { type DependencyContainer, defineBackend } from '@knhk/core';
import { detectCpu } from './cpu-detection.js';
import { CpuMemory } from './device-memory.js';
import { CpuHostMemory } from './host-memory.js';
import { CpuMatmul } from './matmul.js';
import { CpuNeuralTraining } from './neural-training.js';
import { CpuPatternMatcher } from './pattern-matcher.js';
import { CPU_KERNELS } from './register-all-kernels.js';

/**
 * Registers the services the kernels share, one each per plugin instance: the
 * {@link CpuHostMemory} that owns the buffers, and the services of the args-form kernels.
 */
function registerServices(container: DependencyContainer): void {
  container.registerSingleton(CpuHostMemory);
  container.registerSingleton(CpuMatmul);
  container.registerSingleton(CpuPatternMatcher);
  container.registerSingleton(CpuNeuralTraining);
  container.registerSingleton(CpuMemory);
}

/** The cpu backend plugin. */
export const cpuBackend = defineBackend({
  name: 'cpu',
  version: '0.1.0',
  priority: 0,
  description: 'Pure TypeScript reference implementation of every compute capability, on the host CPU',
  kernels: CPU_KERNELS,
  detect: detectCpu,
  register: registerServices,
});

export default cpuBackend;

export { CPU_PROVIDER, CpuBuffer, CpuHostMemory, type HostArray } from './host-memory.js';
export { CpuMemory } from './device-memory.js';
export { CpuVectorOps } from './vector-ops.js';
export { CpuReductions } from './reductions.js';
export { CpuMatmul } from './matmul.js';
export { CpuPatternMatcher, CpuPatternSet, CpuPatternStream } from './pattern-matcher.js';
export { CpuNeuralTraining } from './neural-training.js';
export { detectCpu } from './cpu-detection.js';
export { CPU_KERNELS } from './register-all-kernels.js';
// Shared host code and contract checks, re-exported for users of the cpu backend's earlier API:
// they live in @knhk/host and @knhk/core.
export {
  AhoCorasick,
  CPU_DEVICE,
  type ElementSpan,
  type GemmRoutine,
  HostMlpModel as CpuMlpModel,
  type HostBufferStore,
  HostStoreMemory,
  MAX_STATES,
  MatchListBuilder,
  type MlpNetwork,
  MlpTraining,
  apartFromC,
  detectCpuDevice,
  initialNetwork,
  matrixSpan,
  sharesMemory,
} from '@knhk/host';
export {
  type CheckedSpec,
  MAX_PARAMETERS,
  checkBatch,
  checkLabels,
  checkLearningRate,
  checkParameters,
  checkSpec,
} from '@knhk/core';
