/**
 * The `memory` capability of the opencl backend: buffers in the device's memory, from its
 * pool. Copies to the device return once the data is in the queue; copies back resolve when
 * the queued work on the buffer is done, without blocking the JS thread.
 */
import {
  type BufferDType,
  type DeviceBuffer,
  type DeviceMemory,
  type MemoryInfo,
  checkBufferDType,
  checkCopyToDevice,
  checkCount,
  inject,
  injectable,
} from '@knhk/core';
import { OpenClRuntime } from './opencl-runtime.js';

/** Device buffers of the opencl backend. */
@injectable()
export class OpenClMemory implements DeviceMemory {
  constructor(@inject(OpenClRuntime) private readonly runtime: OpenClRuntime) {}

  /**
   * A new zero-filled buffer of `length` elements on the backend's device: `KNHK_E_ARG_RANGE`
   * for a bad length, `KNHK_E_ARG_INVALID` for a bad dtype, `KNHK_E_OPENCL_OUT_OF_RESOURCES`
   * when the device (or the backend's budget) has no room.
   */
  allocate(length: number, dtype: BufferDType = 'f32'): DeviceBuffer {
    const op = 'memory.allocate';
    const type = checkBufferDType(op, dtype);
    checkCount(op, 'length', length);
    return this.runtime.buffers.allocate(op, this.runtime.primary, length, type, true);
  }

  /**
   * Copies `data` into the buffer from element `offset` on (returns once the copy is done).
   * Wrong element type: `KNHK_E_ARG_TYPE`; offset past the end: `KNHK_E_ARG_RANGE`; data that
   * does not fit: `KNHK_E_ARG_LENGTH`.
   */
  copyToDevice(buffer: DeviceBuffer, data: Float32Array | Uint8Array, offset = 0): void {
    const op = 'memory.copyToDevice';
    const target = this.runtime.buffers.owned(op, 'buffer', buffer);
    checkCopyToDevice(op, target, data, offset);
    target.owner.context.write(target.mem, offset * data.BYTES_PER_ELEMENT, data);
  }

  /** The buffer's contents once queued work on it is done (a Float32Array or a Uint8Array, by its dtype). */
  async copyFromDevice(buffer: DeviceBuffer): Promise<Float32Array | Uint8Array> {
    const source = this.runtime.buffers.owned('memory.copyFromDevice', 'buffer', buffer);
    const bytes = await source.owner.context.read(source.mem, 0, source.byteLength);
    return source.dtype === 'f32' ? new Float32Array(bytes) : new Uint8Array(bytes);
  }

  /** Frees the buffer (its memory goes back to the pool); twice is harmless. */
  free(buffer: DeviceBuffer): void {
    this.runtime.buffers.release('memory.free', buffer);
  }

  /** The device's memory, and what this backend's live buffers hold. */
  info(): MemoryInfo {
    const device = this.runtime.primary;
    const usage = this.runtime.buffers.usage();
    const pool = device.pool.usage();
    const total = device.description.globalMemBytes;
    return {
      device: device.id,
      totalBytes: total,
      freeBytes: Math.max(0, total - pool.usedBytes - pool.heldBytes),
      allocatedBytes: usage.allocatedBytes,
      allocations: usage.allocations,
    };
  }

  /** Resolves when everything queued on every opened device is done. */
  async synchronize(): Promise<void> {
    await Promise.all(this.runtime.devices.map((d) => d.context.finish()));
  }
}
