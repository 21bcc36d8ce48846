/**
 * The plugin of a native SIMD backend (avx2, avx512, neon): the kernels of one ISA, registered
 * one file per kernel family (`registrations/`), with device buffers in addon-owned memory.
 * Each plugin instance has its own {@link NativeRuntime} (kernel table, buffer store and the
 * family implementations); the thread pool is the addon's, one per process.
 */
import { type DependencyContainer, type KnhkPlugin, type PluginContext, defineBackend } from '@knhk/core';
import { type SimdIsa, detectNative, nativeAddon } from './detect.js';
import { registerNativeRuntime } from './registrations/native-runtime.js';
import {
  type NativeKernelFamily,
  NATIVE_KERNEL_FAMILIES,
  registerAllKernels,
} from './registrations/register-all-kernels.js';
import { configureThreads } from './threads.js';

/** What distinguishes one native backend from another. */
export interface NativeBackendDefinition {
  /** The plugin's name, which its buffers and models carry (e.g. "avx2"). */
  readonly name: string;
  readonly version: string;
  /** The ISA whose kernels it runs. */
  readonly isa: SimdIsa;
  readonly priority: number;
  readonly description: string;
  /** The kernel families it registers; default all of them. */
  readonly families?: readonly NativeKernelFamily[];
}

/**
 * A backend plugin registering the native kernels of `definition.isa` (the families of
 * `definition.families`, default every one: vector, reduce, matmul, mlp, pattern and memory).
 * `detect()` reports the build error or the missing CPU flags; `init()` applies the `threads`
 * option or `KNHK_THREADS` (see threads.ts).
 */
export function defineNativeBackend(definition: NativeBackendDefinition): KnhkPlugin {
  const { name, isa } = definition;
  return defineBackend({
    name,
    version: definition.version,
    priority: definition.priority,
    description: definition.description,
    kernels: registerAllKernels(isa, definition.families ?? NATIVE_KERNEL_FAMILIES),
    detect: () => detectNative(isa),
    register: (container: DependencyContainer) => registerNativeRuntime(container, name, nativeAddon(isa), isa),
    init: (context: PluginContext) =>
      configureThreads(nativeAddon(isa), context.options.threads, process.env.KNHK_THREADS),
  });
}
