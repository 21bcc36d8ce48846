/**
 * The bookkeeping of a device memory pool, apart from the device: blocks come in size classes
 * (powers of two from 512 bytes to 1 MiB, then multiples of 2 MiB, cuMemAlloc's large-page
 * granularity); a freed block is kept for the next request of its class instead of being
 * released, up to `keepBytes`; the pool holds at most `budgetBytes` handed out and kept
 * together. Going past the budget is `KNHK_E_CUDA_OUT_OF_RESOURCES`; when the device itself runs
 * out (`create` throws that code) the kept blocks are released and the allocation tried once
 * more. `info()` says what the pool holds. The device side is the `create` and `release` the
 * pool is given (cuMemAlloc and cuMemFree for the cuda backend); nothing here touches a device.
 */
import { KnhkError, isKnhkError } from '@knhk/core';

/** How the pool gets and gives back device memory. */
export interface PoolDevice<B> {
  /** A new block of exactly `bytes`; throws `KNHK_E_CUDA_OUT_OF_RESOURCES` when the device has no room. */
  create(bytes: number): B;
  /** Releases a block for good. */
  release(block: B): void;
}

/** Limits of a pool. */
export interface PoolLimits {
  /** Most bytes handed out and kept together. */
  readonly budgetBytes: number;
  /** Most bytes of freed blocks kept for reuse. */
  readonly keepBytes: number;
}

/** A block handed out by the pool. */
export interface PooledBlock<B> {
  readonly block: B;
  /** The block's size class: at least what was asked for. */
  readonly bytes: number;
}

/** What a pool holds. */
export interface PoolInfo {
  /** Bytes of blocks handed out (by size class). */
  readonly usedBytes: number;
  /** Bytes of freed blocks kept for reuse. */
  readonly heldBytes: number;
  readonly usedBlocks: number;
  readonly heldBlocks: number;
  /** The most `usedBytes` has been. */
  readonly peakUsedBytes: number;
  /** Allocations served from kept blocks, and by new device memory. */
  readonly reuses: number;
  readonly creations: number;
  /** Blocks given back to the device. */
  readonly releases: number;
  /** Kept blocks per size class, smallest class first. */
  readonly held: readonly { readonly bytes: number; readonly blocks: number }[];
}

const MIN_CLASS = 512;
const MIB = 1 << 20;
const LARGE_GRANULE = 2 * MIB;

/** The size class of a request of `bytes` (at least 1). */
export function poolSizeClass(bytes: number): number {
  if (bytes <= MIN_CLASS) return MIN_CLASS;
  if (bytes <= MIB) return 2 ** Math.ceil(Math.log2(bytes));
  return Math.ceil(bytes / LARGE_GRANULE) * LARGE_GRANULE;
}

/** The pooled device memory of one device. */
export class DeviceMemoryPool<B> {
  private readonly kept = new Map<number, B[]>();
  private readonly handedOut = new Set<PooledBlock<B>>();
  private used = 0;
  private heldTotal = 0;
  private peak = 0;
  private reused = 0;
  private created = 0;
  private released = 0;

  constructor(
    private readonly device: PoolDevice<B>,
    private readonly limits: PoolLimits,
  ) {}

  /** A block of at least `bytes` (one byte when 0) for operation `op`. */
  allocate(op: string, bytes: number): PooledBlock<B> {
    const size = poolSizeClass(Math.max(bytes, 1));
    const reuse = this.kept.get(size)?.pop();
    if (reuse !== undefined) {
      this.heldTotal -= size;
      this.reused += 1;
      return this.handOut(reuse, size);
    }
    if (this.used + this.heldTotal + size > this.limits.budgetBytes) this.trim();
    if (this.used + size > this.limits.budgetBytes) {
      throw new KnhkError(
        'KNHK_E_CUDA_OUT_OF_RESOURCES',
        `${op}: ${size} more bytes would pass the cuda memory pool's budget of ${this.limits.budgetBytes} bytes (${this.used} in use); free buffers or use smaller sizes`,
        { op, bytes: size, budgetBytes: this.limits.budgetBytes, usedBytes: this.used },
      );
    }
    const block = this.create(size);
    this.created += 1;
    return this.handOut(block, size);
  }

  /** Takes a block back: kept for reuse, or released when the pool keeps enough. Twice is harmless. */
  free(pooled: PooledBlock<B>): void {
    if (!this.handedOut.delete(pooled)) return;
    this.used -= pooled.bytes;
    if (this.heldTotal + pooled.bytes > this.limits.keepBytes) {
      this.releaseBlock(pooled.block);
      return;
    }
    const list = this.kept.get(pooled.bytes) ?? [];
    list.push(pooled.block);
    this.kept.set(pooled.bytes, list);
    this.heldTotal += pooled.bytes;
  }

  /** Releases every kept block; returns the bytes released. */
  trim(): number {
    const bytes = this.heldTotal;
    for (const list of this.kept.values()) for (const block of list) this.releaseBlock(block);
    this.kept.clear();
    this.heldTotal = 0;
    return bytes;
  }

  /** What the pool holds. */
  info(): PoolInfo {
    const held = [...this.kept.entries()]
      .filter(([, list]) => list.length > 0)
      .map(([bytes, list]) => ({ bytes, blocks: list.length }))
      .sort((x, y) => x.bytes - y.bytes);
    return {
      usedBytes: this.used,
      heldBytes: this.heldTotal,
      usedBlocks: this.handedOut.size,
      heldBlocks: held.reduce((n, c) => n + c.blocks, 0),
      peakUsedBytes: this.peak,
      reuses: this.reused,
      creations: this.created,
      releases: this.released,
      held,
    };
  }

  private handOut(block: B, bytes: number): PooledBlock<B> {
    const pooled = { block, bytes };
    this.handedOut.add(pooled);
    this.used += bytes;
    this.peak = Math.max(this.peak, this.used);
    return pooled;
  }

  private releaseBlock(block: B): void {
    this.device.release(block);
    this.released += 1;
  }

  private create(size: number): B {
    try {
      return this.device.create(size);
    } catch (error) {
      if (!isKnhkError(error, 'KNHK_E_CUDA_OUT_OF_RESOURCES') || this.heldTotal === 0) throw error;
      this.trim();
      return this.device.create(size);
    }
  }
}
