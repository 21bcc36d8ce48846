/**
 * The `reduce` capability over the native kernels of one ISA, on Float32Arrays and f32
 * buffers of the same backend (in place: a whole buffer by its memory id, a range by its
 * view). A range with stride 1 runs the kernels on a subarray window; a stride above 1,
 * which the kernels do not take, is checked here and then reduced by `@knhk/host`'s
 * {@link SPAN_REDUCTIONS}.
 */
import { type F32Input, type ReduceRange, type Reductions, isFloat32Array, reduceSpan } from '@knhk/core';
import { SPAN_REDUCTIONS } from '@knhk/host';
import type { NativeKernels } from './addon-types.js';
import type { NativeBufferStore } from './buffer-store.js';

type ReductionName = 'sum' | 'min' | 'max' | 'argmax';

/** Sum, min, max and argmax of Float32Arrays, by native kernels, with NaN propagating. */
export class NativeReductions implements Reductions {
  /** @param kernels the kernels of one ISA; @param store the backend instance's buffers. */
  constructor(
    private readonly kernels: NativeKernels,
    private readonly store: NativeBufferStore,
  ) {}

  /** Sum of the elements (in double); 0 for an empty range; NaN when any element is NaN. */
  sum(x: F32Input, range?: ReduceRange): number {
    return this.reduce('sum', x, range, true);
  }

  /** Smallest element (-0 below +0); NaN when any element is NaN. */
  min(x: F32Input, range?: ReduceRange): number {
    return this.reduce('min', x, range, false);
  }

  /** Largest element (+0 above -0); NaN when any element is NaN. */
  max(x: F32Input, range?: ReduceRange): number {
    return this.reduce('max', x, range, false);
  }

  /** Position in the range of the first NaN, else of the first largest element. */
  argmax(x: F32Input, range?: ReduceRange): number {
    return this.reduce('argmax', x, range, false);
  }

  private reduce(name: ReductionName, x: F32Input, range: ReduceRange | undefined, emptyAllowed: boolean): number {
    if (range === undefined && isFloat32Array(x) && (emptyAllowed || x.length > 0)) {
      return x.length === 0 ? 0 : this.kernels[name](x);
    }
    // A whole live f32 buffer of this instance: named by its memory id (no view inspected).
    if (range === undefined && this.store.isLiveF32(x) && x.length > 0) return this.kernels[name](x.memoryId);
    const op = `reduce.${name}`;
    const array = this.store.f32(op, 'x', x);
    const { offset, stride, n } = reduceSpan(op, array.length, range, emptyAllowed);
    if (n === 0) return 0;
    if (stride !== 1) return SPAN_REDUCTIONS[name]({ x: array, offset, stride, n });
    return this.kernels[name](array.subarray(offset, offset + n));
  }
}
