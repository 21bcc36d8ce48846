import type { BufferDType, DeviceBuffer } from './handles.js';

/** A device a provider found. */
export interface DeviceInfo {
  /** Stable id within the provider, e.g. "cpu0" or "opencl:0:1". */
  readonly id: string;
  /** Human-readable name, e.g. the CPU model. */
  readonly name: string;
  readonly type: 'cpu' | 'gpu' | 'fpga' | 'accelerator';
  readonly computeUnits?: number;
  readonly memoryBytes?: number;
  /** Instruction-set or driver features that matter for selection (e.g. "avx2", "fma"). */
  readonly features?: readonly string[];
  /** True when this is an emulation of the hardware (never selected for production work). */
  readonly emulated?: boolean;
}

/** Memory accounting of one provider. */
export interface MemoryInfo {
  readonly device: string;
  /** Total bytes of the device (host RAM for host providers). */
  readonly totalBytes: number;
  /** Free bytes of the device as far as the provider can tell. */
  readonly freeBytes: number;
  /** Bytes held by live buffers of this provider. */
  readonly allocatedBytes: number;
  /** Number of live buffers. */
  readonly allocations: number;
}

/**
 * Device memory. Buffers stay with their provider across calls; compute calls that take a
 * buffer run on its provider and may be queued, so reading back is asynchronous.
 */
export interface DeviceMemory {
  /** A new zero-filled buffer of `length` elements. */
  allocate(length: number, dtype?: BufferDType): DeviceBuffer;
  /**
   * Copies host data into the buffer, starting at element `offset` (default 0): an offset
   * past the end is `KNHK_E_ARG_RANGE`; data that does not fit from it, `KNHK_E_ARG_LENGTH`;
   * data of the wrong element type, `KNHK_E_ARG_TYPE`.
   */
  copyToDevice(buffer: DeviceBuffer, data: Float32Array | Uint8Array, offset?: number): void;
  /** Copies the buffer back to the host once all queued work on it is done; errors reject the promise. */
  copyFromDevice(buffer: DeviceBuffer): Promise<Float32Array | Uint8Array>;
  /** Releases the buffer; releasing twice is harmless. */
  free(buffer: DeviceBuffer): void;
  info(): MemoryInfo;
  /** Resolves when all queued work of this provider is done. */
  synchronize(): Promise<void>;
}
