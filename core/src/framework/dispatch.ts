/**
 * Dispatchers: objects that implement a compute capability by routing each call to a
 * provider. Calls that take a handle go to the handle's owner; others go to the first
 * provider of the selection for their size bucket, falling back along the order (with the
 * failure recorded) when it fails. The order holds only providers that register the
 * operation; a kernel with a `supports` check may decline a call, which then goes to the
 * next provider that accepts it (a decline is counted for `explain()`, not recorded as a
 * failure).
 *
 * A call-form kernel (`defineKernel({ form: 'call' })`) gets the call normalised once by
 * core (`kernels/calls.ts`): the hot path fills one call object per operation and reuses it,
 * and the `supports` checks and fallbacks of one call share one normalised call. A provider
 * of the args form in the same plan gets the raw arguments.
 */
import type { CapabilityName, ComputeCapability } from '../capabilities/names.js';
import { type CallNormaliser, type NormalisedCall, callNormaliser } from '../kernels/calls.js';
import { KnhkError, describeError, isCallerError, isKnhkError } from '../errors/knhk-error.js';
import type { OperationSpec } from './operations.js';
import { OPERATIONS } from './operations.js';
import { sizeBucket } from '../selection/policy.js';

type Method = (a0: unknown, a1: unknown, a2: unknown, a3: unknown, a4: unknown) => unknown;
type Impl = Record<string, Method>;
type Supports = (a0: unknown, a1: unknown, a2: unknown, a3: unknown, a4: unknown) => true | string;

/** A call-form kernel of a plan: it takes the normalised call. */
export interface PlannedCallKernel {
  readonly run: (call: NormalisedCall) => unknown;
  readonly supports?: (call: NormalisedCall) => true | string;
}

/**
 * One provider of a plan: its kernels, and the per-call check of this operation's kernel
 * when it has one; `kernel` when this operation's kernel has the call form (then `impl`'s
 * method is the same kernel behind the normaliser).
 */
export interface PlannedProvider {
  readonly name: string;
  readonly impl: Impl;
  readonly supports?: Supports;
  readonly kernel?: PlannedCallKernel;
}

/** The providers a call may use, best first. */
export interface Plan {
  readonly providers: readonly PlannedProvider[];
  /** False when only one provider may be tried (a pin, strict mode or a single candidate). */
  readonly fallback: boolean;
  readonly strict: boolean;
}

/** What a dispatcher needs from the framework. */
export interface Router {
  /** Changes whenever cached plans become invalid. */
  readonly generation: number;
  plan(capability: CapabilityName, operation: string, size: number): Plan;
  /** The owner's kernels (with their `supports` checks); `KNHK_E_CAPABILITY_MISSING` when it does not register `operation`. */
  owner(capability: CapabilityName, provider: string, operation: string): Impl;
  recordDecline(capability: CapabilityName, operation: string, provider: string, reason: string): void;
  recordFailure(
    capability: CapabilityName,
    operation: string,
    size: number,
    provider: string,
    error: unknown,
    next: string | undefined,
  ): void;
}

/** The error a call ends with when its (only allowed) provider failed. */
function finalFailure(
  where: { capability: CapabilityName; operation: string; size: number },
  plan: Plan,
  tried: { name: string; error: unknown }[],
): KnhkError {
  const { capability, operation } = where;
  const reasons = tried.map((t) => `${t.name}: ${describeError(t.error)}`).join('; ');
  const last = tried[tried.length - 1];
  if (plan.strict && plan.providers.length > 1) {
    return new KnhkError(
      'KNHK_E_STRICT_NO_FALLBACK',
      `${capability}.${operation}: provider "${last.name}" failed (${describeError(last.error)}) and strict mode forbids falling back to "${plan.providers[1].name}"`,
      { capability, operation, provider: last.name },
      { cause: last.error },
    );
  }
  return new KnhkError(
    'KNHK_E_PROVIDER_FAILED',
    `${capability}.${operation}: every allowed provider failed (${reasons})`,
    { capability, operation, providers: tried.map((t) => t.name) },
    { cause: last.error },
  );
}

function invokeWithFallback(
  router: Router,
  where: { capability: CapabilityName; operation: string; size: number },
  plan: Plan,
  firstError: unknown,
  restore: (() => void) | undefined,
  call: (provider: PlannedProvider) => unknown,
): unknown {
  const tried = [{ name: plan.providers[0].name, error: firstError }];
  const limit = plan.fallback ? plan.providers.length : 1;
  for (let i = 1; i <= limit; i++) {
    const next = i < limit ? plan.providers[i] : undefined;
    const failed = tried[tried.length - 1];
    router.recordFailure(where.capability, where.operation, where.size, failed.name, failed.error, next?.name);
    if (next === undefined) break;
    restore?.();
    try {
      return call(next);
    } catch (error) {
      if (isCallerError(error)) throw error;
      tried.push({ name: next.name, error });
    }
  }
  throw finalFailure(where, plan, tried);
}

/** What a call on a handle ends with when the handle's owner threw: handles cannot move, so there is no fallback. */
function ownerFailure(
  router: Router,
  capability: CapabilityName,
  operation: string,
  owner: string,
  error: unknown,
): never {
  if (isCallerError(error)) throw error;
  router.recordFailure(capability, operation, 0, owner, error, undefined);
  if (isKnhkError(error, 'KNHK_E_PROVIDER_FAILED')) throw error;
  throw new KnhkError(
    'KNHK_E_PROVIDER_FAILED',
    `${capability}.${operation}: provider "${owner}", which owns the handle, failed (${describeError(error)}); handles cannot move to another provider`,
    { capability, operation, provider: owner },
    { cause: error },
  );
}

/** A cached plan as the hot path reads it. */
interface Route {
  readonly plan: Plan;
  /** The first provider's implementation. */
  readonly first: Impl;
  /** True when a fallback is possible and the operation writes an output that may alias an input. */
  readonly guarded: boolean;
  /** True when some provider of the plan may decline a call (`supports`). */
  readonly checked: boolean;
  /** The first provider's call-form kernel, when it has one (and the call is neither checked nor guarded). */
  readonly run: ((call: NormalisedCall) => unknown) | undefined;
}

/**
 * The arguments of one call in the slow paths, with their normalised call made on first
 * use and then shared by every `supports` check and provider of the call.
 */
class CallArguments {
  private call: NormalisedCall | undefined;
  constructor(
    private readonly normaliser: CallNormaliser | undefined,
    readonly a0: unknown,
    readonly a1: unknown,
    readonly a2: unknown,
    readonly a3: unknown,
    readonly a4: unknown,
    call?: NormalisedCall,
  ) {
    this.call = call;
  }

  normalised(): NormalisedCall {
    if (this.call === undefined) {
      // A call-form kernel exists only for operations with a normaliser (checkKernel).
      const n = this.normaliser as CallNormaliser;
      this.call = n.normalise(this.a0, this.a1, this.a2, this.a3, this.a4);
    }
    return this.call;
  }
}

/** What a compiled hot path closes over; everything but the hot path itself is typed code here. */
interface HotPathContext {
  readonly spec: OperationSpec;
  readonly router: Router;
  readonly capability: CapabilityName;
  readonly operation: string;
  readonly sizeBucket: (size: number) => number;
  /** The operation's normaliser, when it has a normalised call. */
  readonly normaliser: CallNormaliser | undefined;
  /** The plan for a size, with what the hot path reads on every call taken out of it. */
  route(size: number): Route;
  /** The implementation of the provider that owns a handle (`KNHK_E_BUFFER_FOREIGN` when it is no ready provider). */
  ownerImpl(owner: string): Impl;
  /** The owner of a handle threw: propagate a caller error, else record the failure and throw `KNHK_E_PROVIDER_FAILED`. */
  ownerFailed(owner: string, error: unknown): never;
  /** A call whose output may alias an input while a fallback is possible: snapshot, call, restore on failure. */
  guarded(plan: Plan, size: number, a0: unknown, a1: unknown, a2: unknown, a3: unknown, a4: unknown): unknown;
  /** Some provider may decline: route to the first that accepts, then as usual. */
  checked(plan: Plan, size: number, a0: unknown, a1: unknown, a2: unknown, a3: unknown, a4: unknown): unknown;
  /** A call-form first provider, with a call object of its own (the hot path's is in use: a nested call). */
  callFresh(plan: Plan, size: number, a0: unknown, a1: unknown, a2: unknown, a3: unknown, a4: unknown): unknown;
  /** The call-form first provider threw on `call`: as `failed`, the fallbacks sharing the call. */
  callFailed(
    plan: Plan,
    size: number,
    error: unknown,
    call: NormalisedCall,
    a0: unknown,
    a1: unknown,
    a2: unknown,
    a3: unknown,
    a4: unknown,
  ): unknown;
  /** The first provider threw: propagate a caller error, else fall back (or fail) with the failure recorded. */
  failed(
    plan: Plan,
    size: number,
    error: unknown,
    a0: unknown,
    a1: unknown,
    a2: unknown,
    a3: unknown,
    a4: unknown,
  ): unknown;
}

/**
 * The per-call path, as source compiled once per operation. Every operation gets its own
 * copy so that V8 keeps type feedback per operation: one closure shared by all operations
 * turns its call sites megamorphic, and the handle check inline on the operation's handle
 * positions avoids a shared helper; the provider's method is called by its literal name on
 * the cached first implementation. Together about 7 ns per call on a no-op provider
 * (measured), against a 1024-element SIMD dot product of about 210 ns. Only this template,
 * argument positions from `OPERATIONS` (integers 0-4, checked) and operation names (checked
 * to be identifiers) are compiled; nothing from outside. The hot path allocates nothing: no
 * closures, no arrays, no string keys.
 */
const HOT_PATH_SOURCE = (ownerExpression: string, operation: string): string => `
  const c = context;
  const router = c.router;
  const sizeOf = c.spec.size;
  const sizeBucket = c.sizeBucket;
  let routes = [];
  let generation = -1;
  // A handle is an object with string provider and kind that is not a typed array (core's isHandle).
  // Float32Arrays and Uint8Arrays (compare's mask), the common arguments, are ruled out first by
  // instanceof, which V8 compiles to a map check; property tests on a typed array miss slowly
  // (measured: 14 ns of a 20 ns dispatch).
  const ownOther = (v) =>
    typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && typeof v.provider === 'string' && typeof v.kind === 'string'
      ? v.provider
      : undefined;
  const own = (v) => (v instanceof Float32Array || v instanceof Uint8Array ? undefined : ownOther(v));
  // The owner of the last handle seen and its implementation, valid for one generation.
  let lastOwner;
  let lastOwnerImpl;
  // The call object of call-form kernels, filled by the normaliser and reused; busy during a
  // call, so that a nested call of the same operation (from a fallback listener) gets its own.
  const normaliser = c.normaliser;
  const scratch = normaliser === undefined ? undefined : normaliser.create();
  let busy = false;
  return function dispatch(a0, a1, a2, a3, a4) {
    const owner = ${ownerExpression};
    if (generation !== router.generation) {
      routes = [];
      lastOwner = undefined;
      generation = router.generation;
    }
    if (owner !== undefined) {
      if (owner !== lastOwner) {
        lastOwnerImpl = c.ownerImpl(owner);
        lastOwner = owner;
      }
      try {
        return lastOwnerImpl.${operation}(a0, a1, a2, a3, a4);
      } catch (error) {
        return c.ownerFailed(owner, error);
      }
    }
    const size = sizeOf(a0, a1, a2, a3, a4);
    const bucket = sizeBucket(size);
    const route = routes[bucket] ?? (routes[bucket] = c.route(size));
    if (route.checked) return c.checked(route.plan, size, a0, a1, a2, a3, a4);
    if (route.guarded) return c.guarded(route.plan, size, a0, a1, a2, a3, a4);
    const run = route.run;
    if (run !== undefined) {
      if (busy) return c.callFresh(route.plan, size, a0, a1, a2, a3, a4);
      busy = true;
      try {
        const call = normaliser.normalise(a0, a1, a2, a3, a4, scratch);
        try {
          return run(call);
        } catch (error) {
          return c.callFailed(route.plan, size, error, call, a0, a1, a2, a3, a4);
        }
      } finally {
        normaliser.clear(scratch);
        busy = false;
      }
    }
    try {
      return route.first.${operation}(a0, a1, a2, a3, a4);
    } catch (error) {
      return c.failed(route.plan, size, error, a0, a1, a2, a3, a4);
    }
  };
`;

function hotPathContext(
  router: Router,
  capability: CapabilityName,
  operation: string,
  spec: OperationSpec,
): HotPathContext {
  const where = (size: number) => ({ capability, operation, size });
  const normaliser = callNormaliser(capability, operation);
  /** Runs one provider on a call: the normalised call for a call-form kernel, else the raw arguments. */
  const invoke = (provider: PlannedProvider, args: CallArguments): unknown =>
    provider.kernel !== undefined
      ? provider.kernel.run(args.normalised())
      : provider.impl[operation](args.a0, args.a1, args.a2, args.a3, args.a4);
  const fallBack = (
    plan: Plan,
    size: number,
    error: unknown,
    restore: (() => void) | undefined,
    args: CallArguments,
  ) => {
    if (isCallerError(error)) throw error;
    return invokeWithFallback(router, where(size), plan, error, restore, (provider) => invoke(provider, args));
  };
  const first = (plan: Plan, size: number, args: CallArguments): unknown => {
    try {
      return invoke(plan.providers[0], args);
    } catch (error) {
      return fallBack(plan, size, error, undefined, args);
    }
  };
  const context: HotPathContext = {
    spec,
    router,
    capability,
    operation,
    sizeBucket,
    normaliser,
    ownerImpl: (owner) => router.owner(capability, owner, operation),
    ownerFailed: (owner, error) => ownerFailure(router, capability, operation, owner, error),
    route(size) {
      const plan = router.plan(capability, operation, size);
      const guarded = plan.fallback && spec.inout !== undefined;
      const checked = plan.providers.some((p) => p.supports !== undefined || p.kernel?.supports !== undefined);
      return {
        plan,
        first: plan.providers[0].impl,
        guarded,
        checked,
        run: guarded || checked ? undefined : plan.providers[0].kernel?.run,
      };
    },
    checked(plan, size, a0, a1, a2, a3, a4) {
      const args = new CallArguments(normaliser, a0, a1, a2, a3, a4);
      const accepting = acceptingProviders(router, capability, operation, plan, args);
      const routed: Plan = {
        providers: accepting,
        fallback: plan.fallback && accepting.length > 1,
        strict: plan.strict,
      };
      if (routed.fallback && spec.inout !== undefined) return guardedCall(routed, size, args);
      return first(routed, size, args);
    },
    guarded(plan, size, a0, a1, a2, a3, a4) {
      return guardedCall(plan, size, new CallArguments(normaliser, a0, a1, a2, a3, a4));
    },
    callFresh(plan, size, a0, a1, a2, a3, a4) {
      return first(plan, size, new CallArguments(normaliser, a0, a1, a2, a3, a4));
    },
    callFailed(plan, size, error, call, a0, a1, a2, a3, a4) {
      // The fallbacks run while the hot path's call object is still in use: they share it.
      return fallBack(plan, size, error, undefined, new CallArguments(normaliser, a0, a1, a2, a3, a4, call));
    },
    failed: (plan, size, error, a0, a1, a2, a3, a4) =>
      fallBack(plan, size, error, undefined, new CallArguments(normaliser, a0, a1, a2, a3, a4)),
  };
  /** A call whose output may alias an input while a fallback is possible: snapshot, call, restore on failure. */
  function guardedCall(plan: Plan, size: number, args: CallArguments): unknown {
    const inout = spec.inout?.(args.a0, args.a1, args.a2, args.a3, args.a4);
    if (inout === undefined) return first(plan, size, args);
    const saved = inout.slice();
    try {
      return invoke(plan.providers[0], args);
    } catch (error) {
      return fallBack(plan, size, error, () => inout.set(saved), args);
    }
  }
  return context;
}

/**
 * The providers of a plan that accept a call, in order. Declines before the first accepting
 * provider are counted (those are the ones that changed where the call went); when none
 * accepts, `KNHK_E_CALL_UNSUPPORTED` with every reason. A call-form kernel's `supports`
 * gets the normalised call (made once for all of them).
 */
function acceptingProviders(
  router: Router,
  capability: CapabilityName,
  operation: string,
  plan: Plan,
  args: CallArguments,
): PlannedProvider[] {
  const accepting: PlannedProvider[] = [];
  const reasons: string[] = [];
  for (const provider of plan.providers) {
    const callSupports = provider.kernel?.supports;
    const answer =
      callSupports !== undefined
        ? callSupports(args.normalised())
        : provider.supports === undefined
          ? true
          : provider.supports(args.a0, args.a1, args.a2, args.a3, args.a4);
    if (answer === true) {
      accepting.push(provider);
    } else if (accepting.length === 0) {
      router.recordDecline(capability, operation, provider.name, String(answer));
      reasons.push(`${provider.name}: ${String(answer)}`);
    }
  }
  if (accepting.length === 0) {
    throw new KnhkError(
      'KNHK_E_CALL_UNSUPPORTED',
      `${capability}.${operation}: no allowed provider supports this call (${reasons.join('; ')})`,
      { capability, operation, reasons },
    );
  }
  return accepting;
}

/** The owner check of the hot path: inline on the handle positions when the spec lists them. */
function ownerExpression(spec: OperationSpec): string {
  const positions = spec.handles ?? [];
  if (positions.length === 0 || positions.some((p) => !Number.isInteger(p) || p < 0 || p > 4)) {
    return 'c.spec.owner(a0, a1, a2, a3, a4)';
  }
  return positions.map((p) => `own(a${p})`).join(' ?? ');
}

function dispatchMethod(router: Router, capability: CapabilityName, operation: string, spec: OperationSpec): Method {
  // The operation name is compiled in as a property access: only identifiers pass.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(operation))
    throw new Error(`dispatch: operation name "${operation}" is not an identifier`);
  const source = HOT_PATH_SOURCE(ownerExpression(spec), operation);
  const compile = new Function('context', source) as (context: HotPathContext) => Method;
  return compile(hotPathContext(router, capability, operation, spec));
}

/**
 * A dispatcher for one compute capability: an object with the capability's methods, each
 * routing through the framework's selection.
 */
export function createDispatcher(router: Router, capability: ComputeCapability): unknown {
  const target: Record<string, Method> = {};
  for (const [operation, spec] of Object.entries(OPERATIONS[capability])) {
    target[operation] = dispatchMethod(router, capability, operation, spec);
  }
  return Object.freeze(target);
}
