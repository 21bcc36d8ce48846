/**
 * The `vector` capability over the native kernels of one ISA.
 *
 * Operands are Float32Arrays or f32 buffers of the same backend (their views are used in
 * place: nothing is copied). Dense operands, and operands at an offset with stride 1, run the
 * native kernels on subarray windows. Ranges with a stride above 1, which the kernels do not
 * take, are checked here with core's validators and then run by `@knhk/host`'s strided
 * loops ({@link stridedBinary} and the others) on the same arrays. Without `out`, the result is a new buffer of the
 * backend when `a` is a buffer (a u8 buffer for `compare`), else a new array.
 */
import {
  type CompareOp,
  type F32Input,
  type MaskOutput,
  type VectorOps,
  type VectorRange,
  checkCompareOp,
  checkOutput,
  checkVectorRange,
  elementCount,
  isFloat32Array,
  isHandle,
} from '@knhk/core';
import {
  type BinaryKernel,
  addKernel,
  divKernel,
  mulKernel,
  stridedBinary,
  stridedCompare,
  stridedDot,
  stridedFma,
  subKernel,
} from '@knhk/host';
import type { NativeKernels } from './addon-types.js';
import type { NativeBufferStore } from './buffer-store.js';
import { apartFromBytes, denseWindow, hasStride, separateFrom } from './host-input.js';

type BinaryName = 'add' | 'sub' | 'mul' | 'div';

/** The strided host loop of each binary operation, for the strides the native kernels do not take. */
const STRIDED_KERNELS: Readonly<Record<BinaryName, BinaryKernel>> = {
  add: addKernel,
  sub: subKernel,
  mul: mulKernel,
  div: divKernel,
};

/** The comparisons in the order of the native predicates (src/kernels/compare_bits.h). */
const NATIVE_PREDICATES: readonly CompareOp[] = ['lt', 'le', 'gt', 'ge', 'eq', 'ne'];

/** Element-wise f32 arithmetic and the dot product on Float32Arrays and native buffers, by native kernels. */
export class NativeVectorOps implements VectorOps {
  /** @param kernels the kernels of one ISA; @param store the backend instance's buffers. */
  constructor(
    private readonly kernels: NativeKernels,
    private readonly store: NativeBufferStore,
  ) {}

  /** out[i] = a[i] + b[i] */
  add<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T {
    return this.binary('add', a, b, out, range);
  }

  /** out[i] = a[i] - b[i] */
  sub<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T {
    return this.binary('sub', a, b, out, range);
  }

  /** out[i] = a[i] * b[i] */
  mul<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T {
    return this.binary('mul', a, b, out, range);
  }

  /** out[i] = a[i] / b[i] */
  div<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T {
    return this.binary('div', a, b, out, range);
  }

  /** out[i] = a[i] * b[i] + c[i], rounded once (hardware FMA). */
  fma<T extends F32Input>(a: T, b: F32Input, c: F32Input, out?: T, range?: VectorRange): T {
    const op = 'vector.fma';
    const r = checkVectorRange(op, range);
    const x = this.store.f32(op, 'a', a);
    const y = this.store.f32(op, 'b', b);
    const z = this.store.f32(op, 'c', c);
    const n = elementCount(op, r.length, [
      { name: 'a', arrayLength: x.length, strided: r.a },
      { name: 'b', arrayLength: y.length, strided: r.b },
      { name: 'c', arrayLength: z.length, strided: r.c },
    ]);
    const { result, array: o, placed } = this.output(op, a, out, r, n);
    if (hasStride(r.a, r.b, r.c, placed)) {
      stridedFma(op, n, x, y, z, o, { ...r, out: placed });
      return result as T;
    }
    const target = denseWindow(o, placed, n);
    const [wa, wb, wc] = [denseWindow(x, r.a, n), denseWindow(y, r.b, n), denseWindow(z, r.c, n)];
    this.kernels.fma(separateFrom(wa, target), separateFrom(wb, target), separateFrom(wc, target), target);
    return result as T;
  }

  /** Sum of a[i] * b[i]: f32 SIMD accumulation, horizontal reduction in double. 0 when empty. */
  dot(a: F32Input, b: F32Input, range?: VectorRange): number {
    if (range === undefined && isFloat32Array(a) && isFloat32Array(b) && a.length === b.length) {
      return this.kernels.dot(a, b);
    }
    // Two f32 buffers of this instance, whole: named by their memory ids (no view inspected).
    if (range === undefined && this.store.isLiveF32(a) && this.store.isLiveF32(b) && a.length === b.length) {
      return this.kernels.dot(a.memoryId, b.memoryId);
    }
    const op = 'vector.dot';
    const r = checkVectorRange(op, range);
    const x = this.store.f32(op, 'a', a);
    const y = this.store.f32(op, 'b', b);
    const n = elementCount(op, r.length, [
      { name: 'a', arrayLength: x.length, strided: r.a },
      { name: 'b', arrayLength: y.length, strided: r.b },
    ]);
    if (hasStride(r.a, r.b)) return stridedDot(op, n, x, y, r);
    return this.kernels.dot(denseWindow(x, r.a, n), denseWindow(y, r.b, n));
  }

  /**
   * out[i] = (a[i] op b[i]) ? 1 : 0, by the native comparison kernels. A number `b` is
   * rounded to float32 first and `range.b` does not apply to it. NaN compares false, except
   * with `ne`.
   */
  compare<M extends MaskOutput = Uint8Array>(
    a: F32Input,
    b: F32Input | number,
    op: CompareOp,
    out?: M,
    range?: VectorRange,
  ): M {
    const name = 'vector.compare';
    const x = this.store.f32(name, 'a', a);
    const y = typeof b === 'number' ? b : this.store.f32(name, 'b', b);
    const predicate = NATIVE_PREDICATES.indexOf(checkCompareOp(name, op));
    const r = checkVectorRange(name, range);
    const operands = [{ name: 'a', arrayLength: x.length, strided: r.a }];
    if (typeof y !== 'number') operands.push({ name: 'b', arrayLength: y.length, strided: r.b });
    const n = elementCount(name, r.length, operands);
    const { result, mask, placed } = this.maskOutput(name, a, out, r, n);
    if (hasStride(r.a, typeof y === 'number' ? undefined : r.b, placed)) {
      stridedCompare(name, op, n, x, y, mask, { ...r, out: placed });
      return result as M;
    }
    const offset = placed?.offset ?? 0;
    const target = mask.subarray(offset, offset + n);
    const left = apartFromBytes(denseWindow(x, r.a, n), target);
    const right = typeof y === 'number' ? y : apartFromBytes(denseWindow(y, r.b, n), target);
    this.kernels.compare(left, right, target, predicate);
    return result as M;
  }

  private binary<T extends F32Input>(
    name: BinaryName,
    a: T,
    b: F32Input,
    out: T | undefined,
    range: VectorRange | undefined,
  ): T {
    const op = `vector.${name}`;
    const r = checkVectorRange(op, range);
    const x = this.store.f32(op, 'a', a);
    const y = this.store.f32(op, 'b', b);
    const n = elementCount(op, r.length, [
      { name: 'a', arrayLength: x.length, strided: r.a },
      { name: 'b', arrayLength: y.length, strided: r.b },
    ]);
    const { result, array: o, placed } = this.output(op, a, out, r, n);
    if (hasStride(r.a, r.b, placed)) {
      stridedBinary(op, STRIDED_KERNELS[name], n, x, y, o, { ...r, out: placed });
      return result as T;
    }
    const target = denseWindow(o, placed, n);
    const wa = separateFrom(denseWindow(x, r.a, n), target);
    const wb = separateFrom(denseWindow(y, r.b, n), target);
    this.kernels[name](wa, wb, target);
    return result as T;
  }

  /** Like {@link output}, for a mask: `out` as a Uint8Array, or a new one (a u8 buffer when `a` is a buffer). */
  private maskOutput(
    op: string,
    a: unknown,
    out: unknown,
    range: VectorRange,
    n: number,
  ): { readonly result: unknown; readonly mask: Uint8Array; readonly placed: VectorRange['out'] } {
    if (out !== undefined) {
      const mask = this.store.u8(op, 'out', out);
      checkOutput(op, 'out', mask.length, range.out, n);
      return { result: out, mask, placed: range.out };
    }
    if (!isHandle(a)) {
      const mask = new Uint8Array(n);
      return { result: mask, mask, placed: undefined };
    }
    const buffer = this.store.allocate(op, n, 'u8');
    return { result: buffer, mask: buffer.view as Uint8Array, placed: undefined };
  }

  /**
   * `out` (checked against `range.out`, which places the result in it), or a new dense output
   * of `n` elements, a buffer when `a` is one (`range.out` does not apply to it).
   */
  private output(
    op: string,
    a: unknown,
    out: unknown,
    range: VectorRange,
    n: number,
  ): { readonly result: unknown; readonly array: Float32Array; readonly placed: VectorRange['out'] } {
    if (out !== undefined) {
      const array = this.store.f32(op, 'out', out);
      checkOutput(op, 'out', array.length, range.out, n);
      return { result: out, array, placed: range.out };
    }
    if (!isHandle(a)) {
      const array = new Float32Array(n);
      return { result: array, array, placed: undefined };
    }
    const buffer = this.store.allocate(op, n, 'f32');
    return { result: buffer, array: buffer.view as Float32Array, placed: undefined };
  }
}
