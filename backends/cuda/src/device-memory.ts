/**
 * The `memory` capability of the cuda backend: buffers in the primary device's memory
 * (cuMemAlloc, no pool yet). Copies to the device are queued on the backend's stream from a
 * private copy of the data, so they return at once and the caller may reuse its array; copies
 * back resolve when the queued work is done, waited for off the JS thread.
 */
import {
  type BufferDType,
  type DeviceBuffer,
  type DeviceMemory,
  type MemoryInfo,
  checkBufferDType,
  checkCopyToDevice,
  checkCount,
  checkOwnedBuffer,
  inject,
  injectable,
} from '@knhk/core';
import { CUDA_PROVIDER, CudaBuffer, elementBytes } from './cuda-buffer.js';
import { CudaRuntime } from './cuda-runtime.js';

/** Device buffers of the cuda backend, on device 0. */
@injectable()
export class CudaMemory implements DeviceMemory {
  private readonly live = new Set<CudaBuffer>();

  constructor(@inject(CudaRuntime) private readonly runtime: CudaRuntime) {}

  private owned(op: string, value: unknown): CudaBuffer {
    return checkOwnedBuffer(
      op,
      'buffer',
      value,
      CUDA_PROVIDER,
      (v): v is CudaBuffer => v instanceof CudaBuffer && this.live.has(v),
    );
  }

  /**
   * A new zero-filled buffer of `length` elements: `KNHK_E_ARG_RANGE` for a bad length,
   * `KNHK_E_ARG_INVALID` for a bad dtype, `KNHK_E_CUDA_OUT_OF_RESOURCES` when the device has no room.
   */
  allocate(length: number, dtype: BufferDType = 'f32'): DeviceBuffer {
    const op = 'memory.allocate';
    const type = checkBufferDType(op, dtype);
    checkCount(op, 'length', length);
    const { binding, context, stream, id } = this.runtime.device;
    const bytes = Math.max(1, length * elementBytes(type));
    const memory = binding.memAlloc(context, bytes);
    const zeros = new Uint8Array(bytes);
    binding.memcpyHtoDAsync(memory, 0, zeros, stream);
    this.runtime.keepUntilSynchronized(zeros);
    const buffer = new CudaBuffer(id, type, length, memory);
    this.live.add(buffer);
    return buffer;
  }

  /**
   * Queues a copy of `data` into the buffer from element `offset` on, and returns. Wrong element
   * type: `KNHK_E_ARG_TYPE`; offset past the end: `KNHK_E_ARG_RANGE`; data that does not fit:
   * `KNHK_E_ARG_LENGTH`; a detached array: `KNHK_E_ARG_INVALID`.
   */
  copyToDevice(buffer: DeviceBuffer, data: Float32Array | Uint8Array, offset = 0): void {
    const op = 'memory.copyToDevice';
    const target = this.owned(op, buffer);
    const checked = checkCopyToDevice(op, target, data, offset);
    if (checked.length === 0) return;
    const { binding, stream } = this.runtime.device;
    const copy = checked.slice();
    binding.memcpyHtoDAsync(target.memory, offset * copy.BYTES_PER_ELEMENT, copy, stream);
    this.runtime.keepUntilSynchronized(copy);
  }

  /** The buffer's contents once the queued work is done (a Float32Array or a Uint8Array, by its dtype). */
  async copyFromDevice(buffer: DeviceBuffer): Promise<Float32Array | Uint8Array> {
    const source = this.owned('memory.copyFromDevice', buffer);
    const target = source.dtype === 'f32' ? new Float32Array(source.length) : new Uint8Array(source.length);
    if (source.length > 0) {
      const { binding, stream } = this.runtime.device;
      binding.memcpyDtoHAsync(target, source.memory, 0, stream);
      this.runtime.keepUntilSynchronized(target);
    }
    await this.runtime.synchronize();
    return target;
  }

  /** Frees the buffer's device memory; twice is harmless. */
  free(buffer: DeviceBuffer): void {
    const target = checkOwnedBuffer(
      'memory.free',
      'buffer',
      buffer,
      CUDA_PROVIDER,
      (v): v is CudaBuffer => v instanceof CudaBuffer && (this.live.has(v) || v.released),
      true,
    );
    if (target.released) return;
    target.markReleased();
    this.live.delete(target);
    this.runtime.device.binding.memFree(target.memory);
  }

  /** The device's memory as the driver reports it, and what the live buffers hold. */
  info(): MemoryInfo {
    const { binding, context, id } = this.runtime.device;
    const { freeBytes, totalBytes } = binding.memGetInfo(context);
    let allocatedBytes = 0;
    for (const b of this.live) allocatedBytes += b.byteLength;
    return { device: id, totalBytes, freeBytes, allocatedBytes, allocations: this.live.size };
  }

  /** Resolves when all queued work of this backend is done. */
  synchronize(): Promise<void> {
    return this.runtime.synchronize();
  }
}
