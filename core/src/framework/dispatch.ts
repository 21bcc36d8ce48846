/**
 * Dispatchers: objects that implement a compute capability by routing each call to a
 * provider. Calls that take a handle go to the handle's owner; others go to the first
 * provider of the selection for their size bucket, falling back along the order (with the
 * failure recorded) when it fails.
 */
import type { CapabilityName, ComputeCapability } from '../capabilities/names.js';
import { KnhkError, describeError, isCallerError, isKnhkError } from '../errors/knhk-error.js';
import type { OperationSpec } from './operations.js';
import { OPERATIONS } from './operations.js';
import { sizeBucket } from '../selection/policy.js';

type Method = (a0: unknown, a1: unknown, a2: unknown, a3: unknown, a4: unknown) => unknown;
type Impl = Record<string, Method>;

/** The providers a call may use, best first. */
export interface Plan {
  readonly providers: readonly { readonly name: string; readonly impl: Impl }[];
  /** False when only one provider may be tried (a pin, strict mode or a single candidate). */
  readonly fallback: boolean;
  readonly strict: boolean;
}

/** What a dispatcher needs from the framework. */
export interface Router {
  /** Changes whenever cached plans become invalid. */
  readonly generation: number;
  plan(capability: CapabilityName, operation: string, size: number): Plan;
  owner(capability: CapabilityName, provider: string): Impl;
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
  call: (impl: Impl) => unknown,
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
      return call(next.impl);
    } catch (error) {
      if (isCallerError(error)) throw error;
      tried.push({ name: next.name, error });
    }
  }
  throw finalFailure(where, plan, tried);
}

function ownerCall(
  router: Router,
  capability: CapabilityName,
  operation: string,
  owner: string,
  call: (impl: Impl) => unknown,
): unknown {
  const impl = router.owner(capability, owner);
  try {
    return call(impl);
  } catch (error) {
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
}

function dispatchMethod(router: Router, capability: CapabilityName, operation: string, spec: OperationSpec): Method {
  let plans: (Plan | undefined)[] = [];
  let generation = -1;
  // The hot path allocates nothing: no closures, no arrays, no string keys.
  return function dispatch(a0, a1, a2, a3, a4) {
    const owner = spec.owner(a0, a1, a2, a3, a4);
    if (owner !== undefined) {
      return ownerCall(router, capability, operation, owner, (impl) => impl[operation](a0, a1, a2, a3, a4));
    }
    const size = spec.size(a0, a1, a2, a3, a4);
    if (generation !== router.generation) {
      plans = [];
      generation = router.generation;
    }
    const bucket = sizeBucket(size);
    const plan = plans[bucket] ?? (plans[bucket] = router.plan(capability, operation, size));
    const inout = plan.fallback && spec.inout !== undefined ? spec.inout(a0, a1, a2, a3, a4) : undefined;
    const saved = inout === undefined ? undefined : inout.slice();
    try {
      return plan.providers[0].impl[operation](a0, a1, a2, a3, a4);
    } catch (error) {
      if (isCallerError(error)) throw error;
      const restore = saved === undefined ? undefined : () => inout?.set(saved);
      const call = (impl: Impl): unknown => impl[operation](a0, a1, a2, a3, a4);
      return invokeWithFallback(router, { capability, operation, size }, plan, error, restore, call);
    }
  };
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
