/** A buffer of the cuda backend: device memory of the opened context, with its length and element type. */
import type { BufferDType, DeviceBuffer } from '@knhk/core';
import type { CudaMemory as CudaMemoryHandle } from '@knhk/native';

/** The provider name buffers carry. */
export const CUDA_PROVIDER = 'cuda';

/** Bytes per element. */
export function elementBytes(dtype: BufferDType): number {
  return dtype === 'f32' ? 4 : 1;
}

/** A buffer in a CUDA device's memory. Create one with `memory.allocate()`. */
export class CudaBuffer implements DeviceBuffer {
  readonly kind = 'buffer' as const;
  readonly provider = CUDA_PROVIDER;
  private freed = false;

  constructor(
    readonly device: string,
    readonly dtype: BufferDType,
    readonly length: number,
    /** The device memory (at least one byte, so an empty buffer has memory too). */
    readonly memory: CudaMemoryHandle,
  ) {}

  /** True once freed. */
  get released(): boolean {
    return this.freed;
  }

  /** Bytes the buffer's elements take. */
  get byteLength(): number {
    return this.length * elementBytes(this.dtype);
  }

  /** Marks the buffer freed (the caller frees the memory). */
  markReleased(): void {
    this.freed = true;
  }
}
