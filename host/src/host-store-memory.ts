/**
 * The `memory` capability over buffers in host memory ({@link HostStoreMemory}), for any
 * backend whose buffers are host arrays it computes on in place: the cpu backend and the
 * native SIMD backends. Work on them runs synchronously, so there is never anything queued
 * to wait for.
 */
import os from 'node:os';
import {
  type BufferDType,
  type DeviceBuffer,
  type DeviceMemory,
  type MemoryInfo,
  checkBufferDType,
  checkCopyToDevice,
} from '@knhk/core';
import { CPU_DEVICE } from './host-device.js';

/** What {@link HostStoreMemory} needs of a store of host buffers. */
export interface HostBufferStore {
  /** A new zero-filled buffer (coded errors for a bad length). */
  allocate(op: string, length: number, dtype: BufferDType): DeviceBuffer;
  /** The array behind a live buffer of this store (coded errors for anything else). */
  arrayOf(op: string, name: string, value: unknown): Float32Array | Uint8Array;
  /** Frees a buffer of this store; again does nothing. */
  release(op: string, value: unknown): void;
  usage(): { readonly allocatedBytes: number; readonly allocations: number };
}

/** Host-memory buffers: `f32` buffers are seen as a Float32Array, `u8` buffers as a Uint8Array. */
export class HostStoreMemory implements DeviceMemory {
  constructor(private readonly store: HostBufferStore) {}

  /** A new zero-filled buffer of `length` elements (`KNHK_E_ARG_RANGE` for a bad length, `KNHK_E_ARG_INVALID` for a bad dtype). */
  allocate(length: number, dtype: BufferDType = 'f32'): DeviceBuffer {
    const op = 'memory.allocate';
    return this.store.allocate(op, length, checkBufferDType(op, dtype));
  }

  /**
   * Copies `data` into the buffer from element `offset` on. `data` must have the buffer's
   * element type (`KNHK_E_ARG_TYPE`); an offset past the end is `KNHK_E_ARG_RANGE` and data
   * that does not fit from the offset is `KNHK_E_ARG_LENGTH`.
   */
  copyToDevice(buffer: DeviceBuffer, data: Float32Array | Uint8Array, offset = 0): void {
    const op = 'memory.copyToDevice';
    const target = this.store.arrayOf(op, 'buffer', buffer);
    const dtype = target instanceof Float32Array ? 'f32' : 'u8';
    target.set(checkCopyToDevice(op, { dtype, length: target.length }, data, offset), offset);
  }

  /** A copy of the buffer's contents (a Float32Array or a Uint8Array, by its dtype). */
  async copyFromDevice(buffer: DeviceBuffer): Promise<Float32Array | Uint8Array> {
    return this.store.arrayOf('memory.copyFromDevice', 'buffer', buffer).slice();
  }

  /** Frees the buffer's memory; freeing it again does nothing. A buffer of another provider is `KNHK_E_BUFFER_FOREIGN`. */
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

  /** Resolves at once: work on host buffers is never queued. */
  async synchronize(): Promise<void> {
    return;
  }
}
