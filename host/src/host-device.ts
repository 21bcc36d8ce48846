/**
 * The host CPU as a knhk device: the one device of every backend that computes on host
 * memory (the cpu backend and the native SIMD backends), with the instruction-set features
 * that matter for choosing among compute backends.
 */
import os from 'node:os';
import { type DeviceInfo, readCpuFlags } from '@knhk/core';

/** Id of the host CPU as a device. */
export const CPU_DEVICE = 'cpu0';

/** The host CPU as a knhk device. */
export function detectCpuDevice(): DeviceInfo {
  const cpus = os.cpus();
  return {
    id: CPU_DEVICE,
    name: cpus[0]?.model.trim() || 'unknown CPU',
    type: 'cpu',
    computeUnits: typeof os.availableParallelism === 'function' ? os.availableParallelism() : Math.max(1, cpus.length),
    memoryBytes: os.totalmem(),
    features: readCpuFlags(),
  };
}
