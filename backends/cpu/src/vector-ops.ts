/**
 * The `vector` capability of the cpu backend: element-wise float32 arithmetic, the dot
 * product and comparisons, with the offsets and strides of `VectorRange`.
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
  injectable,
  isFloat32Array,
  isHandle,
} from '@knhk/core';
import { CpuHostMemory } from './host-memory.js';
import {
  type BinaryKernel,
  type StridedOperand,
  addKernel,
  compareKernel,
  divKernel,
  dotDense,
  dotKernel,
  fmaKernel,
  mulKernel,
  denseOperand,
  separateInput,
  stridedOperand,
  subKernel,
} from '@knhk/host';

/** The output of an operation: what it returns and the array it writes. */
interface Output<A extends Float32Array | Uint8Array> {
  readonly result: unknown;
  readonly target: StridedOperand<A>;
}

/** Element-wise arithmetic on Float32Arrays and f32 cpu buffers. */
@injectable()
export class CpuVectorOps implements VectorOps {
  constructor(private readonly memory: CpuHostMemory) {}

  /** out[i] = a[i] + b[i] */
  add<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T {
    return this.binary('vector.add', addKernel, a, b, out, range);
  }

  /** out[i] = a[i] - b[i] */
  sub<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T {
    return this.binary('vector.sub', subKernel, a, b, out, range);
  }

  /** out[i] = a[i] * b[i] */
  mul<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T {
    return this.binary('vector.mul', mulKernel, a, b, out, range);
  }

  /** out[i] = a[i] / b[i] */
  div<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T {
    return this.binary('vector.div', divKernel, a, b, out, range);
  }

  /** out[i] = a[i] * b[i] + c[i], computed in float64 and rounded to float32 on store. */
  fma<T extends F32Input>(a: T, b: F32Input, c: F32Input, out?: T, range?: VectorRange): T {
    const op = 'vector.fma';
    const r = checkVectorRange(op, range);
    const x = this.memory.f32(op, 'a', a);
    const y = this.memory.f32(op, 'b', b);
    const z = this.memory.f32(op, 'c', c);
    const n = elementCount(op, r.length, [
      { name: 'a', arrayLength: x.length, strided: r.a },
      { name: 'b', arrayLength: y.length, strided: r.b },
      { name: 'c', arrayLength: z.length, strided: r.c },
    ]);
    const { result, target } = this.f32Output(op, a, out, r, n);
    const inputs = [stridedOperand(op, 'a', x, r.a), stridedOperand(op, 'b', y, r.b), stridedOperand(op, 'c', z, r.c)];
    const [sa, sb, sc] = inputs.map((input) => separateInput(input, n, target));
    fmaKernel(n, sa, sb, sc, target);
    return result as T;
  }

  /** Sum of a[i] * b[i], accumulated in float64 (returned unrounded). 0 when the range is empty. */
  dot(a: F32Input, b: F32Input, range?: VectorRange): number {
    const op = 'vector.dot';
    // Two whole host arrays of one length: skip the range machinery (the common, small-call case).
    if (range === undefined && isFloat32Array(a) && isFloat32Array(b) && a.length === b.length) {
      return dotDense(a, b);
    }
    const r = checkVectorRange(op, range);
    const x = this.memory.f32(op, 'a', a);
    const y = this.memory.f32(op, 'b', b);
    const n = elementCount(op, r.length, [
      { name: 'a', arrayLength: x.length, strided: r.a },
      { name: 'b', arrayLength: y.length, strided: r.b },
    ]);
    return dotKernel(n, stridedOperand(op, 'a', x, r.a), stridedOperand(op, 'b', y, r.b));
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
    const name = 'vector.compare';
    checkCompareOp(name, op);
    const r = checkVectorRange(name, range);
    const x = this.memory.f32(name, 'a', a);
    const scalar = typeof b === 'number';
    const y = scalar ? Float32Array.of(b) : this.memory.f32(name, 'b', b);
    const operands = [{ name: 'a', arrayLength: x.length, strided: r.a }];
    if (!scalar) operands.push({ name: 'b', arrayLength: y.length, strided: r.b });
    const n = elementCount(name, r.length, operands);
    const { result, target } = this.maskOutput(name, a, out, r, n);
    const sa = separateInput(stridedOperand(name, 'a', x, r.a), n, target);
    const sb = scalar
      ? { array: y, offset: 0, stride: 0 }
      : separateInput(stridedOperand(name, 'b', y, r.b), n, target);
    compareKernel(op, n, sa, sb, target);
    return result as M;
  }

  private binary<T extends F32Input>(
    op: string,
    kernel: BinaryKernel,
    a: T,
    b: F32Input,
    out: T | undefined,
    range: VectorRange | undefined,
  ): T {
    const r = checkVectorRange(op, range);
    const x = this.memory.f32(op, 'a', a);
    const y = this.memory.f32(op, 'b', b);
    const n = elementCount(op, r.length, [
      { name: 'a', arrayLength: x.length, strided: r.a },
      { name: 'b', arrayLength: y.length, strided: r.b },
    ]);
    const { result, target } = this.f32Output(op, a, out, r, n);
    const sa = separateInput(stridedOperand(op, 'a', x, r.a), n, target);
    const sb = separateInput(stridedOperand(op, 'b', y, r.b), n, target);
    kernel(n, sa, sb, target);
    return result as T;
  }

  /** `out` placed by `range.out`, or a new dense output of `n` elements of the same kind as `a`. */
  private f32Output(op: string, a: unknown, out: unknown, range: VectorRange, n: number): Output<Float32Array> {
    if (out === undefined) {
      if (isHandle(a)) {
        const buffer = this.memory.allocate(op, n, 'f32');
        return { result: buffer, target: denseOperand(buffer.array as Float32Array) };
      }
      const array = new Float32Array(n);
      return { result: array, target: denseOperand(array) };
    }
    const array = this.memory.f32(op, 'out', out);
    checkOutput(op, 'out', array.length, range.out, n);
    return { result: out, target: stridedOperand(op, 'out', array, range.out) };
  }

  /** `out` placed by `range.out`, or a new dense mask of `n` bytes (a u8 buffer when `a` is a buffer). */
  private maskOutput(op: string, a: unknown, out: unknown, range: VectorRange, n: number): Output<Uint8Array> {
    if (out === undefined) {
      if (isHandle(a)) {
        const buffer = this.memory.allocate(op, n, 'u8');
        return { result: buffer, target: denseOperand(buffer.array as Uint8Array) };
      }
      const array = new Uint8Array(n);
      return { result: array, target: denseOperand(array) };
    }
    const array = this.memory.u8(op, 'out', out);
    checkOutput(op, 'out', array.length, range.out, n);
    return { result: out, target: stridedOperand(op, 'out', array, range.out) };
  }
}
