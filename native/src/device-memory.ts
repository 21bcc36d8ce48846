/**
 * The `memory` capability of the native SIMD backends: buffers in memory the addon owns
 * (see {@link NativeBufferStore}). Work on them runs synchronously on the calling thread and
 * the thread pool, so there is never anything queued to wait for.
 */
import os from 'node:os';
import {
  type BufferDType,
  type DeviceBuffer,
  type DeviceMemory,
  KnhkError,
  type MemoryInfo,
  typeName,
} from '@knhk/core';
import { CPU_DEVICE } from '@knhk/backend-cpu';
import type { NativeBufferStore } from './buffer-store.js';

function checkDType(op: string, dtype: unknown): BufferDType {
  if (dtype !== 'f32' && dtype !== 'u8') {
    throw new KnhkError('KNHK_E_ARG_INVALID', `${op}: dtype must be "f32" or "u8", got ${JSON.stringify(dtype)}`, {
      op,
    });
  }
  return dtype;
}

/** Aligned native buffers: `f32` buffers are seen as a Float32Array, `u8` buffers as a Uint8Array. */
export class NativeMemory implements DeviceMemory {
  constructor(private readonly store: NativeBufferStore) {}

  /** A new zero-filled buffer of `length` elements (`KNHK_E_ARG_RANGE` for a bad length, `KNHK_E_ARG_INVALID` for a bad dtype). */
  allocate(length: number, dtype: BufferDType = 'f32'): DeviceBuffer {
    const op = 'memory.allocate';
    return this.store.allocate(op, length, checkDType(op, dtype));
  }

  /**
   * Copies `data` into the buffer from element `offset` on. `data` must have the buffer's
   * element type (`KNHK_E_ARG_TYPE`); an offset past the end is `KNHK_E_ARG_RANGE` and data
   * that does not fit from the offset is `KNHK_E_ARG_LENGTH`.
   */
  copyToDevice(buffer: DeviceBuffer, data: Float32Array | Uint8Array, offset = 0): void {
    const op = 'memory.copyToDevice';
    const target = this.store.owned(op, 'buffer', buffer).view;
    const isF32 = target instanceof Float32Array;
    if (isF32 ? !(data instanceof Float32Array) : !(data instanceof Uint8Array)) {
      const wanted = isF32 ? 'Float32Array' : 'Uint8Array';
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: data must be a ${wanted} for this buffer, got ${typeName(data)}`, {
        op,
      });
    }
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > target.length) {
      throw new KnhkError(
        'KNHK_E_ARG_RANGE',
        `${op}: offset must be an integer from 0 to ${target.length}, got ${offset}`,
        {
          op,
          offset,
        },
      );
    }
    if (offset + data.length > target.length) {
      throw new KnhkError(
        'KNHK_E_ARG_LENGTH',
        `${op}: ${data.length} elements do not fit at offset ${offset} of a buffer of ${target.length}`,
        { op, offset, length: data.length, bufferLength: target.length },
      );
    }
    target.set(data, offset);
  }

  /** A copy of the buffer's contents (a Float32Array or a Uint8Array, by its dtype). */
  async copyFromDevice(buffer: DeviceBuffer): Promise<Float32Array | Uint8Array> {
    return this.store.owned('memory.copyFromDevice', 'buffer', buffer).view.slice();
  }

  /** Frees the buffer's memory at once; freeing it again does nothing. A buffer of another provider is `KNHK_E_BUFFER_FOREIGN`. */
  free(buffer: DeviceBuffer): void {
    this.store.release('memory.free', buffer);
  }

  /** Host RAM, and what the live buffers of this plugin instance hold. */
  info(): MemoryInfo {
    const usage = this.store.usage();
    return {
      device: CPU_DEVICE,
      totalBytes: os.totalmem(),
      freeBytes: os.freemem(),
      allocatedBytes: usage.allocatedBytes,
      allocations: usage.allocations,
    };
  }

  /** Resolves at once: native work runs synchronously, never queued. */
  async synchronize(): Promise<void> {
    return;
  }
}
