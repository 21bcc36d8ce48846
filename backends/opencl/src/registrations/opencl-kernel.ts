/**
 * How an opencl kernel is written: its capability, operation and options, and the family
 * class that runs it (one instance per plugin instance, see `registerKernelFamilies`), with
 * `@knhk/host`'s {@link methodKernel}: the instance's method, bound once per plugin instance.
 */
import type { CapabilityMap, ComputeCapability, InjectionToken, Kernel, OperationOf } from '@knhk/core';
import { type MethodKernelOptions, methodKernel } from '@knhk/host';

/** The kernel of `capability.operation`, run by the method of that name of the instance's `family`. */
export function openclKernel<C extends ComputeCapability, O extends OperationOf<C>>(
  capability: C,
  operation: O,
  family: InjectionToken<CapabilityMap[C]>,
  options: MethodKernelOptions<C, O> = {},
): Kernel {
  return methodKernel(capability, operation, (container) => container.resolve(family), options);
}
