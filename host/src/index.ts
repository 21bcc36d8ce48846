/**
 * @knhk/host: the host algorithms that several backends share, owned by none of them. It
 * depends on `@knhk/core` only; backends (cpu, the native SIMD backends, opencl) import it
 * and never each other.
 */
export { CPU_DEVICE, detectCpuDevice } from './host-device.js';
export { type HostBufferStore, HostStoreMemory } from './host-store-memory.js';
export { allocateArray, allocateFloat32, allocateFloat64 } from './array-allocation.js';
export { AhoCorasick, MAX_STATES } from './aho-corasick.js';
export { MatchListBuilder } from './match-list.js';
export { denseShape, gemm } from './gemm-kernel.js';
export { type ElementSpan, apartFromC, matrixSpan, sharesMemory } from './matrix-span.js';
export {
  type GemmRoutine,
  type MlpNetwork,
  backpropagateAndStep,
  forwardPass,
  softmaxCrossEntropy,
} from './mlp-math.js';
export { initialNetwork } from './mlp-initialisation.js';
export { HostMlpModel, MlpTraining } from './mlp-training.js';
export { checkMlpInputs, checkOwnedModel } from './mlp-checks.js';
export {
  type ReductionSpan,
  SPAN_REDUCTIONS,
  argmaxDense,
  argmaxSpan,
  argmaxStrided,
  maxSpan,
  maxStrided,
  minSpan,
  minStrided,
  sumSpan,
  sumStrided,
} from './reduce-kernels.js';
export {
  type StridedOperand,
  denseOperand,
  operandsOverlap,
  separateInput,
  stridedOperand,
} from './strided-operand.js';
export {
  type BinaryKernel,
  type DenseBinaryLoop,
  addDense,
  addKernel,
  compareDense,
  compareKernel,
  compareScalarDense,
  divDense,
  divKernel,
  dotDense,
  dotKernel,
  fmaDense,
  fmaKernel,
  mulDense,
  mulKernel,
  subDense,
  subKernel,
} from './vector-kernels.js';
export { stridedBinary, stridedCompare, stridedDot, stridedFma } from './strided-vector.js';
export { type MethodKernelOptions, methodKernel } from './method-kernel.js';
