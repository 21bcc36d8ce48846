/**
 * The `vector` capability over the native kernels of one ISA.
 *
 * Dense operands, and operands at an offset with stride 1, run the native kernels on
 * subarray windows. Ranges with a stride above 1, which the kernels do not take, are checked
 * here with core's validators and then delegated to the cpu backend's {@link CpuVectorOps}.
 * `compare` has no native kernel in this part: it is delegated to the cpu backend too.
 */
import {
  type CompareOp,
  type F32Input,
  type MaskOutput,
  type VectorOps,
  type VectorRange,
  checkOutput,
  checkVectorRange,
  elementCount,
} from '@knhk/core';
import { CpuHostMemory, CpuVectorOps } from '@knhk/backend-cpu';
import type { NativeKernels } from './addon-types.js';
import { denseWindow, f32Input, hasStride, rejectHandle, separateFrom } from './host-input.js';

type BinaryName = 'add' | 'sub' | 'mul' | 'div';

/** Element-wise f32 arithmetic and the dot product on Float32Arrays, by native kernels. */
export class NativeVectorOps implements VectorOps {
  private readonly cpu = new CpuVectorOps(new CpuHostMemory());

  /** @param kernels the kernels of one ISA; @param provider the backend name, for messages. */
  constructor(
    private readonly kernels: NativeKernels,
    private readonly provider: string,
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
    const x = f32Input(op, 'a', a, this.provider);
    const y = f32Input(op, 'b', b, this.provider);
    const z = f32Input(op, 'c', c, this.provider);
    const o = out === undefined ? undefined : f32Input(op, 'out', out, this.provider);
    const n = elementCount(op, r.length, [
      { name: 'a', arrayLength: x.length, strided: r.a },
      { name: 'b', arrayLength: y.length, strided: r.b },
      { name: 'c', arrayLength: z.length, strided: r.c },
    ]);
    if (o !== undefined) checkOutput(op, 'out', o.length, r.out, n);
    if (hasStride(r.a, r.b, r.c, r.out)) return this.cpu.fma(x, y, z, o, r) as T;
    const target = o === undefined ? new Float32Array(n) : denseWindow(o, r.out, n);
    const [wa, wb, wc] = [denseWindow(x, r.a, n), denseWindow(y, r.b, n), denseWindow(z, r.c, n)];
    this.kernels.fma(separateFrom(wa, target), separateFrom(wb, target), separateFrom(wc, target), target);
    return (o ?? target) as T;
  }

  /** Sum of a[i] * b[i]: f32 SIMD accumulation, horizontal reduction in double. 0 when empty. */
  dot(a: F32Input, b: F32Input, range?: VectorRange): number {
    if (range === undefined && a instanceof Float32Array && b instanceof Float32Array && a.length === b.length) {
      return this.kernels.dot(a, b);
    }
    const op = 'vector.dot';
    const r = checkVectorRange(op, range);
    const x = f32Input(op, 'a', a, this.provider);
    const y = f32Input(op, 'b', b, this.provider);
    const n = elementCount(op, r.length, [
      { name: 'a', arrayLength: x.length, strided: r.a },
      { name: 'b', arrayLength: y.length, strided: r.b },
    ]);
    if (hasStride(r.a, r.b)) return this.cpu.dot(x, y, r);
    return this.kernels.dot(denseWindow(x, r.a, n), denseWindow(y, r.b, n));
  }

  /** Comparison masks: delegated to the cpu backend in this part (no native kernel yet). */
  compare<M extends MaskOutput = Uint8Array>(
    a: F32Input,
    b: F32Input | number,
    op: CompareOp,
    out?: M,
    range?: VectorRange,
  ): M {
    const name = 'vector.compare';
    f32Input(name, 'a', a, this.provider);
    if (typeof b !== 'number') f32Input(name, 'b', b, this.provider);
    rejectHandle(name, 'out', out, this.provider);
    return this.cpu.compare(a, b, op, out, range);
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
    const x = f32Input(op, 'a', a, this.provider);
    const y = f32Input(op, 'b', b, this.provider);
    const o = out === undefined ? undefined : f32Input(op, 'out', out, this.provider);
    const n = elementCount(op, r.length, [
      { name: 'a', arrayLength: x.length, strided: r.a },
      { name: 'b', arrayLength: y.length, strided: r.b },
    ]);
    if (o !== undefined) checkOutput(op, 'out', o.length, r.out, n);
    if (hasStride(r.a, r.b, r.out)) return this.cpu[name](x, y, o, r) as T;
    const target = o === undefined ? new Float32Array(n) : denseWindow(o, r.out, n);
    const wa = separateFrom(denseWindow(x, r.a, n), target);
    const wb = separateFrom(denseWindow(y, r.b, n), target);
    this.kernels[name](wa, wb, target);
    return (o ?? target) as T;
  }
}
