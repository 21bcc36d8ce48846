/**
 * The `memory` capability of the cpu backend: its host buffers through `@knhk/host`'s
 * {@link HostStoreMemory}.
 */
import { injectable } from '@knhk/core';
import { HostStoreMemory } from '@knhk/host';
import { CpuHostMemory } from './host-memory.js';

/** The cpu backend's buffers: host arrays of this plugin instance ({@link CpuHostMemory}). */
@injectable()
export class CpuMemory extends HostStoreMemory {
  constructor(host: CpuHostMemory) {
    super({
      allocate: (op, length, dtype) => host.allocate(op, length, dtype),
      arrayOf: (op, name, value) => host.owned(op, name, value).array,
      release: (op, value) => host.release(op, value),
      usage: () => host.usage(),
    });
  }
}
