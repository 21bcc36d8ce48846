/**
 * The device buffers of a native SIMD backend: memory the addon owns (64-byte aligned,
 * zero-filled; see src/binding/buffer_binding.cc), seen from JS through one typed-array view
 * per buffer. Compute calls take a buffer's view directly, so repeated calls on buffers never
 * copy or re-marshal their data. Freeing a buffer detaches its memory (the view becomes
 * empty) and frees it at once.
 *
 * One {@link NativeBufferStore} per plugin instance creates the buffers, remembers which it
 * created, and turns an operation's input (a typed array or one of its buffers) into the
 * array to compute on, with the coded errors for foreign, released and mistyped handles.
 */
import {
  type BufferDType,
  type DeviceBuffer,
  KnhkError,
  checkOwnedBuffer,
  checkCount,
  isFloat32Array,
  isHandle,
  isUint8Array,
  typeName,
} from '@knhk/core';
import { CPU_DEVICE } from '@knhk/host';
import type { NativeAddon } from './addon-types.js';

/** A view a buffer can have. */
export type NativeView = Float32Array | Uint8Array;

const EMPTY_F32 = new Float32Array(0);
const EMPTY_U8 = new Uint8Array(0);

/** A buffer in addon-owned memory. Create one with `memory.allocate()` of a native backend. */
export class NativeBuffer implements DeviceBuffer {
  readonly kind = 'buffer' as const;
  readonly device = CPU_DEVICE;
  private viewValue: NativeView;
  private memoryValue: ArrayBuffer | undefined;

  /**
   * @param memory the block from `allocateMemory`; @param memoryId its id (`memoryId`), by
   * which small calls name the buffer instead of passing its view; @param store the store
   * that made it.
   */
  constructor(
    readonly provider: string,
    readonly dtype: BufferDType,
    readonly length: number,
    memory: ArrayBuffer,
    readonly memoryId: number,
    readonly store: NativeBufferStore,
  ) {
    this.memoryValue = memory;
    this.viewValue = dtype === 'f32' ? new Float32Array(memory, 0, length) : new Uint8Array(memory, 0, length);
  }

  /** True once freed. */
  get released(): boolean {
    return this.memoryValue === undefined;
  }

  /** The view of the buffer's memory (empty once released). Operations reach it through the store, which checks the handle first. */
  get view(): NativeView {
    return this.viewValue;
  }

  /** Bytes the buffer holds. */
  get byteLength(): number {
    return this.length * (this.dtype === 'f32' ? 4 : 1);
  }

  /** Marks the buffer released and hands back its memory, for the store to free. */
  takeMemory(): ArrayBuffer | undefined {
    const memory = this.memoryValue;
    this.memoryValue = undefined;
    this.viewValue = this.dtype === 'f32' ? EMPTY_F32 : EMPTY_U8;
    return memory;
  }
}

/** The buffers one plugin instance of a native backend owns. */
export class NativeBufferStore {
  private readonly created = new WeakSet<NativeBuffer>();
  private readonly live = new Set<NativeBuffer>();

  /** @param provider the backend's name, which its buffers carry; @param addon the loaded addon. */
  constructor(
    readonly provider: string,
    private readonly addon: NativeAddon,
  ) {}

  /**
   * A new zero-filled buffer of `length` elements: `KNHK_E_ARG_RANGE` for a bad length,
   * `KNHK_E_BUFFER_TOO_LARGE` when the memory cannot be had (the addon's allocation failed).
   */
  allocate(op: string, length: number, dtype: BufferDType): NativeBuffer {
    checkCount(op, 'buffer length', length);
    const bytes = length * (dtype === 'f32' ? 4 : 1);
    if (!Number.isSafeInteger(bytes)) {
      throw new KnhkError('KNHK_E_ARG_RANGE', `${op}: a buffer of ${length} ${dtype} elements is too large`, { op });
    }
    const memory = this.allocateBytes(op, bytes, length, dtype);
    const buffer = new NativeBuffer(this.provider, dtype, length, memory, this.addon.memoryId(memory), this);
    this.created.add(buffer);
    this.live.add(buffer);
    return buffer;
  }

  /** The addon's block of `bytes`; its allocation failure (a coded Error) as `KNHK_E_BUFFER_TOO_LARGE`. */
  private allocateBytes(op: string, bytes: number, length: number, dtype: BufferDType): ArrayBuffer {
    try {
      return this.addon.allocateMemory(bytes);
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== 'KNHK_E_ARG_RANGE') throw error;
      const usage = this.usage();
      throw new KnhkError(
        'KNHK_E_BUFFER_TOO_LARGE',
        `${op}: cannot allocate ${length} ${dtype} elements (${bytes} bytes) in host memory; ${this.provider} buffers already hold ${usage.allocatedBytes} bytes in ${usage.allocations} allocations`,
        { op, bytes },
      );
    }
  }

  /** Frees a buffer of this instance; freeing it again does nothing. */
  release(op: string, value: unknown): void {
    const buffer = this.owned(op, 'buffer', value, { allowReleased: true });
    const memory = buffer.takeMemory();
    if (memory === undefined) return;
    this.live.delete(buffer);
    this.addon.releaseMemory(memory);
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
  owned(op: string, name: string, value: unknown, options: { readonly allowReleased?: boolean } = {}): NativeBuffer {
    return checkOwnedBuffer(
      op,
      name,
      value,
      this.provider,
      (v): v is NativeBuffer => v instanceof NativeBuffer && this.created.has(v),
      options.allowReleased === true,
    );
  }

  /** True for a live f32 buffer of this instance: its memoryId may stand for it in a kernel call. */
  isLiveF32(value: unknown): value is NativeBuffer {
    return value instanceof NativeBuffer && value.store === this && value.dtype === 'f32' && !value.released;
  }

  /** The Float32Array behind an f32 input: the array itself or the view of a live f32 buffer of this instance. */
  f32(op: string, name: string, value: unknown): Float32Array {
    if (isFloat32Array(value)) return value;
    if (!isHandle(value)) {
      throw new KnhkError(
        'KNHK_E_ARG_TYPE',
        `${op}: ${name} must be a Float32Array or an f32 ${this.provider} buffer, got ${typeName(value)}`,
        { op, name },
      );
    }
    const view = this.owned(op, name, value).view;
    if (!(view instanceof Float32Array)) {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} is a u8 buffer, an f32 buffer is needed`, { op, name });
    }
    return view;
  }

  /** The Uint8Array behind a byte input: the array itself or the view of a live u8 buffer of this instance. */
  u8(op: string, name: string, value: unknown): Uint8Array {
    if (isUint8Array(value)) return value;
    if (!isHandle(value)) {
      throw new KnhkError(
        'KNHK_E_ARG_TYPE',
        `${op}: ${name} must be a Uint8Array or a u8 ${this.provider} buffer, got ${typeName(value)}`,
        { op, name },
      );
    }
    const view = this.owned(op, name, value).view;
    if (!(view instanceof Uint8Array)) {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} is an f32 buffer, a u8 buffer is needed`, { op, name });
    }
    return view;
  }
}
