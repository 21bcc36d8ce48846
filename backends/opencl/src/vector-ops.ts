/**
 * The `vector` capability of the opencl backend. Every operation runs as an OpenCL kernel on
 * the backend's device: on its buffers in place (the result stays on the device), on host
 * Float32Arrays by uploading what the call reads and reading the result back, so a call on
 * host arrays includes both transfers.
 */
import {
  type CompareOp,
  type F32Input,
  KnhkError,
  type MaskOutput,
  type VectorOps,
  type VectorRange,
  checkOutput,
  checkVectorRange,
  elementCount,
  inject,
  injectable,
  isHandle,
} from '@knhk/core';
import { VECTOR_PROGRAM, divisionDefine } from './kernels/vector-kernels.js';
import { type DeviceCall, type DeviceOperand, onDevice, operandArgs } from './device-call.js';
import { OpenClBuffer } from './opencl-buffer.js';
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
   * out[i] = a[i] / b[i], correctly rounded (see `divisionDefine`). On a device that can do
   * neither a correctly rounded float division nor a double one, `KNHK_E_PLUGIN_UNAVAILABLE`:
   * the framework runs the call on the next provider instead of giving a wrong last bit.
   */
  div<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T {
    const device = this.runtime.primary.description;
    if (divisionDefine(device) === undefined) {
      throw new KnhkError(
        'KNHK_E_PLUGIN_UNAVAILABLE',
        `vector.div: ${device.name} divides neither correctly rounded in float nor in double (no cl_khr_fp64); another provider runs it`,
        { plugin: 'opencl' },
      );
    }
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
    return onDevice(this.runtime.primary, op, (call) => {
      const [da, db, dc] = [call.input('a', x, r.a, n), call.input('b', y, r.b, n), call.input('c', z, r.c, n)];
      const target = call.output<T>(buffers, 'f32', x instanceof OpenClBuffer, o, r.out, n);
      const operands = [da, db, dc, target.operand];
      if (n > 0) this.elementwise(call, 'fma_f32', operands, n);
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
    return onDevice(this.runtime.primary, op, (call) => {
      const [da, db] = [call.input('a', x, r.a, n), call.input('b', y, r.b, n)];
      const kernel = this.kernel(call, 'dot_f32');
      const { local, groups } = reductionShape(call.device, kernel, n);
      const partial = call.temporary(groups * 4);
      const args = [...operandArgs(da), ...operandArgs(db), n, partial.mem, local * 4];
      call.device.context.run(kernel, 'buubuuubl', args, [groups * local], [local]);
      const sums = call.readSync(partial.mem, new Float32Array(groups));
      let total = 0;
      for (const s of sums) total += s;
      return total;
    });
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
    if (!Object.hasOwn(COMPARE_CODES, op)) {
      throw new KnhkError(
        'KNHK_E_ARG_INVALID',
        `${name}: op must be one of lt, le, gt, ge, eq, ne, got ${JSON.stringify(op)}`,
        {
          op: name,
        },
      );
    }
    const o = out === undefined ? undefined : buffers.u8(name, 'out', out);
    const operands = [{ name: 'a', arrayLength: x.length, strided: r.a }];
    if (typeof y !== 'number') operands.push({ name: 'b', arrayLength: y.length, strided: r.b });
    const n = elementCount(name, r.length, operands);
    if (o !== undefined) checkOutput(name, 'out', o.length, r.out, n);
    return onDevice(this.runtime.primary, name, (call) => {
      const da = call.input('a', x, r.a, n);
      const target = call.output<M>(buffers, 'u8', isHandle(a), o, r.out, n);
      const code = COMPARE_CODES[op];
      if (n > 0 && typeof y === 'number') {
        const args = [...operandArgs(da), y, code, ...operandArgs(target.operand)];
        call.device.context.run(this.kernel(call, 'compare_f32_scalar'), 'buufibuu', args, [n], null);
      } else if (n > 0 && typeof y !== 'number') {
        const args = [
          ...operandArgs(da),
          ...operandArgs(call.input('b', y, r.b, n)),
          code,
          ...operandArgs(target.operand),
        ];
        call.device.context.run(this.kernel(call, 'compare_f32_f32'), 'buubuuibuu', args, [n], null);
      }
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
    return onDevice(this.runtime.primary, op, (call) => {
      const [da, db] = [call.input('a', x, r.a, n), call.input('b', y, r.b, n)];
      const target = call.output<T>(buffers, 'f32', x instanceof OpenClBuffer, o, r.out, n);
      if (n > 0) this.elementwise(call, `${name}_f32`, [da, db, target.operand], n);
      return target.finish();
    });
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
