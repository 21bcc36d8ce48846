/**
 * Assertions on coded knhk errors.
 */
import { type KnhkErrorCode, isKnhkError } from '@knhk/core';
import { expect } from 'chai';

/** Asserts that `run` throws a knhk error with `code`. */
export function expectCode(run: () => unknown, code: KnhkErrorCode): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected ${code}, nothing was thrown`).to.not.equal(undefined);
  expect(isKnhkError(thrown), `expected ${code}, got ${String(thrown)}`).to.equal(true);
  expect((thrown as { code: string }).code, String((thrown as Error).message)).to.equal(code);
}

/** Asserts that the promise rejects with a knhk error with `code`. */
export async function expectRejection(promise: Promise<unknown>, code: KnhkErrorCode): Promise<void> {
  let thrown: unknown;
  try {
    await promise;
  } catch (error) {
    thrown = error;
  }
  expect(isKnhkError(thrown, code), `expected ${code}, got ${String(thrown)}`).to.equal(true);
}

/** Asserts element by element that two float arrays are identical (NaN equals NaN, -0 differs from +0). */
export function expectSameFloats(actual: ArrayLike<number>, expected: ArrayLike<number>, what = 'result'): void {
  expect(actual.length, `${what} length`).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      expect.fail(`${what}[${i}] is ${actual[i]}, expected ${expected[i]}`);
    }
  }
}
