/**
 * Comparison of a plugin's answers with the reference's: exact and tolerant float checks,
 * expected errors, and failure messages that name the case, the index, the expected and the
 * actual value.
 */
import { type AnyErrorCode, describeError, isKnhkError, typeName } from '@knhk/core';

/** A failed check; its message is the report's message. */
export class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailure';
  }
}

/** Fails the current check. */
export function fail(message: string): never {
  throw new CheckFailure(message);
}

/** Fails the current check unless `condition` holds. */
export function expectThat(condition: boolean, message: () => string): void {
  if (!condition) fail(message());
}

const bitsF32 = new Float32Array(1);
const bitsU32 = new Uint32Array(bitsF32.buffer);

/** The IEEE-754 bit pattern of `x` as a float32. */
export function f32Bits(x: number): number {
  bitsF32[0] = x;
  return bitsU32[0];
}

/** `x` with its float32 bits, so that -0, subnormals and last-bit differences show. */
export function formatF32(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  const text = Object.is(x, -0) ? '-0' : String(x);
  return `${text} (0x${f32Bits(x).toString(16).padStart(8, '0')})`;
}

/** Bit-identical as float32, or both NaN (any payload). */
export function sameF32(a: number, b: number): boolean {
  return (Number.isNaN(a) && Number.isNaN(b)) || f32Bits(a) === f32Bits(b);
}

/** Whether `actual` is within `tolerance` of `expected`; NaN must match NaN and infinities exactly. */
export function withinTolerance(actual: number, expected: number, tolerance: number): boolean {
  if (Number.isNaN(expected) || !Number.isFinite(expected))
    return Object.is(actual, expected) || sameF32(actual, expected);
  if (!Number.isFinite(actual)) return false;
  return Math.abs(actual - expected) <= tolerance;
}

/** A short description of a thrown value, naming its code when it has one. */
export function describeThrown(error: unknown): string {
  if (isKnhkError(error)) return error.message;
  const name = error instanceof Error ? error.name : typeName(error);
  return `an uncoded ${name}: ${describeError(error)}`;
}

/** Runs a call of the plugin; a throw fails the check, naming the call. */
export function attempt<T>(label: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof CheckFailure) throw error;
    fail(`${label} threw ${describeThrown(error)}`);
  }
}

/** Like {@link attempt}, for calls that return a promise. */
export async function attemptAsync<T>(label: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CheckFailure) throw error;
    fail(`${label} threw ${describeThrown(error)}`);
  }
}

/** Checks that `actual` is a Float32Array of `length` elements. */
export function expectFloat32Array(label: string, actual: unknown, length: number): Float32Array {
  expectThat(actual instanceof Float32Array, () => `${label}: expected a Float32Array, got ${typeName(actual)}`);
  const array = actual as Float32Array;
  expectThat(array.length === length, () => `${label}: expected ${length} elements, got ${array.length}`);
  return array;
}

/**
 * Compares float32 arrays element by element: bit for bit where `tolerance` is absent or 0
 * at that index (NaN equals NaN), else within it. Fails with the first differing index, its
 * expected and actual values, and how many elements differ.
 */
export function expectF32Equal(label: string, actual: unknown, expected: Float32Array, tolerance?: Float64Array): void {
  const got = expectFloat32Array(label, actual, expected.length);
  const [gotBits, expectedBits] = [bitsOf(got), bitsOf(expected)];
  let first = -1;
  let count = 0;
  for (let i = 0; i < expected.length; i++) {
    const t = tolerance?.[i] ?? 0;
    const ok =
      t === 0
        ? gotBits[i] === expectedBits[i] || (Number.isNaN(got[i]) && Number.isNaN(expected[i]))
        : withinTolerance(got[i], expected[i], t);
    if (ok) continue;
    if (first < 0) first = i;
    count++;
  }
  if (first < 0) return;
  const t = tolerance?.[first] ?? 0;
  const how = t === 0 ? 'bit for bit' : `within ${t.toExponential(3)}`;
  fail(
    `${label}: element [${first}] expected ${formatF32(expected[first])}, got ${formatF32(got[first])} ` +
      `(compared ${how}); ${count} of ${expected.length} elements differ`,
  );
}

function bitsOf(array: Float32Array): Uint32Array {
  return new Uint32Array(array.buffer, array.byteOffset, array.length);
}

/** Compares two numbers within `tolerance` (0: equal, with NaN equal to NaN and -0 equal to 0). */
export function expectNumber(label: string, actual: unknown, expected: number, tolerance = 0): void {
  expectThat(typeof actual === 'number', () => `${label}: expected a number, got ${typeName(actual)}`);
  const got = actual as number;
  const ok =
    tolerance === 0
      ? got === expected || (Number.isNaN(got) && Number.isNaN(expected))
      : withinTolerance(got, expected, tolerance);
  const how = tolerance === 0 ? 'exactly' : `within ${tolerance.toExponential(3)}`;
  expectThat(ok, () => `${label}: expected ${expected}, got ${got} (compared ${how}; difference ${got - expected})`);
}

/**
 * Compares two numbers exactly with `Object.is` (NaN equals NaN, but -0 differs from +0): for
 * results whose sign of zero the contracts fix (an empty sum is +0, min(-0, +0) is -0).
 */
export function expectSameNumber(label: string, actual: unknown, expected: number): void {
  expectThat(typeof actual === 'number', () => `${label}: expected a number, got ${typeName(actual)}`);
  const got = actual as number;
  const show = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));
  expectThat(
    Object.is(got, expected),
    () => `${label}: expected ${show(expected)}, got ${show(got)} (compared with Object.is)`,
  );
}

/** Compares integer arrays (bytes, ids, offsets) exactly, naming the first difference. */
export function expectIntegersEqual(label: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expectThat(
    actual.length === expected.length,
    () => `${label}: expected ${expected.length} elements, got ${actual.length}`,
  );
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) fail(`${label}: element [${i}] expected ${expected[i]}, got ${actual[i]}`);
  }
}

/** Checks that `actual` is a Uint8Array equal to `expected`. */
export function expectBytesEqual(label: string, actual: unknown, expected: Uint8Array): void {
  expectThat(actual instanceof Uint8Array, () => `${label}: expected a Uint8Array, got ${typeName(actual)}`);
  expectIntegersEqual(label, actual as Uint8Array, expected);
}

/** Runs `call` and returns what it threw (or `undefined` when it returned), awaiting a returned promise. */
export async function thrownBy(
  call: () => unknown,
): Promise<{ readonly threw: boolean; readonly error?: unknown; readonly value?: unknown }> {
  try {
    const value = await call();
    return { threw: false, value };
  } catch (error) {
    return { threw: true, error };
  }
}

/** Expects `call` to throw (or reject with) a knhk error with one of `codes`. */
export async function expectKnhkError(label: string, call: () => unknown, ...codes: AnyErrorCode[]): Promise<void> {
  const outcome = await thrownBy(call);
  const wanted = codes.join(' or ');
  if (!outcome.threw) fail(`${label}: expected ${wanted}, but it returned ${typeName(outcome.value)} without an error`);
  if (codes.some((code) => isKnhkError(outcome.error, code))) return;
  fail(`${label}: expected ${wanted}, but it threw ${describeThrown(outcome.error)}`);
}

/**
 * Expects `call` to throw the same coded argument error as the reference's `referenceCall`:
 * for bad input whose code the interfaces leave to the implementation, the reference decides.
 */
export async function expectRejectedLikeReference(
  label: string,
  call: () => unknown,
  referenceCall: () => unknown,
): Promise<void> {
  const ref = await thrownBy(referenceCall);
  if (!ref.threw || !isKnhkError(ref.error)) {
    const what = ref.threw ? `throws ${describeThrown(ref.error)}` : 'accepts it';
    fail(`${label}: the reference backend ${what}, so the kit cannot judge this call`);
  }
  await expectKnhkError(label, call, ref.error.code);
}
