/**
 * Enqueueing the tiled sgemm kernel on operands already in device memory; used by `matmul`
 * and by the MLP's layers (whose dense shapes are `@knhk/host`'s `denseShape`).
 */
import type { SgemmShape } from '@knhk/core';
import type { DeviceOperand } from './device-call.js';
import { SGEMM_BLOCK, SGEMM_BLOCK_GROUP, SGEMM_PROGRAM, SGEMM_TILE } from './kernels/sgemm-kernel.js';
import type { OpenClDevice } from './opencl-device.js';

/** Both sides of C at least this long run the blocked kernel (its 64x64 tiles would be mostly padding below). */
const BLOCKED_FROM = 48;

function roundUp(x: number, step: number): number {
  return Math.ceil(x / step) * step;
}

/** Enqueues C = alpha * op(A) * op(B) + beta * C; with `skipAB` (alpha or k is 0) A and B are not read. */
export function enqueueSgemm(
  device: OpenClDevice,
  s: SgemmShape,
  a: DeviceOperand,
  b: DeviceOperand,
  c: DeviceOperand,
): void {
  if (s.m === 0 || s.n === 0) return;
  const skipAB = s.alpha === 0 || s.k === 0;
  const flags = [s.transA ? 1 : 0, s.transB ? 1 : 0, skipAB ? 1 : 0];
  const matrices = [a.mem, a.offset, s.lda, b.mem, b.offset, s.ldb, c.mem, c.offset, s.ldc];
  const args = [s.m, s.n, s.k, s.alpha, s.beta, ...flags, ...matrices];
  const types = 'uuuffuuubuubuubuu';
  const blocked = device.kernel(SGEMM_PROGRAM, 'sgemm_f32_blocked');
  const group = SGEMM_BLOCK_GROUP;
  if (Math.min(s.m, s.n) >= BLOCKED_FROM && device.context.kernelWorkGroupSize(blocked) >= group * group) {
    const global = [Math.ceil(s.n / SGEMM_BLOCK) * group, Math.ceil(s.m / SGEMM_BLOCK) * group];
    device.context.run(blocked, types, args, global, [group, group]);
    return;
  }
  const global = [roundUp(s.n, SGEMM_TILE), roundUp(s.m, SGEMM_TILE)];
  device.context.run(device.kernel(SGEMM_PROGRAM, 'sgemm_f32'), types, args, global, [SGEMM_TILE, SGEMM_TILE]);
}
