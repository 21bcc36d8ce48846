/**
 * A kernel whose function is a method of an implementation object the backend makes once per
 * plugin instance (a family class such as a backend's vector operations): the method is bound
 * when the instance starts, so the framework's call is the direct call, with no wrapper per
 * call. The native backends and opencl write their kernel files with it.
 */
import {
  type CapabilityMap,
  type ComputeCapability,
  type DependencyContainer,
  type ArgsKernelConfig,
  type Kernel,
  type KernelFunction,
  type OperationOf,
  defineKernel,
} from '@knhk/core';

/** What a kernel declares besides its capability and operation (a method takes the public arguments: the args form). */
export type MethodKernelOptions<C extends ComputeCapability, O extends OperationOf<C>> = Pick<
  ArgsKernelConfig<C, O>,
  'dtypes' | 'accumulation' | 'supports' | 'available'
>;

/**
 * The kernel of `capability.operation`, run by the method of that name of
 * `implementation(container)`: the plugin instance's object for the kernel's family. The
 * kernels of one family should get the same object (a handle one creates, another uses).
 */
export function methodKernel<C extends ComputeCapability, O extends OperationOf<C>>(
  capability: C,
  operation: O,
  implementation: (container: DependencyContainer) => CapabilityMap[C],
  options: MethodKernelOptions<C, O> = {},
): Kernel {
  const config: ArgsKernelConfig<C, O> = {
    capability,
    operation,
    ...options,
    create: (container) => {
      const target = implementation(container);
      const method = target[operation] as (...args: unknown[]) => unknown;
      return method.bind(target) as KernelFunction<C, O>;
    },
  };
  return defineKernel<C, O>(config);
}
