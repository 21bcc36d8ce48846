/**
 * The `reduce` capability of the cpu backend: sum, min, max and argmax over a strided range
 * of a float32 vector.
 */
import { type F32Input, type ReduceRange, type Reductions, reduceSpan, injectable } from '@knhk/core';
import { type ReductionSpan, argmaxSpan, maxSpan, minSpan, sumSpan } from '@knhk/host';
import { CpuHostMemory } from './host-memory.js';

/**
 * Reductions in float64: sum adds four interleaved partial sums and returns the float64
 * result unrounded; min, max and argmax are exact.
 */
@injectable()
export class CpuReductions implements Reductions {
  constructor(private readonly memory: CpuHostMemory) {}

  /** Sum of the elements; 0 for an empty range; NaN when any element is NaN. */
  sum(x: F32Input, range?: ReduceRange): number {
    return sumSpan(this.span('reduce.sum', x, range, true));
  }

  /** Smallest element; NaN when any element is NaN. */
  min(x: F32Input, range?: ReduceRange): number {
    return minSpan(this.span('reduce.min', x, range, false));
  }

  /** Largest element; NaN when any element is NaN. */
  max(x: F32Input, range?: ReduceRange): number {
    return maxSpan(this.span('reduce.max', x, range, false));
  }

  /** Position in the range of the first NaN, else of the first largest element. */
  argmax(x: F32Input, range?: ReduceRange): number {
    return argmaxSpan(this.span('reduce.argmax', x, range, false));
  }

  private span(op: string, x: F32Input, range: ReduceRange | undefined, emptyAllowed: boolean): ReductionSpan {
    const array = this.memory.f32(op, 'x', x);
    return { x: array, ...reduceSpan(op, array.length, range, emptyAllowed) };
  }
}
