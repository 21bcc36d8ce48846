/**
 * The `memory` capability of the opencl backend: buffers in a device's memory, from its
 * pool. `allocate()` places buffers on the primary device; `on(deviceId)` gives the same
 * interface for any other opened device. Copies to the device return once the data is in the
 * queue; copies back resolve when the queued work on the buffer is done, without blocking the
 * JS thread.
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
import type { OpenClDeviceDescription } from '@knhk/native';
import { attached } from './detached-input.js';
import type { OpenClDevice } from './opencl-device.js';
import { OpenClRuntime } from './opencl-runtime.js';

/** An opened device as `OpenClMemory.devices()` lists it. */
export interface OpenClDeviceEntry {
  /** `opencl:<platform>:<device>`, as `on()` and the buffers' `device` take it. */
  readonly id: string;
  /** True for the device that `allocate()` and calls on host arrays use. */
  readonly primary: boolean;
  /** Name, type, compute units, memory and extensions. */
  readonly description: OpenClDeviceDescription;
}

/**
 * Buffers on one opened device. Get one with `OpenClMemory.on(deviceId)`; `copyToDevice`,
 * `copyFromDevice` and `free` take a buffer of any device of the backend.
 */
export class OpenClDeviceMemory implements DeviceMemory {
  constructor(
    protected readonly runtime: OpenClRuntime,
    private readonly place: () => OpenClDevice,
  ) {}

  /**
   * A new zero-filled buffer of `length` elements on this device: `KNHK_E_ARG_RANGE` for a
   * bad length, `KNHK_E_ARG_INVALID` for a bad dtype, `KNHK_E_OPENCL_OUT_OF_RESOURCES` when
   * the device (or the backend's budget) has no room.
   */
  allocate(length: number, dtype: BufferDType = 'f32'): DeviceBuffer {
    const op = 'memory.allocate';
    const type = checkBufferDType(op, dtype);
    checkCount(op, 'length', length);
    return this.runtime.buffers.allocate(op, this.place(), length, type, true);
  }

  /**
   * Copies `data` into the buffer from element `offset` on (returns once the copy is done).
   * Wrong element type: `KNHK_E_ARG_TYPE`; offset past the end: `KNHK_E_ARG_RANGE`; data that
   * does not fit: `KNHK_E_ARG_LENGTH`; a detached array: `KNHK_E_ARG_INVALID`.
   */
  copyToDevice(buffer: DeviceBuffer, data: Float32Array | Uint8Array, offset = 0): void {
    const op = 'memory.copyToDevice';
    const target = this.runtime.buffers.owned(op, 'buffer', buffer);
    if (ArrayBuffer.isView(data)) attached(op, 'data', data);
    checkCopyToDevice(op, target, data, offset);
    target.owner.context.write(target.mem, offset * data.BYTES_PER_ELEMENT, data);
  }

  /** The buffer's contents once queued work on it is done (a Float32Array or a Uint8Array, by its dtype). */
  async copyFromDevice(buffer: DeviceBuffer): Promise<Float32Array | Uint8Array> {
    const source = this.runtime.buffers.owned('memory.copyFromDevice', 'buffer', buffer);
    const bytes = await source.owner.context.read(source.mem, 0, source.byteLength);
    return source.dtype === 'f32' ? new Float32Array(bytes) : new Uint8Array(bytes);
  }

  /** Frees the buffer (its memory goes back to its device's pool); twice is harmless. */
  free(buffer: DeviceBuffer): void {
    this.runtime.buffers.release('memory.free', buffer);
  }

  /** This device's memory, and what the backend's live buffers on it hold. */
  info(): MemoryInfo {
    const device = this.place();
    const usage = this.runtime.buffers.usage(device);
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

/**
 * Device buffers of the opencl backend, on the primary device; with several devices opened
 * (the `devices` option), `devices()` lists them and `on(id)` allocates on any of them:
 *
 * ```ts
 * const memory = framework.backend('opencl').get('memory') as OpenClMemory;
 * const second = memory.on(memory.devices()[1].id);
 * const x = second.allocate(1024); // compute on x runs on that device
 * ```
 */
@injectable()
export class OpenClMemory extends OpenClDeviceMemory {
  constructor(@inject(OpenClRuntime) runtime: OpenClRuntime) {
    super(runtime, () => runtime.primary);
  }

  /** Every opened device, the primary first. */
  devices(): OpenClDeviceEntry[] {
    const primary = this.runtime.primary;
    return this.runtime.devices.map((d) => ({ id: d.id, primary: d === primary, description: d.description }));
  }

  /**
   * The memory of the opened device `deviceId` (an id from {@link devices}): buffers it
   * allocates live there, and compute on them runs there. An id that is not opened is
   * `KNHK_E_ARG_INVALID` naming the opened ones.
   */
  on(deviceId: string): OpenClDeviceMemory {
    const device = this.runtime.device('memory.on', deviceId);
    return new OpenClDeviceMemory(this.runtime, () => device);
  }
}
