/**
 * Splitting one call on host arrays over every opened device: the elements (or the rows of
 * C) are cut into one contiguous part per device, in proportion to equal shares, each part is
 * queued on its device before any result is read back, then the parts are finished in order.
 */
import type { Strided } from '@knhk/core';
import { DeviceCall } from './device-call.js';
import type { OpenClDevice } from './opencl-device.js';

/** One device's share of a split: `count` elements (or rows) from `start`. */
export interface SplitPart {
  readonly start: number;
  readonly count: number;
}

/**
 * Equal contiguous parts of `n` for `devices` devices, the first ones one larger when `n`
 * does not divide; parts are never empty (fewer parts when `n < devices`).
 */
export function splitEvenly(n: number, devices: number): SplitPart[] {
  const parts: SplitPart[] = [];
  const used = Math.min(n, devices);
  const base = Math.floor(n / used);
  const extra = n % used;
  let start = 0;
  for (let i = 0; i < used; i++) {
    const count = base + (i < extra ? 1 : 0);
    parts.push({ start, count });
    start += count;
  }
  return parts;
}

/** The placement of element `start` of an operand at `placement`. */
export function shifted(placement: Strided | undefined, start: number): Strided {
  const stride = placement?.stride ?? 1;
  return { offset: (placement?.offset ?? 0) + start * stride, stride };
}

/**
 * Runs one part per device: `start(call, part)` queues the part's work and returns how to
 * finish it; each device's queue is flushed (submitted) as soon as its part is queued, so the
 * devices work at the same time, every part is queued before the first is finished, and every call's temporaries
 * go back to their pools at the end, also when a part fails.
 */
export function runSplit<P, R>(
  devices: readonly OpenClDevice[],
  op: string,
  parts: readonly P[],
  start: (call: DeviceCall, part: P) => () => R,
): R[] {
  const calls: DeviceCall[] = [];
  try {
    const finishers = parts.map((part, i) => {
      const call = new DeviceCall(devices[i], op);
      calls.push(call);
      const finish = start(call, part);
      call.device.context.flush();
      return finish;
    });
    return finishers.map((finish) => finish());
  } finally {
    for (const call of calls) call.close();
  }
}
