/**
 * OpenBLAS (benchmark-only peer): `cblas_sgemm` on one thread, through the @knhk/native addon,
 * which opens `libopenblas.so.0` with dlopen at run time. Measured on `matmul.sgemm` for the
 * calls it is wired for: C = A * B on dense row-major Float32Arrays (no transposes, alpha 1,
 * beta 0, leading dimensions the matrix widths, no offsets), which is every call the matmul
 * workload makes. Any other call is refused with `KNHK_E_ARG_INVALID`, so it is recorded as a
 * measurement failure, never timed as something it is not.
 */
import { KnhkError, type SgemmParams } from '@knhk/core';
import { type NativeAddon, loadNative } from '@knhk/native';
import type { MissingPeer, Peer } from './peer.js';

const OP = 'openblas peer: matmul.sgemm';

function isPlain(p: SgemmParams): boolean {
  return (
    (p.alpha ?? 1) === 1 &&
    (p.beta ?? 0) === 0 &&
    p.transA !== true &&
    p.transB !== true &&
    (p.lda ?? p.k) === p.k &&
    (p.ldb ?? p.n) === p.n &&
    (p.ldc ?? p.n) === p.n &&
    (p.aOffset ?? 0) === 0 &&
    (p.bOffset ?? 0) === 0 &&
    (p.cOffset ?? 0) === 0
  );
}

function sgemmOf(addon: NativeAddon) {
  return <T>(p: SgemmParams): T => {
    if (!(p.a instanceof Float32Array) || !(p.b instanceof Float32Array) || !(p.c instanceof Float32Array)) {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${OP}: a, b and c must be Float32Arrays (device buffers are not wired)`);
    }
    if (!isPlain(p)) {
      throw new KnhkError(
        'KNHK_E_ARG_INVALID',
        `${OP}: only C = A * B on dense row-major matrices is wired (no transposes, alpha 1, beta 0, default leading dimensions, no offsets); measure this call on knhk's providers only`,
      );
    }
    return addon.openblasSgemm(p.a, p.b, p.c, p.m, p.n, p.k) as T;
  };
}

/** The OpenBLAS peer, or why it is missing. */
export function loadOpenblas(): Peer | MissingPeer {
  const load = loadNative();
  if (!load.ok) return { name: 'openblas', reason: `the @knhk/native addon is not available: ${load.reason}` };
  const status = load.addon.openblasStatus();
  if (status !== '') return { name: 'openblas', reason: status };
  return { name: 'openblas', operations: ['matmul.sgemm'], impl: { sgemm: sgemmOf(load.addon) } };
}
