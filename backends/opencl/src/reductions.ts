/**
 * The `reduce` capability of the opencl backend: work-group reductions on the device, one
 * partial result per group, combined on the host. Sums accumulate in float on the device and
 * the groups' sums in double; min, max and argmax are exact and propagate NaN as the
 * interface says.
 */
import { type F32Input, type ReduceRange, type Reductions, inject, injectable, reduceSpan } from '@knhk/core';
import { REDUCE_PROGRAM } from './kernels/reduce-kernels.js';
import { type DeviceCall, type DeviceOperand, onDevice, operandArgs } from './device-call.js';
import { OpenClRuntime } from './opencl-runtime.js';
import { reductionShape } from './work-groups.js';

type ValueReduction = 'sum' | 'min' | 'max';
const NONE = 0xffffffff;

function combine(op: ValueReduction, partial: Float32Array): number {
  if (op === 'sum') {
    let total = 0;
    for (const s of partial) total += s;
    return total;
  }
  let best = partial[0];
  for (let i = 1; i < partial.length; i++)
    best = op === 'min' ? Math.min(best, partial[i]) : Math.max(best, partial[i]);
  return best;
}

/** Whether (v, at) beats (best, bestAt) for argmax: the first NaN, else the first largest. */
function beats(v: number, at: number, best: number, bestAt: number): boolean {
  if (at === NONE) return false;
  if (bestAt === NONE) return true;
  if (Number.isNaN(best)) return Number.isNaN(v) && at < bestAt;
  if (Number.isNaN(v)) return true;
  return v > best || (v === best && at < bestAt);
}

/** Sum, min, max and argmax as OpenCL work-group reductions. */
@injectable()
export class OpenClReductions implements Reductions {
  constructor(@inject(OpenClRuntime) private readonly runtime: OpenClRuntime) {}

  /** Sum of the elements; 0 for an empty range. */
  sum(x: F32Input, range?: ReduceRange): number {
    return this.values('sum', x, range);
  }

  /** Smallest element; NaN when any is NaN. */
  min(x: F32Input, range?: ReduceRange): number {
    return this.values('min', x, range);
  }

  /** Largest element; NaN when any is NaN. */
  max(x: F32Input, range?: ReduceRange): number {
    return this.values('max', x, range);
  }

  /** Position in the range of the first NaN, else of the first largest element. */
  argmax(x: F32Input, range?: ReduceRange): number {
    const op = 'reduce.argmax';
    return this.onSpan(op, x, range, false, (call, operand, n) => {
      const kernel = call.device.kernel(REDUCE_PROGRAM, 'argmax_f32');
      const { local, groups } = reductionShape(call.device, kernel, n);
      const [values, ats] = [call.temporary(groups * 4), call.temporary(groups * 4)];
      const args = [...operandArgs(operand), n, values.mem, ats.mem, local * 4, local * 4];
      call.device.context.run(kernel, 'buuubbll', args, [groups * local], [local]);
      const v = call.readSync(values.mem, new Float32Array(groups));
      const at = call.readSync(ats.mem, new Uint32Array(groups));
      let [best, bestAt] = [v[0], at[0]];
      for (let g = 1; g < groups; g++) {
        if (beats(v[g], at[g], best, bestAt)) [best, bestAt] = [v[g], at[g]];
      }
      return bestAt;
    });
  }

  private values(op: ValueReduction, x: F32Input, range: ReduceRange | undefined): number {
    const name = `reduce.${op}`;
    return this.onSpan(name, x, range, op === 'sum', (call, operand, n) => {
      if (n === 0) return 0;
      const kernel = call.device.kernel(REDUCE_PROGRAM, `${op}_f32`);
      const { local, groups } = reductionShape(call.device, kernel, n);
      const partial = call.temporary(groups * 4);
      const args = [...operandArgs(operand), n, partial.mem, local * 4];
      call.device.context.run(kernel, 'buuubl', args, [groups * local], [local]);
      return combine(op, call.readSync(partial.mem, new Float32Array(groups)));
    });
  }

  private onSpan(
    op: string,
    x: F32Input,
    range: ReduceRange | undefined,
    emptyAllowed: boolean,
    body: (call: DeviceCall, operand: DeviceOperand, n: number) => number,
  ): number {
    const data = this.runtime.buffers.f32(op, 'x', x);
    const span = reduceSpan(op, data.length, range, emptyAllowed);
    if (span.n === 0) return 0;
    return onDevice(this.runtime.primary, op, (call) => body(call, call.input('x', data, span, span.n), span.n));
  }
}
