/**
 * Host buffers of the cpu backend and the service that owns them.
 *
 * Every capability class of one plugin instance shares one {@link CpuHostMemory} (a
 * singleton in the plugin's container). It creates the buffers, remembers which ones it
 * created, and turns an operation's `F32Input` (a Float32Array or one of its buffers) into
 * the host array to compute on, with the coded errors for foreign, released and mistyped
 * handles.
 */
import {
  type BufferDType,
  type DeviceBuffer,
  KnhkError,
  checkOwnedBuffer,
  injectable,
  isFloat32Array,
  isHandle,
  isUint8Array,
  typeName,
} from '@knhk/core';
import { CPU_DEVICE, allocateArray } from '@knhk/host';

/** Provider name of the cpu backend, as every handle it creates carries it. */
export const CPU_PROVIDER = 'cpu';

/** A host array a buffer can hold. */
export type HostArray = Float32Array | Uint8Array;

const EMPTY_F32 = new Float32Array(0);
const EMPTY_U8 = new Uint8Array(0);

/**
 * A buffer of the cpu backend: a Float32Array (`f32`) or Uint8Array (`u8`) in host memory.
 * Create one with `memory.allocate()`; buffers made any other way are foreign to every
 * plugin instance.
 */
export class CpuBuffer implements DeviceBuffer {
  readonly kind = 'buffer' as const;
  readonly provider = CPU_PROVIDER;
  readonly device = CPU_DEVICE;
  readonly dtype: BufferDType;
  readonly length: number;
  private arrayValue: HostArray;
  private releasedValue = false;

  constructor(array: HostArray) {
    this.dtype = array instanceof Float32Array ? 'f32' : 'u8';
    this.length = array.length;
    this.arrayValue = array;
  }

  /** True once freed. */
  get released(): boolean {
    return this.releasedValue;
  }

  /** The host array (empty once released). Operations reach it through {@link CpuHostMemory}, which checks the handle first. */
  get array(): HostArray {
    return this.arrayValue;
  }

  /** Bytes the buffer holds. */
  get byteLength(): number {
    return this.length * (this.dtype === 'f32' ? 4 : 1);
  }

  /** Marks the buffer released and drops its array. Called by {@link CpuHostMemory.release}. */
  markReleased(): void {
    this.releasedValue = true;
    this.arrayValue = this.dtype === 'f32' ? EMPTY_F32 : EMPTY_U8;
  }
}

/** The buffers one plugin instance of the cpu backend owns. */
@injectable()
export class CpuHostMemory {
  private readonly created = new WeakSet<CpuBuffer>();
  private readonly live = new Set<CpuBuffer>();

  /** A new zero-filled buffer of `length` elements. */
  allocate(op: string, length: number, dtype: BufferDType): CpuBuffer {
    return this.adopt(allocateArray(op, 'buffer', length, dtype));
  }

  /** A new buffer that takes over `array` (the caller must not keep using it). */
  adopt(array: HostArray): CpuBuffer {
    const buffer = new CpuBuffer(array);
    this.created.add(buffer);
    this.live.add(buffer);
    return buffer;
  }

  /** Frees a buffer of this instance; freeing it again does nothing. */
  release(op: string, value: unknown): void {
    const buffer = this.owned(op, 'buffer', value, { allowReleased: true });
    if (buffer.released) return;
    this.live.delete(buffer);
    buffer.markReleased();
  }

  /** Bytes and number of the live buffers. */
  usage(): { readonly allocatedBytes: number; readonly allocations: number } {
    let allocatedBytes = 0;
    for (const buffer of this.live) allocatedBytes += buffer.byteLength;
    return { allocatedBytes, allocations: this.live.size };
  }

  /**
   * A live buffer of this instance. Throws `KNHK_E_ARG_TYPE` for a value that is no buffer
   * handle, `KNHK_E_BUFFER_FOREIGN` for a buffer of another provider or instance and
   * `KNHK_E_BUFFER_RELEASED` for a freed one (unless `allowReleased`).
   */
  owned(op: string, name: string, value: unknown, options: { readonly allowReleased?: boolean } = {}): CpuBuffer {
    return checkOwnedBuffer(
      op,
      name,
      value,
      CPU_PROVIDER,
      (v): v is CpuBuffer => v instanceof CpuBuffer && this.created.has(v),
      options.allowReleased === true,
    );
  }

  /** The Float32Array behind an f32 input: the array itself or the array of a live f32 buffer of this instance. */
  f32(op: string, name: string, value: unknown): Float32Array {
    if (isFloat32Array(value)) return value;
    if (!isHandle(value)) {
      throw new KnhkError(
        'KNHK_E_ARG_TYPE',
        `${op}: ${name} must be a Float32Array or an f32 cpu buffer, got ${typeName(value)}`,
        { op, name },
      );
    }
    const buffer = this.owned(op, name, value);
    if (!(buffer.array instanceof Float32Array)) {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} is a u8 buffer, an f32 buffer is needed`, { op, name });
    }
    return buffer.array;
  }

  /** The Uint8Array behind a byte input: the array itself or the array of a live u8 buffer of this instance. */
  u8(op: string, name: string, value: unknown): Uint8Array {
    if (isUint8Array(value)) return value;
    if (!isHandle(value)) {
      throw new KnhkError(
        'KNHK_E_ARG_TYPE',
        `${op}: ${name} must be a Uint8Array or a u8 cpu buffer, got ${typeName(value)}`,
        {
          op,
          name,
        },
      );
    }
    const buffer = this.owned(op, name, value);
    if (!(buffer.array instanceof Uint8Array)) {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} is an f32 buffer, a u8 buffer is needed`, { op, name });
    }
    return buffer.array;
  }
}
