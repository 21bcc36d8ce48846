/**
 * The `reduce` capability of the cpu backend: sum, min, max and argmax over a strided range
 * of a float32 vector.
 */
import { type F32Input, type ReduceRange, type Reductions, reduceSpan, injectable } from '@knhk/core';
import { CpuHostMemory } from './host-memory.js';

/** The elements a reduction covers. */
interface ReduceSpan {
  readonly x: Float32Array;
  readonly offset: number;
  readonly stride: number;
  readonly n: number;
}

function sumSpan({ x, offset, stride, n }: ReduceSpan): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  let j = offset;
  for (; i + 4 <= n; i += 4, j += 4 * stride) {
    s0 += x[j];
    s1 += x[j + stride];
    s2 += x[j + 2 * stride];
    s3 += x[j + 3 * stride];
  }
  for (; i < n; i++, j += stride) s0 += x[j];
  return s0 + s1 + (s2 + s3);
}

// Math.min and Math.max propagate NaN and order -0 below +0.
function minSpan({ x, offset, stride, n }: ReduceSpan): number {
  let best = x[offset];
  for (let i = 1, j = offset + stride; i < n; i++, j += stride) best = Math.min(best, x[j]);
  return best;
}

function maxSpan({ x, offset, stride, n }: ReduceSpan): number {
  let best = x[offset];
  for (let i = 1, j = offset + stride; i < n; i++, j += stride) best = Math.max(best, x[j]);
  return best;
}

function argmaxSpan({ x, offset, stride, n }: ReduceSpan): number {
  let best = x[offset];
  if (best !== best) return 0;
  let at = 0;
  for (let i = 1, j = offset + stride; i < n; i++, j += stride) {
    const v = x[j];
    if (v > best) {
      best = v;
      at = i;
    } else if (v !== v) {
      return i;
    }
  }
  return at;
}

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

  private span(op: string, x: F32Input, range: ReduceRange | undefined, emptyAllowed: boolean): ReduceSpan {
    const array = this.memory.f32(op, 'x', x);
    return { x: array, ...reduceSpan(op, array.length, range, emptyAllowed) };
  }
}
