/**
 * What a fuzz call did, and whether that is allowed: pure functions over the thrown value or
 * the comparison with the reference.
 */
import { ERROR_CODES, KnhkError } from '@knhk/core';
import { CALLER_ERROR } from './bad-values.js';
import type { Expect } from './bad-calls.js';

/** How one call ended. */
export interface Outcome {
  /** `returned`; `coded`: a KnhkError of a catalogued code; `caller`: the caller's own error came through; `uncoded`: anything else. */
  readonly kind: 'returned' | 'coded' | 'caller' | 'uncoded';
  /** The KnhkError's code (for `coded`). */
  readonly code?: string;
  /** What was thrown, for `uncoded`. */
  readonly detail?: string;
}

const CODES = new Set<string>(ERROR_CODES);

/** True for a real KnhkError: its class, a catalogued code, and a message that starts with the code. */
function isCodedError(error: unknown): error is KnhkError {
  return (
    error instanceof KnhkError &&
    error.name === 'KnhkError' &&
    CODES.has(error.code) &&
    error.message.startsWith(`${error.code}: `)
  );
}

function shortDetail(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const coded = typeof code === 'string' ? ` (code ${code}, but not a KnhkError)` : '';
    return `${error.name}${coded}: ${error.message.slice(0, 200)}`;
  }
  try {
    return `a thrown ${typeof error}: ${String(error).slice(0, 200)}`;
  } catch {
    return `a thrown ${typeof error}`;
  }
}

/**
 * Classifies a thrown value. A `KNHK_E_PROVIDER_FAILED` or `KNHK_E_STRICT_NO_FALLBACK` is
 * judged by its cause: the framework wraps whatever a provider threw, so a TypeError behind
 * it is still an uncoded error of the provider.
 */
export function classifyError(error: unknown): Outcome {
  if (error === CALLER_ERROR) return { kind: 'caller' };
  if (!isCodedError(error)) return { kind: 'uncoded', detail: shortDetail(error) };
  if (error.code === 'KNHK_E_PROVIDER_FAILED' || error.code === 'KNHK_E_STRICT_NO_FALLBACK') {
    const cause = (error as { cause?: unknown }).cause;
    if (cause === CALLER_ERROR) return { kind: 'caller' };
    if (cause !== undefined && !isCodedError(cause)) {
      return { kind: 'uncoded', detail: `${error.code} wrapping ${shortDetail(cause)}` };
    }
  }
  return { kind: 'coded', code: error.code };
}

/** Why an outcome breaks the call's expectation, or undefined when it is allowed. */
export function verdict(expect: Expect, outcome: Outcome, mismatch: string | undefined): string | undefined {
  if (outcome.kind === 'uncoded') return `threw an uncoded error: ${outcome.detail}`;
  if (outcome.kind === 'caller' && expect !== 'hostile') return "let the fuzz's own getter error through";
  if (outcome.kind === 'returned') {
    if (expect === 'bad') return 'returned: a bad call must throw a KnhkError';
    if (mismatch !== undefined) return `returned a wrong result: ${mismatch}`;
    return undefined;
  }
  if (expect === 'valid' && outcome.kind === 'coded' && outcome.code !== 'KNHK_E_CALL_UNSUPPORTED') {
    return `threw ${outcome.code} on a valid call`;
  }
  return undefined;
}

/** Operations whose results may differ from the reference's in rounding (sums in another order). */
const ROUNDED = new Set(['vector.fma', 'vector.dot', 'reduce.sum', 'matmul.sgemm']);

function sameNumber(op: string, actual: number, expected: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!ROUNDED.has(op)) return Object.is(actual, expected);
  return Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected));
}

/** A number as the failures show it (`-0` keeps its sign). */
function show(x: unknown): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** How `actual` differs from the reference's `expected` (numbers, typed arrays), or undefined. */
export function difference(op: string, actual: unknown, expected: unknown): string | undefined {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return `a ${typeof actual}, the reference returned ${show(expected)}`;
    return sameNumber(op, actual, expected) ? undefined : `${show(actual)}, the reference returned ${show(expected)}`;
  }
  if (ArrayBuffer.isView(expected) && !(expected instanceof DataView)) {
    const e = expected as unknown as ArrayLike<number>;
    if (!ArrayBuffer.isView(actual)) return `not an array, the reference returned ${e.length} elements`;
    const a = actual as unknown as ArrayLike<number>;
    if (a.length !== e.length) return `${a.length} elements, the reference ${e.length}`;
    for (let i = 0; i < e.length; i++) {
      if (!sameNumber(op, a[i], e[i])) return `element ${i} is ${show(a[i])}, the reference's ${show(e[i])}`;
    }
  }
  return undefined;
}
