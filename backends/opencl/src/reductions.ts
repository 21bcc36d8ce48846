/**
 * The `reduce` capability of the opencl backend: work-group reductions on the device, one
 * partial result per group, combined on the host (also across devices when a large call on a
 * host array is split over every opened device). Sums accumulate in float on the device and
 * the groups' sums in double; min, max and argmax are exact and propagate NaN as the
 * interface says.
 */
import { type F32Input, type ReduceRange, type Reductions, inject, injectable, reduceSpan } from '@knhk/core';
import { REDUCE_PROGRAM } from './kernels/reduce-kernels.js';
import { type DeviceCall, type DeviceOperand, onDevice, operandArgs } from './device-call.js';
import { runSplit, splitByShares } from './device-split.js';
import { OpenClRuntime } from './opencl-runtime.js';
import { reductionShape } from './work-groups.js';

type ValueReduction = 'sum' | 'min' | 'max';
const NONE = 0xffffffff;

function combine(op: ValueReduction, partial: ArrayLike<number>): number {
  if (op === 'sum') {
    let total = 0;
    for (let i = 0; i < partial.length; i++) total += partial[i];
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

/** A value and its position, as argmax compares them. */
interface Candidate {
  readonly value: number;
  readonly at: number;
}

/** The argmax winner of `candidates` (the first NaN, else the first largest); `at` is NONE when all are empty. */
function bestOf(candidates: readonly Candidate[]): Candidate {
  let best: Candidate = { value: NaN, at: NONE };
  for (const c of candidates) if (beats(c.value, c.at, best.value, best.at)) best = c;
  return best;
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
    const parts = this.onSpan<Candidate>(op, x, range, false, (call, operand, n, first) => {
      const kernel = call.device.kernel(REDUCE_PROGRAM, 'argmax_f32');
      const { local, groups } = reductionShape(call.device, kernel, n);
      const [values, ats] = [call.temporary(groups * 4), call.temporary(groups * 4)];
      const args = [...operandArgs(operand), n, values.mem, ats.mem, local * 4, local * 4];
      call.device.context.run(kernel, 'buuubbll', args, [groups * local], [local]);
      return () => {
        const v = call.readSync(values.mem, new Float32Array(groups));
        const at = call.readSync(ats.mem, new Uint32Array(groups));
        const best = bestOf(Array.from(v, (value, g) => ({ value, at: at[g] })));
        return best.at === NONE ? best : { value: best.value, at: best.at + first };
      };
    });
    return parts.length === 0 ? 0 : bestOf(parts).at;
  }

  private values(op: ValueReduction, x: F32Input, range: ReduceRange | undefined): number {
    const name = `reduce.${op}`;
    const parts = this.onSpan<number>(name, x, range, op === 'sum', (call, operand, n) => {
      const kernel = call.device.kernel(REDUCE_PROGRAM, `${op}_f32`);
      const { local, groups } = reductionShape(call.device, kernel, n);
      const partial = call.temporary(groups * 4);
      const args = [...operandArgs(operand), n, partial.mem, local * 4];
      call.device.context.run(kernel, 'buuubl', args, [groups * local], [local]);
      return () => combine(op, call.readSync(partial.mem, new Float32Array(groups)));
    });
    return parts.length === 0 ? 0 : combine(op, parts);
  }

  /**
   * Queues `launch` on the span of `x` (the `first` element of its part, relative to the
   * span, and `n` elements from there) and returns the parts' results: one per device when
   * the call is split, one otherwise, none for an empty span.
   */
  private onSpan<R>(
    op: string,
    x: F32Input,
    range: ReduceRange | undefined,
    emptyAllowed: boolean,
    launch: (call: DeviceCall, operand: DeviceOperand, n: number, first: number) => () => R,
  ): R[] {
    const data = this.runtime.buffers.f32(op, 'x', x);
    const span = reduceSpan(op, data.length, range, emptyAllowed);
    if (span.n === 0) return [];
    const devices = this.runtime.splitOver(span.n, [data]);
    if (devices !== undefined) {
      return runSplit(devices, op, splitByShares(span.n, this.runtime.splitShares), (call, part) => {
        const at = { offset: span.offset + part.start * span.stride, stride: span.stride };
        return launch(call, call.input('x', data, at, part.count), part.count, part.start);
      });
    }
    const device = this.runtime.deviceFor(op, [['x', data]]);
    return onDevice(device, op, (call) => [launch(call, call.input('x', data, span, span.n), span.n, 0)()]);
  }
}
