/**
 * What the kernels of one native backend instance share: its name (which its buffers, pattern
 * sets and models carry), the kernel table of its ISA, its {@link NativeBufferStore}, and one
 * implementation object per kernel family, made on first use. The kernel files
 * (`elementwise.ts`, `dot.ts`, ...) take their functions from it, so that the kernels of a
 * family share one object (a pattern set compiled by `pattern.compile` is known to
 * `pattern.scan`) and each kernel function is the implementation's method itself.
 */
import type { DependencyContainer } from '@knhk/core';
import type { NativeAddon, NativeIsa, NativeKernels } from '../addon-types.js';
import { NativeBufferStore } from '../buffer-store.js';
import { NativeMemory } from '../device-memory.js';
import { NativeMatmul } from '../matmul.js';
import { NativeNeuralTraining } from '../neural-training.js';
import { NativePatternMatcher } from '../pattern-matcher.js';
import { NativeReductions } from '../reductions.js';
import { NativeVectorOps } from '../vector-ops.js';

/** One native backend instance's kernel table, buffers and kernel-family implementations. */
export class NativeRuntime {
  private vectorOps: NativeVectorOps | undefined;
  private reductions: NativeReductions | undefined;
  private matmulOps: NativeMatmul | undefined;
  private training: NativeNeuralTraining | undefined;
  private matcher: NativePatternMatcher | undefined;
  private memoryOps: NativeMemory | undefined;

  /** @param name the plugin's name; @param kernels the kernel table of its ISA; @param store its buffers. */
  constructor(
    readonly name: string,
    readonly kernels: NativeKernels,
    readonly store: NativeBufferStore,
  ) {}

  /** The element-wise, dot and compare kernels. */
  get vector(): NativeVectorOps {
    return (this.vectorOps ??= new NativeVectorOps(this.kernels, this.store));
  }
  /** sum, min, max and argmax. */
  get reduce(): NativeReductions {
    return (this.reductions ??= new NativeReductions(this.kernels, this.store));
  }
  /** sgemm. */
  get matmul(): NativeMatmul {
    return (this.matmulOps ??= new NativeMatmul(this.kernels, this.store));
  }
  /** MLP training on the native sgemm. */
  get mlp(): NativeNeuralTraining {
    return (this.training ??= new NativeNeuralTraining(this.kernels, this.name));
  }
  /** Pattern compilation, scans and streams. */
  get pattern(): NativePatternMatcher {
    return (this.matcher ??= new NativePatternMatcher(this.kernels, this.name, this.store));
  }
  /** Device buffers in addon-owned memory. */
  get memory(): NativeMemory {
    return (this.memoryOps ??= new NativeMemory(this.store));
  }
}

/**
 * Registers a plugin instance's {@link NativeRuntime} (and its {@link NativeBufferStore}) in
 * its container: the buffers carry `name`, the kernels are `addon`'s table of `isa`. Call it
 * from the plugin's `register` hook, which runs only after `detect()` said available.
 */
export function registerNativeRuntime(
  container: DependencyContainer,
  name: string,
  addon: NativeAddon,
  isa: NativeIsa,
): void {
  const store = new NativeBufferStore(name, addon);
  container.register(NativeBufferStore, { useValue: store });
  container.register(NativeRuntime, { useValue: new NativeRuntime(name, addon.kernels(isa), store) });
}

/** The instance's runtime, as the kernels' `create` takes it. */
export function nativeRuntime(container: DependencyContainer): NativeRuntime {
  return container.resolve(NativeRuntime);
}
