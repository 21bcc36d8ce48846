/**
 * What the cpu backend reports about the machine: one device, the host CPU, with the
 * instruction-set features that matter for choosing among compute backends.
 */
import os from 'node:os';
import { type DetectResult, type DeviceInfo, readCpuFlags } from '@knhk/core';
import { CPU_DEVICE } from './host-memory.js';

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

/** Always available: the cpu backend is plain TypeScript. */
export function detectCpu(): DetectResult {
  return {
    available: true,
    reason: 'pure TypeScript reference backend; runs everywhere',
    devices: [detectCpuDevice()],
  };
}
