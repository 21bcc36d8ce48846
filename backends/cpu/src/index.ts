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
import { CpuReductions } from './reductions.js';
import { CpuVectorOps } from './vector-ops.js';

/** Registers the services the capability classes inject: one {@link CpuHostMemory} per plugin instance. */
function registerServices(container: DependencyContainer): void {
  container.registerSingleton(CpuHostMemory);
}

/** The cpu backend plugin. */
export const cpuBackend = defineBackend({
  name: 'cpu',
  version: '0.1.0',
  priority: 0,
  description: 'Pure TypeScript reference implementation of every compute capability, on the host CPU',
  providers: {
    vector: { useClass: CpuVectorOps },
    reduce: { useClass: CpuReductions },
    matmul: { useClass: CpuMatmul },
    pattern: { useClass: CpuPatternMatcher },
    mlp: { useClass: CpuNeuralTraining },
    memory: { useClass: CpuMemory },
  },
  detect: detectCpu,
  register: registerServices,
});

export default cpuBackend;

export { CPU_DEVICE, CPU_PROVIDER, CpuBuffer, CpuHostMemory, type HostArray } from './host-memory.js';
export { CpuMemory, type HostBufferStore, HostStoreMemory } from './device-memory.js';
export { CpuVectorOps } from './vector-ops.js';
export { CpuReductions } from './reductions.js';
export { CpuMatmul } from './matmul.js';
export { CpuPatternMatcher, CpuPatternSet, CpuPatternStream } from './pattern-matcher.js';
export { AhoCorasick, MAX_STATES } from './aho-corasick.js';
export { MatchListBuilder } from './match-list.js';
export {
  CpuMlpModel,
  CpuNeuralTraining,
  MlpTraining,
  checkBatch,
  checkLabels,
  checkLearningRate,
} from './neural-training.js';
export { type CheckedSpec, MAX_PARAMETERS, checkParameters, checkSpec, initialNetwork } from './mlp-parameters.js';
export type { GemmRoutine, MlpNetwork } from './mlp-math.js';
export { type ElementSpan, apartFromC, matrixSpan, sharesMemory } from './matrix-span.js';
export { detectCpu, detectCpuDevice } from './cpu-detection.js';
