/**
 * Splitting one call on host arrays over every opened device: the elements (or the rows of
 * C) are cut into one contiguous part per device, in proportion to its share (equal, or its
 * measured speed with `devices: 'measured'`), each part is
 * queued on its device before any result is read back, then the parts are finished in order.
 */
import type { Strided } from '@knhk/core';
import { DeviceCall } from './device-call.js';
import type { OpenClDevice } from './opencl-device.js';

/** One device's share of a split: `count` elements (or rows) from `start`, on device number `device`. */
export interface SplitPart {
  readonly device: number;
  readonly start: number;
  readonly count: number;
}

/**
 * Contiguous parts of `n` in proportion to `shares` (one positive number per device, e.g. its
 * measured speed): each device gets the floor of its share, the elements left over go one each
 * to the first devices, and a device whose part would be empty gets none.
 */
export function splitByShares(n: number, shares: readonly number[]): SplitPart[] {
  const total = shares.reduce((sum, share) => sum + share, 0);
  const counts = shares.map((share) => Math.floor((n * share) / total));
  let left = n - counts.reduce((sum, count) => sum + count, 0);
  for (let i = 0; left > 0; i = (i + 1) % counts.length, left--) counts[i]++;
  const parts: SplitPart[] = [];
  let start = 0;
  counts.forEach((count, device) => {
    if (count > 0) parts.push({ device, start, count });
    start += count;
  });
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
export function runSplit<R>(
  devices: readonly OpenClDevice[],
  op: string,
  parts: readonly SplitPart[],
  start: (call: DeviceCall, part: SplitPart) => () => R,
): R[] {
  const calls: DeviceCall[] = [];
  try {
    const finishers = parts.map((part) => {
      const call = new DeviceCall(devices[part.device], op);
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
