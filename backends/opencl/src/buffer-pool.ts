/**
 * Pooled device memory of one device. Blocks come in size classes (powers of two from 256
 * bytes, multiples of 1 MiB above 1 MiB); a returned block is kept for the next request of its
 * class instead of being released, up to a cap. The pool enforces the backend's memory budget
 * (`maxBufferBytes`) and the device's largest allocation: going past either is
 * `KNHK_E_OPENCL_OUT_OF_RESOURCES`, as is the device running out (after the pool was emptied
 * and the allocation tried again).
 */
import { KnhkError, isKnhkError } from '@knhk/core';
import type { OpenClContextHandle, OpenClMem } from '@knhk/native';

/** A block of device memory from the pool. */
export interface PooledBlock {
  readonly mem: OpenClMem;
  /** Bytes of the block (its size class, at least what was asked for). */
  readonly bytes: number;
}

/** Limits of a pool. */
export interface PoolLimits {
  /** Most bytes handed out and held together. */
  readonly budgetBytes: number;
  /** Largest single allocation the device allows. */
  readonly maxAllocBytes: number;
  /** Most bytes of free blocks kept for reuse. */
  readonly keepBytes: number;
}

const MIN_CLASS = 256;
const MIB = 1 << 20;

/** The size class of a request of `bytes`. */
export function sizeClass(bytes: number): number {
  if (bytes <= MIN_CLASS) return MIN_CLASS;
  if (bytes <= MIB) return 2 ** Math.ceil(Math.log2(bytes));
  return Math.ceil(bytes / MIB) * MIB;
}

function outOfResources(op: string, message: string, details: Record<string, unknown>): KnhkError {
  return new KnhkError('KNHK_E_OPENCL_OUT_OF_RESOURCES', `${op}: ${message}`, { op, ...details });
}

/** The pooled device memory of one context. */
export class BufferPool {
  private readonly free = new Map<number, OpenClMem[]>();
  private heldBytes = 0;
  private usedBytes = 0;

  constructor(
    private readonly context: OpenClContextHandle,
    private readonly limits: PoolLimits,
  ) {}

  /** A block of at least `bytes` (one byte when 0). */
  acquire(op: string, bytes: number): PooledBlock {
    const size = sizeClass(Math.max(bytes, 1));
    if (size > this.limits.maxAllocBytes) {
      throw outOfResources(
        op,
        `${bytes} bytes is more than the device allows in one buffer (${this.limits.maxAllocBytes}); use smaller buffers`,
        { bytes },
      );
    }
    const reused = this.free.get(size)?.pop();
    if (reused !== undefined) {
      this.heldBytes -= size;
      this.usedBytes += size;
      return { mem: reused, bytes: size };
    }
    if (this.usedBytes + this.heldBytes + size > this.limits.budgetBytes) this.drain();
    if (this.usedBytes + size > this.limits.budgetBytes) {
      throw outOfResources(
        op,
        `${size} more bytes would pass the opencl backend's budget of ${this.limits.budgetBytes} bytes (${this.usedBytes} in use); free buffers or raise maxBufferBytes`,
        { bytes: size, budgetBytes: this.limits.budgetBytes, usedBytes: this.usedBytes },
      );
    }
    const mem = this.create(size);
    this.usedBytes += size;
    return { mem, bytes: size };
  }

  /** Takes a block back for reuse (or releases it when the pool holds enough). */
  giveBack(block: PooledBlock): void {
    this.usedBytes -= block.bytes;
    if (this.heldBytes + block.bytes > this.limits.keepBytes) {
      this.context.releaseBuffer(block.mem);
      return;
    }
    const list = this.free.get(block.bytes) ?? [];
    list.push(block.mem);
    this.free.set(block.bytes, list);
    this.heldBytes += block.bytes;
  }

  /** Bytes handed out and bytes kept for reuse. */
  usage(): { readonly usedBytes: number; readonly heldBytes: number } {
    return { usedBytes: this.usedBytes, heldBytes: this.heldBytes };
  }

  /** Releases every kept block. */
  drain(): void {
    for (const list of this.free.values()) for (const mem of list) this.context.releaseBuffer(mem);
    this.free.clear();
    this.heldBytes = 0;
  }

  private create(size: number): OpenClMem {
    try {
      return this.context.createBuffer(size);
    } catch (error) {
      if (!isKnhkError(error, 'KNHK_E_OPENCL_OUT_OF_RESOURCES') || this.heldBytes === 0) throw error;
      this.drain();
      return this.context.createBuffer(size);
    }
  }
}
