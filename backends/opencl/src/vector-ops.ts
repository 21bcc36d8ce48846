/**
 * The `vector` capability of the opencl backend. Every operation runs as an OpenCL kernel: on
 * the device that holds its buffers, in place (the result stays on the device), or on host
 * Float32Arrays by uploading what the call reads and reading the result back, so a call on
 * host arrays includes both transfers. Large calls on host arrays are split over every opened
 * device (`splitMinElements`).
 */
import {
  type BufferDType,
  type CompareOp,
  type F32Input,
  KnhkError,
  type MaskOutput,
  type VectorOps,
  type VectorRange,
  checkCompareOp,
  checkOutput,
  checkVectorRange,
  elementCount,
  inject,
  injectable,
  isHandle,
} from '@knhk/core';
import { VECTOR_PROGRAM, divisionDefine } from './kernels/vector-kernels.js';
import { type DeviceCall, type DeviceOperand, onDevice, operandArgs } from './device-call.js';
import { runSplit, shifted, splitByShares } from './device-split.js';
import { OpenClBuffer } from './opencl-buffer.js';
import type { OpenClDevice } from './opencl-device.js';
import { OpenClRuntime } from './opencl-runtime.js';
import { reductionShape } from './work-groups.js';

type BinaryName = 'add' | 'sub' | 'mul' | 'div';
const COMPARE_CODES: Readonly<Record<CompareOp, number>> = { lt: 0, le: 1, gt: 2, ge: 3, eq: 4, ne: 5 };

/** Element-wise f32 arithmetic, comparisons and the dot product as OpenCL kernels. */
@injectable()
export class OpenClVectorOps implements VectorOps {
  constructor(@inject(OpenClRuntime) private readonly runtime: OpenClRuntime) {}

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

  /**
   * out[i] = a[i] / b[i], correctly rounded (see `divisionDefine`). Through the framework it
   * runs only where every opened device can divide so: elsewhere the backend does not register
   * vector.div (its kernel's `available()` says why, once) and the next provider runs it.
   * Called directly on a device that can do neither a correctly rounded float division nor a
   * double one, `KNHK_E_PLUGIN_UNAVAILABLE` instead of a wrong last bit.
   */
  div<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T {
    return this.binary('div', a, b, out, range);
  }

  /** out[i] = fma(a[i], b[i], c[i]), rounded once. */
  fma<T extends F32Input>(a: T, b: F32Input, c: F32Input, out?: T, range?: VectorRange): T {
    const op = 'vector.fma';
    const r = checkVectorRange(op, range);
    const { buffers } = this.runtime;
    const [x, y, z] = [buffers.f32(op, 'a', a), buffers.f32(op, 'b', b), buffers.f32(op, 'c', c)];
    const o = out === undefined ? undefined : buffers.f32(op, 'out', out);
    const n = elementCount(op, r.length, [
      { name: 'a', arrayLength: x.length, strided: r.a },
      { name: 'b', arrayLength: y.length, strided: r.b },
      { name: 'c', arrayLength: z.length, strided: r.c },
    ]);
    if (o !== undefined) checkOutput(op, 'out', o.length, r.out, n);
    const launch = (call: DeviceCall, at: VectorRange, count: number, target: DeviceOperand): void => {
      const [da, db, dc] = [
        call.input('a', x, at.a, count),
        call.input('b', y, at.b, count),
        call.input('c', z, at.c, count),
      ];
      if (count > 0) this.elementwise(call, 'fma_f32', [da, db, dc, target], count);
    };
    const devices = this.runtime.splitOver(n, [x, y, z, o]);
    if (devices !== undefined) return this.split<T>(op, devices, 'f32', o, r, n, launch);
    const device = this.runtime.deviceFor(op, [
      ['a', x],
      ['b', y],
      ['c', z],
      ['out', o],
    ]);
    return onDevice(device, op, (call) => {
      const target = call.output<T>(buffers, 'f32', x instanceof OpenClBuffer, o, r.out, n);
      launch(call, r, n, target.operand);
      return target.finish();
    });
  }

  /** Sum of a[i] * b[i]: float accumulation per work-item and a tree per work-group; the groups' sums added in double. */
  dot(a: F32Input, b: F32Input, range?: VectorRange): number {
    const op = 'vector.dot';
    const r = checkVectorRange(op, range);
    const { buffers } = this.runtime;
    const [x, y] = [buffers.f32(op, 'a', a), buffers.f32(op, 'b', b)];
    const n = elementCount(op, r.length, [
      { name: 'a', arrayLength: x.length, strided: r.a },
      { name: 'b', arrayLength: y.length, strided: r.b },
    ]);
    if (n === 0) return 0;
    const launch = (call: DeviceCall, at: VectorRange, count: number): (() => number) => {
      const [da, db] = [call.input('a', x, at.a, count), call.input('b', y, at.b, count)];
      const kernel = this.kernel(call, 'dot_f32');
      const { local, groups } = reductionShape(call.device, kernel, count);
      const partial = call.temporary(groups * 4);
      const args = [...operandArgs(da), ...operandArgs(db), count, partial.mem, local * 4];
      call.device.context.run(kernel, 'buubuuubl', args, [groups * local], [local]);
      return () => addUp(call.readSync(partial.mem, new Float32Array(groups)));
    };
    const devices = this.runtime.splitOver(n, [x, y]);
    if (devices !== undefined) {
      const parts = splitByShares(n, this.runtime.splitShares);
      return addUp(runSplit(devices, op, parts, (call, part) => launch(call, shiftedRange(r, part.start), part.count)));
    }
    const device = this.runtime.deviceFor(op, [
      ['a', x],
      ['b', y],
    ]);
    return onDevice(device, op, (call) => launch(call, r, n)());
  }

  /** out[i] = (a[i] op b[i]) ? 1 : 0, with `b` an array, a buffer or a scalar (rounded to float32). */
  compare<M extends MaskOutput = Uint8Array>(
    a: F32Input,
    b: F32Input | number,
    op: CompareOp,
    out?: M,
    range?: VectorRange,
  ): M {
    const name = 'vector.compare';
    const r = checkVectorRange(name, range);
    const { buffers } = this.runtime;
    const x = buffers.f32(name, 'a', a);
    const y = typeof b === 'number' ? b : buffers.f32(name, 'b', b);
    checkCompareOp(name, op);
    const o = out === undefined ? undefined : buffers.u8(name, 'out', out);
    const operands = [{ name: 'a', arrayLength: x.length, strided: r.a }];
    if (typeof y !== 'number') operands.push({ name: 'b', arrayLength: y.length, strided: r.b });
    const n = elementCount(name, r.length, operands);
    if (o !== undefined) checkOutput(name, 'out', o.length, r.out, n);
    const code = COMPARE_CODES[op];
    const launch = (call: DeviceCall, at: VectorRange, count: number, target: DeviceOperand): void => {
      if (count === 0) return;
      const da = call.input('a', x, at.a, count);
      if (typeof y === 'number') {
        const args = [...operandArgs(da), y, code, ...operandArgs(target)];
        call.device.context.run(this.kernel(call, 'compare_f32_scalar'), 'buufibuu', args, [count], null);
        return;
      }
      const args = [...operandArgs(da), ...operandArgs(call.input('b', y, at.b, count)), code, ...operandArgs(target)];
      call.device.context.run(this.kernel(call, 'compare_f32_f32'), 'buubuuibuu', args, [count], null);
    };
    const devices = this.runtime.splitOver(n, [x, y, o]);
    if (devices !== undefined) return this.split<M>(name, devices, 'u8', o, r, n, launch);
    const device = this.runtime.deviceFor(name, [
      ['a', x],
      ['b', y],
      ['out', o],
    ]);
    return onDevice(device, name, (call) => {
      const target = call.output<M>(buffers, 'u8', isHandle(a), o, r.out, n);
      launch(call, r, n, target.operand);
      return target.finish();
    });
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
    const { buffers } = this.runtime;
    const [x, y] = [buffers.f32(op, 'a', a), buffers.f32(op, 'b', b)];
    const o = out === undefined ? undefined : buffers.f32(op, 'out', out);
    const n = elementCount(op, r.length, [
      { name: 'a', arrayLength: x.length, strided: r.a },
      { name: 'b', arrayLength: y.length, strided: r.b },
    ]);
    if (o !== undefined) checkOutput(op, 'out', o.length, r.out, n);
    const launch = (call: DeviceCall, at: VectorRange, count: number, target: DeviceOperand): void => {
      const [da, db] = [call.input('a', x, at.a, count), call.input('b', y, at.b, count)];
      if (count > 0) this.elementwise(call, `${name}_f32`, [da, db, target], count);
    };
    const devices = this.runtime.splitOver(n, [x, y, o]);
    if (devices !== undefined) {
      if (name === 'div') devices.forEach(checkDivision);
      return this.split<T>(op, devices, 'f32', o, r, n, launch);
    }
    const device = this.runtime.deviceFor(op, [
      ['a', x],
      ['b', y],
      ['out', o],
    ]);
    if (name === 'div') checkDivision(device);
    return onDevice(device, op, (call) => {
      const target = call.output<T>(buffers, 'f32', x instanceof OpenClBuffer, o, r.out, n);
      launch(call, r, n, target.operand);
      return target.finish();
    });
  }

  /**
   * An element-wise call on host arrays split over `devices`: each device computes a
   * contiguous part of the elements into its part of `out` (or of a new dense array).
   */
  private split<R>(
    op: string,
    devices: readonly OpenClDevice[],
    dtype: BufferDType,
    out: Float32Array | Uint8Array | OpenClBuffer | undefined,
    r: VectorRange,
    n: number,
    launch: (call: DeviceCall, at: VectorRange, count: number, target: DeviceOperand) => void,
  ): R {
    const result = out ?? (dtype === 'f32' ? new Float32Array(n) : new Uint8Array(n));
    const placement = out === undefined ? undefined : r.out;
    runSplit(devices, op, splitByShares(n, this.runtime.splitShares), (call, part) => {
      const target = call.output(
        this.runtime.buffers,
        dtype,
        false,
        result,
        shifted(placement, part.start),
        part.count,
      );
      launch(call, shiftedRange(r, part.start), part.count, target.operand);
      return () => target.finish();
    });
    return result as R;
  }

  /** Runs an element-wise kernel over `n` elements: its `_dense` variant when every operand has stride 1. */
  private elementwise(call: DeviceCall, name: string, operands: readonly DeviceOperand[], n: number): void {
    const dense = operands.every((o) => o.stride === 1);
    const args = operands.flatMap((o) => (dense ? [o.mem, o.offset] : operandArgs(o)));
    const types = (dense ? 'bu' : 'buu').repeat(operands.length);
    call.device.context.run(this.kernel(call, dense ? `${name}_dense` : name), types, args, [n], null);
  }

  private kernel(call: DeviceCall, name: string) {
    return call.device.kernel(VECTOR_PROGRAM, name);
  }
}

/** The placements of the inputs from element `start` of the range on. */
function shiftedRange(r: VectorRange, start: number): VectorRange {
  return { a: shifted(r.a, start), b: shifted(r.b, start), c: shifted(r.c, start) };
}

/** The partial sums added in double. */
function addUp(partial: Iterable<number>): number {
  let total = 0;
  for (const s of partial) total += s;
  return total;
}

/** `KNHK_E_PLUGIN_UNAVAILABLE` for a device that divides neither correctly rounded in float nor in double. */
function checkDivision(device: OpenClDevice): void {
  if (divisionDefine(device.description) !== undefined) return;
  throw new KnhkError(
    'KNHK_E_PLUGIN_UNAVAILABLE',
    `vector.div: ${device.description.name} divides neither correctly rounded in float nor in double (no cl_khr_fp64); another provider runs it`,
    { plugin: 'opencl' },
  );
}
