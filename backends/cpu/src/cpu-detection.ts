/**
 * What the cpu backend reports about the machine: one device, the host CPU
 * ({@link detectCpuDevice} of `@knhk/host`).
 */
import type { DetectResult } from '@knhk/core';
import { detectCpuDevice } from '@knhk/host';

/** Always available: the cpu backend is plain TypeScript. */
export function detectCpu(): DetectResult {
  return {
    available: true,
    reason: 'pure TypeScript reference backend; runs everywhere',
    devices: [detectCpuDevice()],
  };
}
