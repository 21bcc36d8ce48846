/**
 * The `matmul` capability of the opencl backend: sgemm as a tiled OpenCL kernel (16x16 tiles
 * in local memory). Host matrices are uploaded (only the span the call reads) and C is read
 * back row by row, so elements of C outside the m x n matrix are never touched. Calls on
 * buffers run on the device that holds them; a large call on host matrices is split by rows of
 * C over every opened device (`splitMinElements` counts the elements of C).
 */
import {
  type F32Input,
  type Matmul,
  type SgemmParams,
  type SgemmShape,
  KnhkError,
  inject,
  injectable,
  sgemmShape,
} from '@knhk/core';
import { type DeviceCall, type DeviceOperand, onDevice } from './device-call.js';
import { runSplit, splitByShares } from './device-split.js';
import { OpenClBuffer } from './opencl-buffer.js';
import { OpenClRuntime } from './opencl-runtime.js';
import { enqueueSgemm } from './sgemm-launch.js';
import { sgemmIndexLimit } from './index-limits.js';

/** First element and element count of a stored matrix. */
function span(offset: number, rows: number, cols: number, ld: number): { start: number; count: number } {
  return { start: offset, count: rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols };
}

/** The shape of rows `first` to `first + count - 1` of C: the same B, those rows of op(A) and of C. */
function rowsOf(s: SgemmShape, first: number, count: number): SgemmShape {
  const aOffset = s.aOffset + first * (s.transA ? 1 : s.lda);
  return { ...s, m: count, aOffset, cOffset: s.cOffset + first * s.ldc };
}

/** sgemm on the device. */
@injectable()
export class OpenClMatmul implements Matmul {
  constructor(@inject(OpenClRuntime) private readonly runtime: OpenClRuntime) {}

  /**
   * C = alpha * op(A) * op(B) + beta * C in place; returns `params.c`. A size, leading
   * dimension or offset of 2^32 or more is `KNHK_E_CALL_UNSUPPORTED` (the kernels index in 32
   * bits, see {@link sgemmIndexLimit}); through the framework the kernel's `supports` declines
   * such a call first, so it runs on the next provider.
   */
  sgemm<T extends F32Input>(params: SgemmParams<T>): T {
    const op = 'matmul.sgemm';
    if (typeof params !== 'object' || params === null) {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: expected a parameters object { m, n, k, a, b, c, ... }`, { op });
    }
    const { buffers } = this.runtime;
    const [a, b, c] = [buffers.f32(op, 'a', params.a), buffers.f32(op, 'b', params.b), buffers.f32(op, 'c', params.c)];
    const s = sgemmShape(params, { a: a.length, b: b.length, c: c.length });
    if (s.m === 0 || s.n === 0) return params.c;
    const fits = sgemmIndexLimit(s);
    if (fits !== true) {
      throw new KnhkError('KNHK_E_CALL_UNSUPPORTED', `${op}: provider "opencl" does not support this call (${fits})`, {
        provider: 'opencl',
        operation: op,
        reason: fits,
      });
    }
    const devices = this.runtime.splitOver(s.m * s.n, [a, b, c]);
    if (devices !== undefined && c instanceof Float32Array) {
      const parts = splitByShares(s.m, this.runtime.splitShares);
      runSplit(devices, op, parts, (call, part) => this.launch(call, a, b, c, rowsOf(s, part.start, part.count)));
      return params.c;
    }
    const device = this.runtime.deviceFor(op, [
      ['a', a],
      ['b', b],
      ['c', c],
    ]);
    return onDevice(device, op, (call) => {
      this.launch(call, a, b, c, s)();
      return params.c;
    });
  }

  /** Queues the sgemm of shape `s` on the call's device; the returned function reads a host C back. */
  private launch(
    call: DeviceCall,
    a: Float32Array | OpenClBuffer,
    b: Float32Array | OpenClBuffer,
    c: Float32Array | OpenClBuffer,
    s: SgemmShape,
  ): () => void {
    const skipAB = s.alpha === 0 || s.k === 0;
    const da = skipAB
      ? undefined
      : this.matrix(call, 'a', a, span(s.aOffset, s.transA ? s.k : s.m, s.transA ? s.m : s.k, s.lda));
    const db = skipAB
      ? undefined
      : this.matrix(call, 'b', b, span(s.bOffset, s.transB ? s.n : s.k, s.transB ? s.k : s.n, s.ldb));
    const cSpan = span(s.cOffset, s.m, s.n, s.ldc);
    const dc =
      s.beta === 0 && !(c instanceof OpenClBuffer) ? this.scratch(call, cSpan.count) : this.matrix(call, 'c', c, cSpan);
    enqueueSgemm(call.device, s, da ?? dc, db ?? dc, dc);
    return () => {
      if (c instanceof Float32Array) this.readBack(call, dc, c, s);
    };
  }

  private matrix(
    call: DeviceCall,
    name: string,
    value: Float32Array | OpenClBuffer,
    at: { start: number; count: number },
  ): DeviceOperand {
    return call.input(name, value, { offset: at.start }, at.count);
  }

  private scratch(call: DeviceCall, count: number): DeviceOperand {
    return { mem: call.temporary(count * 4).mem, offset: 0, stride: 1 };
  }

  /** Copies the m x n matrix back into the host array C, row by row. */
  private readBack(call: DeviceCall, dc: DeviceOperand, c: Float32Array, s: SgemmShape): void {
    const count = (s.m - 1) * s.ldc + s.n;
    const window = call.readSync(dc.mem, new Float32Array(count), dc.offset * 4);
    if (s.ldc === s.n) {
      c.set(window, s.cOffset);
      return;
    }
    for (let i = 0; i < s.m; i++) c.set(window.subarray(i * s.ldc, i * s.ldc + s.n), s.cOffset + i * s.ldc);
  }
}
