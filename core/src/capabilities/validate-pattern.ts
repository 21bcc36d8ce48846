/**
 * Argument checks of the `pattern` capability shared by every provider: what a pattern may
 * be, so that bad patterns get the same coded error whichever backend compiles them.
 */
import { KnhkError } from '../errors/knhk-error.js';
import { typeName } from './validate.js';

const encoder = new TextEncoder();

/**
 * The bytes of `patterns[index]`: a string as UTF-8, a Uint8Array as it is
 * (`KNHK_E_ARG_TYPE` for anything else, `KNHK_E_ARG_INVALID` for an empty pattern).
 */
export function patternBytes(op: string, pattern: unknown, index: number): Uint8Array {
  let bytes: Uint8Array;
  if (typeof pattern === 'string') bytes = encoder.encode(pattern);
  else if (pattern instanceof Uint8Array) bytes = pattern;
  else {
    throw new KnhkError(
      'KNHK_E_ARG_TYPE',
      `${op}: patterns[${index}] must be a string or a Uint8Array, got ${typeName(pattern)}`,
      { op, index },
    );
  }
  if (bytes.length === 0) {
    throw new KnhkError(
      'KNHK_E_ARG_INVALID',
      `${op}: patterns[${index}] is empty; every pattern needs at least one byte`,
      {
        op,
        index,
      },
    );
  }
  return bytes;
}
