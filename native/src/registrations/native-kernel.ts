/**
 * How a native kernel is written: its capability, operation and options, and which family
 * implementation of the instance's {@link NativeRuntime} runs it (`@knhk/host`'s
 * {@link methodKernel}: the implementation's method, bound once per plugin instance).
 */
import type { CapabilityMap, ComputeCapability, Kernel, OperationOf } from '@knhk/core';
import { type MethodKernelOptions, methodKernel } from '@knhk/host';
import { type NativeRuntime, nativeRuntime } from './native-runtime.js';

/** The kernel of `capability.operation`, run by the method of that name of `family(runtime)`. */
export function nativeKernel<C extends ComputeCapability, O extends OperationOf<C>>(
  capability: C,
  operation: O,
  family: (runtime: NativeRuntime) => CapabilityMap[C],
  options: MethodKernelOptions<C, O> = {},
): Kernel {
  return methodKernel(capability, operation, (container) => family(nativeRuntime(container)), options);
}
