/**
 * Args-form kernels over one of the cpu backend's services (its sgemm, pattern matcher, MLP
 * trainer and memory): the service is resolved once per plugin instance from the plugin's
 * container, where it is a singleton, so that every operation of a capability shares it (a
 * pattern set or a model made by one operation is known to the others).
 */
import {
  type Accumulation,
  type CapabilityMap,
  type ComputeCapability,
  type Kernel,
  type OperationOf,
  defineKernel,
} from '@knhk/core';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tsyringe's constructor token type
type ServiceClass<C extends ComputeCapability> = new (...args: any[]) => CapabilityMap[C];

/** A kernel that runs `service[operation]` with the caller's arguments. */
export function serviceKernel<C extends ComputeCapability, O extends OperationOf<C>>(
  capability: C,
  operation: O,
  service: ServiceClass<C>,
  options: { readonly dtypes?: readonly ('f32' | 'u8' | 'bytes')[]; readonly accumulation?: Accumulation } = {},
): Kernel {
  return defineKernel<C, O>({
    capability,
    operation,
    ...options,
    create: (container) => {
      const instance = container.resolve(service) as unknown as Record<string, (...args: unknown[]) => unknown>;
      const method = instance[operation];
      return ((...args: unknown[]) => method.apply(instance, args)) as never;
    },
  });
}
