/**
 * The `reduce` capability of the cpu backend as one class, for callers that use the cpu
 * backend directly (`new CpuReductions(memory)`): core's normaliser, then the kernel
 * functions the plugin registers (`kernels/reductions.ts`).
 */
import { type F32Input, type ReduceRange, type Reductions, injectable, normaliseReduce } from '@knhk/core';
import { argmaxStrided, maxStrided, minStrided, sumStrided } from '@knhk/host';
import { CpuHostMemory } from './host-memory.js';
import { reductionFunction } from './kernels/reductions.js';

/**
 * Reductions in float64: sum adds four interleaved partial sums and returns the float64
 * result unrounded; min, max and argmax are exact.
 */
@injectable()
export class CpuReductions implements Reductions {
  private readonly sumCall: ReturnType<typeof reductionFunction>;
  private readonly minCall: ReturnType<typeof reductionFunction>;
  private readonly maxCall: ReturnType<typeof reductionFunction>;
  private readonly argmaxCall: ReturnType<typeof reductionFunction>;

  constructor(memory: CpuHostMemory) {
    this.sumCall = reductionFunction('reduce.sum', sumStrided, memory);
    this.minCall = reductionFunction('reduce.min', minStrided, memory);
    this.maxCall = reductionFunction('reduce.max', maxStrided, memory);
    this.argmaxCall = reductionFunction('reduce.argmax', argmaxStrided, memory);
  }

  /** Sum of the elements; 0 for an empty range; NaN when any element is NaN. */
  sum(x: F32Input, range?: ReduceRange): number {
    return this.sumCall(normaliseReduce('reduce.sum', true, x, range));
  }

  /** Smallest element; NaN when any element is NaN. */
  min(x: F32Input, range?: ReduceRange): number {
    return this.minCall(normaliseReduce('reduce.min', false, x, range));
  }

  /** Largest element; NaN when any element is NaN. */
  max(x: F32Input, range?: ReduceRange): number {
    return this.maxCall(normaliseReduce('reduce.max', false, x, range));
  }

  /** Position in the range of the first NaN, else of the first largest element. */
  argmax(x: F32Input, range?: ReduceRange): number {
    return this.argmaxCall(normaliseReduce('reduce.argmax', false, x, range));
  }
}
