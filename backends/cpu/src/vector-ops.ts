/**
 * The `vector` capability of the cpu backend as one class, for callers that use the cpu
 * backend directly (`new CpuVectorOps(memory)`): each method normalises its arguments with
 * core's normalisers and runs the same kernel function the plugin registers
 * (`kernels/elementwise.ts`, `dot.ts`, `compare.ts`).
 */
import {
  type CompareOp,
  type F32Input,
  type MaskOutput,
  type VectorOps,
  type VectorRange,
  injectable,
  normaliseBinary,
  normaliseCompare,
  normaliseDot,
  normaliseFma,
} from '@knhk/core';
import { CpuHostMemory } from './host-memory.js';
import { compareFunction } from './kernels/compare.js';
import { dotFunction } from './kernels/dot.js';
import {
  type ElementwiseFunction,
  addFunction,
  divFunction,
  fmaFunction,
  mulFunction,
  subFunction,
} from './kernels/elementwise.js';

/** Element-wise arithmetic on Float32Arrays and f32 cpu buffers. */
@injectable()
export class CpuVectorOps implements VectorOps {
  private readonly addCall: ElementwiseFunction;
  private readonly subCall: ElementwiseFunction;
  private readonly mulCall: ElementwiseFunction;
  private readonly divCall: ElementwiseFunction;
  private readonly fmaCall: ElementwiseFunction;
  private readonly dotCall: ReturnType<typeof dotFunction>;
  private readonly compareCall: ReturnType<typeof compareFunction>;

  constructor(memory: CpuHostMemory) {
    this.addCall = addFunction(memory);
    this.subCall = subFunction(memory);
    this.mulCall = mulFunction(memory);
    this.divCall = divFunction(memory);
    this.fmaCall = fmaFunction(memory);
    this.dotCall = dotFunction(memory);
    this.compareCall = compareFunction(memory);
  }

  /** out[i] = a[i] + b[i] */
  add<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T {
    return this.addCall(normaliseBinary('vector.add', a, b, out, range)) as T;
  }

  /** out[i] = a[i] - b[i] */
  sub<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T {
    return this.subCall(normaliseBinary('vector.sub', a, b, out, range)) as T;
  }

  /** out[i] = a[i] * b[i] */
  mul<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T {
    return this.mulCall(normaliseBinary('vector.mul', a, b, out, range)) as T;
  }

  /** out[i] = a[i] / b[i] */
  div<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T {
    return this.divCall(normaliseBinary('vector.div', a, b, out, range)) as T;
  }

  /** out[i] = a[i] * b[i] + c[i], computed in float64 and rounded to float32 on store. */
  fma<T extends F32Input>(a: T, b: F32Input, c: F32Input, out?: T, range?: VectorRange): T {
    return this.fmaCall(normaliseFma('vector.fma', a, b, c, out, range)) as T;
  }

  /** Sum of a[i] * b[i], accumulated in float64 (returned unrounded). 0 when the range is empty. */
  dot(a: F32Input, b: F32Input, range?: VectorRange): number {
    return this.dotCall(normaliseDot('vector.dot', a, b, range));
  }

  /**
   * out[i] = (a[i] op b[i]) ? 1 : 0. A scalar `b` is rounded to float32 first, as every
   * element of `a` is a float32; `range.b` does not apply to it.
   */
  compare<M extends MaskOutput = Uint8Array>(
    a: F32Input,
    b: F32Input | number,
    op: CompareOp,
    out?: M,
    range?: VectorRange,
  ): M {
    return this.compareCall(normaliseCompare('vector.compare', a, b, op, out, range)) as M;
  }
}
