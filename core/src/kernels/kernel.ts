/**
 * Kernels: the unit a backend registers. A kernel implements one operation of one compute
 * capability (`vector.dot`, `matmul.sgemm`, ...) for some element types, and may decline a
 * particular call (`supports`) or the whole operation on this machine (`available`). An
 * operation a provider does not register, and a call its kernel declines, go to the next
 * provider in the selection order: neither counts as a failure, and `explain()` says why.
 *
 * TensorFlow.js's `KernelConfig` and `register_all_kernels.ts` are the model: a backend keeps
 * one file per kernel family and one file that lists them all.
 *
 * A kernel comes in one of two forms. The default (`form: 'args'`) receives the operation's
 * public arguments as the caller passed them and validates them itself (with the checks of
 * `capabilities/validate.ts`). The call form (`form: 'call'`, for the vector and reduce
 * operations) receives one normalised call that core has checked and resolved once
 * (`calls.ts`: `ElementwiseCall`, `DotCall`, `CompareCall`, `ReduceCall`): element count,
 * operands with offset and stride, the output (allocated by core when `out` is absent and
 * `a` is a host array) and a `dense` flag for the plain-loop case. `supports` then receives
 * the same call. See docs/adding-a-kernel.md.
 *
 * @example
 * export const sumKernel = defineKernel({
 *   capability: 'reduce',
 *   operation: 'sum',
 *   form: 'call',
 *   accumulation: 'f64',
 *   create: () => (call) => {
 *     const x = call.x.array as Float32Array; // a host array: this kernel declines buffers
 *     let s = 0;
 *     for (let i = 0, j = call.x.offset; i < call.n; i++, j += call.x.stride) s += x[j];
 *     return s;
 *   },
 *   supports: (call) => call.x.array instanceof Float32Array || 'buffers are not supported',
 * });
 *
 * @example
 * export const dotKernel = defineKernel({
 *   capability: 'vector',
 *   operation: 'dot',
 *   accumulation: 'f64',
 *   supports: (a, b, range) => (range?.a?.stride ?? 1) === 1 || 'strided operands are not supported',
 *   create: (container) => {
 *     const device = container.resolve(MyDevice);
 *     return (a, b, range) => device.dot(a, b, range);
 *   },
 * });
 */
import type { DependencyContainer } from 'tsyringe';
import type { CapabilityMap, ComputeCapability } from '../capabilities/names.js';
import { COMPUTE_CAPABILITIES } from '../capabilities/names.js';
import { KnhkError } from '../errors/knhk-error.js';
import { OPERATIONS } from '../framework/operations.js';
import { type CallMap, callNormaliser } from './calls.js';

/** The operations of a compute capability, by name. */
export type OperationOf<C extends ComputeCapability> = keyof CapabilityMap[C] & string;

/** The function that implements an operation: the capability interface's method. */
export type KernelFunction<C extends ComputeCapability, O extends OperationOf<C>> = CapabilityMap[C][O] extends (
  ...args: infer A
) => infer R
  ? (...args: A) => R
  : never;

/** The arguments of an operation, as its kernel and `supports` receive them. */
export type KernelArguments<C extends ComputeCapability, O extends OperationOf<C>> = Parameters<KernelFunction<C, O>>;

/** Element types a kernel computes on. */
export type ElementType = 'f32' | 'u8' | 'bytes';

/** How a kernel accumulates sums (dot, sum, sgemm): the conformance kit holds it to the matching error bound. */
export type Accumulation = 'f32' | 'f64';

/** The two forms of kernel: raw public arguments (`'args'`, the default) or one normalised call (`'call'`). */
export type KernelForm = 'args' | 'call';

/** The normalised call of an operation that has one (see `calls.ts`), else `never`. */
export type CallOf<C extends ComputeCapability, O extends OperationOf<C>> = C extends keyof CallMap
  ? O extends keyof CallMap[C]
    ? CallMap[C][O]
    : never
  : never;

/** A call-form kernel function: the normalised call in, the operation's result out. */
export type CallKernelFunction<C extends ComputeCapability, O extends OperationOf<C>> = (
  call: CallOf<C, O>,
) => ReturnType<KernelFunction<C, O>>;

/** What every kernel configuration has, whatever its form. */
interface KernelConfigBase<C extends ComputeCapability, O extends OperationOf<C>> {
  readonly capability: C;
  readonly operation: O;
  /** The element types it computes on. Default `['f32']` for vector, reduce, matmul and mlp, `['bytes']` for pattern. */
  readonly dtypes?: readonly ElementType[];
  /**
   * For dot, sum and sgemm: the precision of the accumulator. Default `'f32'`. `'f64'` says
   * the terms are summed in float64 and the result is returned unrounded or rounded once to
   * float32; the conformance kit then holds the kernel to about `(n u64 + u32) S + u32 |s|`
   * instead of `gamma_n(u32) S` (`plugin-sdk/src/conformance/error-bounds.ts`).
   */
  readonly accumulation?: Accumulation;
  /**
   * Whether the kernel is registered on this machine at all, decided once after `init()`:
   * `true`, or why not (e.g. "the device divides neither correctly rounded in float nor in
   * double"). `explain()` shows the reason for every call of the operation.
   */
  readonly available?: (container: DependencyContainer) => true | string;
}

/** A kernel of the default form: it receives the public arguments, raw, and validates them itself. */
export interface ArgsKernelConfig<C extends ComputeCapability, O extends OperationOf<C>> extends KernelConfigBase<
  C,
  O
> {
  readonly form?: 'args';
  /**
   * Whether the kernel can serve this call: `true`, or why not (e.g. "strided operands are
   * not supported"). A declined call goes to the next provider, or, on a handle this
   * provider owns, fails with `KNHK_E_CALL_UNSUPPORTED`. Keep it cheap: it runs on every call.
   * Bad arguments are not a reason to decline: the kernel throws its `KNHK_E_ARG_*` error.
   */
  readonly supports?: (...args: KernelArguments<C, O>) => true | string;
  /** Makes the kernel function, once per plugin instance, from the plugin's container. */
  readonly create: (container: DependencyContainer) => KernelFunction<C, O>;
}

/**
 * A kernel of the call form (vector and reduce operations): it receives one normalised call,
 * checked by core, and never validates arguments again. It must not keep the call after it
 * returns (the dispatcher reuses the object).
 */
export interface CallKernelConfig<C extends ComputeCapability, O extends OperationOf<C>> extends KernelConfigBase<
  C,
  O
> {
  readonly form: 'call';
  /** As for the args form, on the normalised call: `true`, or why this kernel does not take it. Runs on every call. */
  readonly supports?: (call: CallOf<C, O>) => true | string;
  /** Makes the kernel function `(call) => result`, once per plugin instance, from the plugin's container. */
  readonly create: (container: DependencyContainer) => CallKernelFunction<C, O>;
}

/** What a backend author writes for one kernel, of either form; see {@link defineKernel}. */
export type KernelConfig<C extends ComputeCapability, O extends OperationOf<C>> =
  ArgsKernelConfig<C, O> | CallKernelConfig<C, O>;

/** A kernel as a plugin holds it: a checked, frozen {@link KernelConfig}, of any capability and operation. */
export interface Kernel {
  readonly capability: ComputeCapability;
  readonly operation: string;
  /** `capability.operation`. */
  readonly id: string;
  readonly dtypes: readonly ElementType[];
  readonly accumulation: Accumulation;
  /** `'args'`: `create` makes `(...args) => result` and `supports` takes the args; `'call'`: both take the normalised call. */
  readonly form: KernelForm;
  readonly supports?: (...args: never[]) => true | string;
  readonly available?: (container: DependencyContainer) => true | string;
  readonly create: (container: DependencyContainer) => (...args: never[]) => unknown;
}

/** A kernel as reports list it (`knhk plugins --json`, the conformance kit). */
export interface KernelInfo {
  readonly capability: ComputeCapability;
  readonly operation: string;
  readonly dtypes: readonly ElementType[];
  readonly accumulation: Accumulation;
  /** Whether the kernel takes the raw arguments or core's normalised call. */
  readonly form: KernelForm;
  /** True when the kernel may decline single calls (`supports`). */
  readonly conditional: boolean;
}

const ELEMENT_TYPES: readonly string[] = ['f32', 'u8', 'bytes'];

function invalid(message: string, details: Record<string, unknown>): KnhkError {
  return new KnhkError('KNHK_E_KERNEL_INVALID', message, details);
}

/** Checks a kernel configuration and returns it frozen. Throws `KNHK_E_KERNEL_INVALID` naming the bad field. */
export function defineKernel<C extends ComputeCapability, O extends OperationOf<C>>(
  config: KernelConfig<C, O>,
): Kernel {
  return checkKernel(config);
}

/** Structural check of a kernel (it may come from another copy of `@knhk/core`). */
export function checkKernel(value: unknown): Kernel {
  if (typeof value !== 'object' || value === null) {
    throw invalid('a kernel must be the object defineKernel() returns', {});
  }
  const k = value as Partial<Kernel>;
  const capability = k.capability as ComputeCapability;
  if (!(COMPUTE_CAPABILITIES as readonly unknown[]).includes(capability)) {
    throw invalid(
      `kernel capability must be one of ${COMPUTE_CAPABILITIES.join(', ')}, got ${JSON.stringify(capability)}`,
      { field: 'capability' },
    );
  }
  const operation = k.operation as unknown;
  const operations = Object.keys(OPERATIONS[capability]);
  if (typeof operation !== 'string' || !operations.includes(operation)) {
    throw invalid(
      `kernel ${capability}.${String(operation)}: operation must be one of ${operations.join(', ')} for ${capability}`,
      { field: 'operation', capability },
    );
  }
  const id = `${capability}.${operation}`;
  if (typeof k.create !== 'function') {
    throw invalid(`kernel ${id}: create must be a function (container) => kernel function`, { kernel: id });
  }
  for (const hook of ['supports', 'available'] as const) {
    if (k[hook] !== undefined && typeof k[hook] !== 'function') {
      throw invalid(`kernel ${id}: ${hook} must be a function`, { kernel: id, field: hook });
    }
  }
  const dtypes = k.dtypes ?? (capability === 'pattern' ? ['bytes'] : ['f32']);
  if (!Array.isArray(dtypes) || dtypes.length === 0 || dtypes.some((t) => !ELEMENT_TYPES.includes(t))) {
    throw invalid(`kernel ${id}: dtypes must be a non-empty list of ${ELEMENT_TYPES.join(', ')}`, {
      kernel: id,
      field: 'dtypes',
    });
  }
  const form = (k as { form?: unknown }).form ?? 'args';
  if (form !== 'args' && form !== 'call') {
    throw invalid(`kernel ${id}: form must be "args" or "call", got ${JSON.stringify(form)}`, {
      kernel: id,
      field: 'form',
    });
  }
  if (form === 'call' && callNormaliser(capability, operation) === undefined) {
    throw invalid(`kernel ${id}: form "call" is only for the vector and reduce operations; use the args form`, {
      kernel: id,
      field: 'form',
    });
  }
  const accumulation = k.accumulation ?? 'f32';
  if (accumulation !== 'f32' && accumulation !== 'f64') {
    throw invalid(`kernel ${id}: accumulation must be "f32" or "f64", got ${JSON.stringify(accumulation)}`, {
      kernel: id,
      field: 'accumulation',
    });
  }
  return Object.freeze({
    ...(k as Kernel),
    dtypes: Object.freeze([...dtypes]) as readonly ElementType[],
    accumulation,
    form,
    id,
  });
}

/** Checks a plugin's kernel list: each valid, no operation registered twice. */
export function checkKernels(plugin: string, kernels: readonly unknown[]): readonly Kernel[] {
  const seen = new Set<string>();
  const checked = kernels.map((kernel) => {
    const k = checkKernel(kernel);
    if (seen.has(k.id)) {
      throw invalid(`plugin "${plugin}" registers ${k.id} twice`, { plugin, kernel: k.id });
    }
    seen.add(k.id);
    return k;
  });
  return Object.freeze(checked);
}

/** The report form of a kernel. */
export function kernelInfo(kernel: Kernel): KernelInfo {
  return Object.freeze({
    capability: kernel.capability,
    operation: kernel.operation,
    dtypes: kernel.dtypes,
    accumulation: kernel.accumulation,
    form: kernel.form ?? 'args',
    conditional: kernel.supports !== undefined,
  });
}
