/**
 * The `memory` capability of the native SIMD backends: buffers in memory the addon owns
 * (see {@link NativeBufferStore}), which compute calls use in place. Work on them runs
 * synchronously on the calling thread and the thread pool, so there is never anything queued
 * to wait for.
 */
import { HostStoreMemory } from '@knhk/host';
import type { NativeBufferStore } from './buffer-store.js';

/** Aligned native buffers: `f32` buffers are seen as a Float32Array, `u8` buffers as a Uint8Array. */
export class NativeMemory extends HostStoreMemory {
  constructor(store: NativeBufferStore) {
    super({
      allocate: (op, length, dtype) => store.allocate(op, length, dtype),
      arrayOf: (op, name, value) => store.owned(op, name, value).view,
      release: (op, value) => store.release(op, value),
      usage: () => store.usage(),
    });
  }
}
