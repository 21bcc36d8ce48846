/**
 * Choosing among several OpenCL devices by measurement (`devices: 'measured'`): each opened
 * device runs the same probe, an order-128 sgemm on host arrays with its transfers, and the
 * fastest runs the capabilities.
 */
import type { OpenClDevice } from './opencl-device.js';
import { onDevice } from './device-call.js';
import { denseShape } from '@knhk/host';
import { enqueueSgemm } from './sgemm-launch.js';

/** The probe's median time on one device. */
export interface DeviceProbe {
  readonly device: string;
  readonly medianNs: number;
}

const PROBE_ORDER = 128;
const PROBE_RUNS = 5;

/** The devices, fastest probe first (stable for equal times). */
export function orderByProbe<T extends { readonly id: string }>(
  devices: readonly T[],
  probes: readonly DeviceProbe[],
): T[] {
  const time = new Map(probes.map((p) => [p.device, p.medianNs]));
  return [...devices].sort((x, y) => (time.get(x.id) ?? Infinity) - (time.get(y.id) ?? Infinity));
}

/** Runs the probe on `device` (after one unmeasured run that builds the program). */
export function probeDevice(device: OpenClDevice): DeviceProbe {
  const n = PROBE_ORDER;
  const a = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 17) / 17 - 0.5);
  const c = new Float32Array(n * n);
  const once = (): void =>
    onDevice(device, 'opencl.probe', (call) => {
      const [da, dc] = [call.whole('a', a, a.length), call.whole('c', c, c.length)];
      enqueueSgemm(device, denseShape(n, n, n), da, da, dc);
      call.readSync(dc.mem, c);
    });
  once();
  const times: number[] = [];
  for (let r = 0; r < PROBE_RUNS; r++) {
    const start = process.hrtime.bigint();
    once();
    times.push(Number(process.hrtime.bigint() - start));
  }
  times.sort((x, y) => x - y);
  return { device: device.id, medianNs: times[Math.floor(times.length / 2)] };
}
