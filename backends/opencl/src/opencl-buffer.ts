/**
 * Buffers of the opencl backend and the registry that owns them: device memory from the
 * pool, handed out as `DeviceBuffer` handles, with the coded errors for foreign, released and
 * mistyped handles.
 */
import {
  type BufferDType,
  type DeviceBuffer,
  KnhkError,
  checkOwnedBuffer,
  isFloat32Array,
  isHandle,
  isUint8Array,
  typeName,
} from '@knhk/core';
import type { OpenClMem } from '@knhk/native';
import type { PooledBlock } from './buffer-pool.js';
import type { OpenClDevice } from './opencl-device.js';
import { attached } from './detached-input.js';

/** Provider name of the opencl backend, as every handle it creates carries it. */
export const OPENCL_PROVIDER = 'opencl';

/** Bytes per element of a dtype. */
export function elementBytes(dtype: BufferDType): number {
  return dtype === 'f32' ? 4 : 1;
}

/** A buffer in a device's memory. Create one with `memory.allocate()`. */
export class OpenClBuffer implements DeviceBuffer {
  readonly kind = 'buffer' as const;
  readonly provider = OPENCL_PROVIDER;
  readonly device: string;
  private block: PooledBlock | undefined;

  constructor(
    readonly owner: OpenClDevice,
    readonly dtype: BufferDType,
    readonly length: number,
    block: PooledBlock,
  ) {
    this.device = owner.id;
    this.block = block;
  }

  /** True once freed. */
  get released(): boolean {
    return this.block === undefined;
  }

  /** The device memory (check {@link released} first; the registry does). */
  get mem(): OpenClMem {
    if (this.block === undefined) throw new KnhkError('KNHK_E_BUFFER_RELEASED', 'opencl: the buffer was freed', {});
    return this.block.mem;
  }

  /** Bytes the buffer's elements take. */
  get byteLength(): number {
    return this.length * elementBytes(this.dtype);
  }

  /** Gives the memory back to the pool and marks the buffer released. */
  markReleased(): void {
    if (this.block === undefined) return;
    this.owner.pool.giveBack(this.block);
    this.block = undefined;
  }
}

/** The buffers one plugin instance owns. */
export class OpenClBuffers {
  private readonly created = new WeakSet<OpenClBuffer>();
  private readonly live = new Set<OpenClBuffer>();

  /** A new buffer of `length` elements on `device`, zero-filled (the fill is queued). */
  allocate(op: string, device: OpenClDevice, length: number, dtype: BufferDType, zero: boolean): OpenClBuffer {
    const bytes = length * elementBytes(dtype);
    const block = device.pool.acquire(op, bytes);
    if (zero && bytes > 0) device.context.zero(block.mem, 0, bytes);
    const buffer = new OpenClBuffer(device, dtype, length, block);
    this.created.add(buffer);
    this.live.add(buffer);
    return buffer;
  }

  /** Frees a buffer of this instance; twice is harmless. */
  release(op: string, value: unknown): void {
    const buffer = this.owned(op, 'buffer', value, true);
    if (buffer.released) return;
    this.live.delete(buffer);
    buffer.markReleased();
  }

  /** Bytes and number of live buffers, on `device` only when given. */
  usage(device?: OpenClDevice): { readonly allocatedBytes: number; readonly allocations: number } {
    let allocatedBytes = 0;
    let allocations = 0;
    for (const buffer of this.live) {
      if (device !== undefined && buffer.owner !== device) continue;
      allocatedBytes += buffer.byteLength;
      allocations++;
    }
    return { allocatedBytes, allocations };
  }

  /** Frees every live buffer (at dispose). */
  releaseAll(): void {
    for (const buffer of this.live) buffer.markReleased();
    this.live.clear();
  }

  /**
   * A live buffer of this instance: `KNHK_E_ARG_TYPE` for a value that is no buffer handle,
   * `KNHK_E_BUFFER_FOREIGN` for one of another provider or instance, `KNHK_E_BUFFER_RELEASED`
   * for a freed one (unless `allowReleased`).
   */
  owned(op: string, name: string, value: unknown, allowReleased = false): OpenClBuffer {
    return checkOwnedBuffer(
      op,
      name,
      value,
      OPENCL_PROVIDER,
      (v): v is OpenClBuffer => v instanceof OpenClBuffer && this.created.has(v),
      allowReleased,
    );
  }

  /** A Float32Array (not detached: `KNHK_E_ARG_INVALID`), or a live f32 buffer of this instance; else the coded error. */
  f32(op: string, name: string, value: unknown): Float32Array | OpenClBuffer {
    if (isFloat32Array(value)) return attached(op, name, value);
    if (!isHandle(value)) {
      throw new KnhkError(
        'KNHK_E_ARG_TYPE',
        `${op}: ${name} must be a Float32Array or an f32 opencl buffer, got ${typeName(value)}`,
        { op, name },
      );
    }
    const buffer = this.owned(op, name, value);
    if (buffer.dtype !== 'f32') {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} is a u8 buffer, an f32 buffer is needed`, { op, name });
    }
    return buffer;
  }

  /** A Uint8Array (not detached: `KNHK_E_ARG_INVALID`), or a live u8 buffer of this instance; else the coded error. */
  u8(op: string, name: string, value: unknown): Uint8Array | OpenClBuffer {
    if (isUint8Array(value)) return attached(op, name, value);
    if (!isHandle(value)) {
      throw new KnhkError(
        'KNHK_E_ARG_TYPE',
        `${op}: ${name} must be a Uint8Array or a u8 opencl buffer, got ${typeName(value)}`,
        { op, name },
      );
    }
    const buffer = this.owned(op, name, value);
    if (buffer.dtype !== 'u8') {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} is an f32 buffer, a u8 buffer is needed`, { op, name });
    }
    return buffer;
  }
}
