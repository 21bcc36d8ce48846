/**
 * The plugin of a native SIMD backend (avx2, avx512): every compute capability on the kernels
 * of one ISA, with device buffers in addon-owned memory. Each plugin instance
 * has its own {@link NativeBufferStore}; the thread pool is the addon's, one per process.
 */
import {
  type CapabilityProviders,
  type DependencyContainer,
  type KnhkPlugin,
  type PluginContext,
  defineBackend,
} from '@knhk/core';
import type { NativeAddon, NativeKernels } from './addon-types.js';
import { NativeBufferStore } from './buffer-store.js';
import { type SimdIsa, detectNative, nativeAddon, nativeKernels } from './detect.js';
import { NativeMemory } from './device-memory.js';
import { NativeMatmul } from './matmul.js';
import { NativeNeuralTraining } from './neural-training.js';
import { NativePatternMatcher } from './pattern-matcher.js';
import { NativeReductions } from './reductions.js';
import { configureThreads } from './threads.js';
import { NativeVectorOps } from './vector-ops.js';

/** What distinguishes one native backend from another. */
export interface NativeBackendDefinition {
  /** The plugin's name, which its buffers and models carry (e.g. "avx2"). */
  readonly name: string;
  readonly version: string;
  /** The ISA whose kernels it runs. */
  readonly isa: SimdIsa;
  readonly priority: number;
  readonly description: string;
}

/**
 * The capability providers over one kernel table: `vector`, `reduce`, `matmul`, `mlp`,
 * `pattern` and `memory`. They resolve the plugin instance's {@link NativeBufferStore}, which
 * {@link registerNativeStore} registers. `kernels` is called when a provider is made.
 */
export function nativeProviders(name: string, kernels: () => NativeKernels): CapabilityProviders {
  const store = (container: DependencyContainer): NativeBufferStore => container.resolve(NativeBufferStore);
  return {
    vector: { useFactory: (c) => new NativeVectorOps(kernels(), store(c)) },
    reduce: { useFactory: (c) => new NativeReductions(kernels(), store(c)) },
    matmul: { useFactory: (c) => new NativeMatmul(kernels(), store(c)) },
    mlp: { useFactory: () => new NativeNeuralTraining(kernels(), name) },
    pattern: { useFactory: (c) => new NativePatternMatcher(kernels(), name, store(c)) },
    memory: { useFactory: (c) => new NativeMemory(store(c)) },
  };
}

/** Registers a plugin instance's buffer store (its buffers carry `name`). */
export function registerNativeStore(container: DependencyContainer, name: string, addon: NativeAddon): void {
  container.register(NativeBufferStore, { useValue: new NativeBufferStore(name, addon) });
}

/**
 * A backend plugin providing `vector`, `reduce`, `matmul`, `mlp`, `pattern` and `memory` on the native
 * kernels of `definition.isa`. `detect()` reports the build error or the missing CPU flags;
 * `init()` applies the `threads` option or `KNHK_THREADS` (see threads.ts).
 */
export function defineNativeBackend(definition: NativeBackendDefinition): KnhkPlugin {
  const { name, isa } = definition;
  return defineBackend({
    name,
    version: definition.version,
    priority: definition.priority,
    description: definition.description,
    providers: nativeProviders(name, () => nativeKernels(isa)),
    detect: () => detectNative(isa),
    register: (container: DependencyContainer) => registerNativeStore(container, name, nativeAddon(isa)),
    init: (context: PluginContext) =>
      configureThreads(nativeAddon(isa), context.options.threads, process.env.KNHK_THREADS),
  });
}
