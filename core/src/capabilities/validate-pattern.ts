/**
 * Argument checks of the `pattern` capability shared by every provider: what a pattern may
 * be, so that bad patterns get the same coded error whichever backend compiles them.
 */
import { KnhkError } from '../errors/knhk-error.js';
import { isUint8Array, typeName } from './validate.js';

/**
 * Most bytes the patterns of one set may hold in all, on every provider (so also the longest
 * pattern): 2^20 - 1, so that the reference's Aho-Corasick automaton (one state per pattern
 * byte at most, and its root) stays within 2^20 states, 1 GiB of transition table. More is
 * `KNHK_E_ARG_RANGE` before any provider compiles anything.
 */
export const MAX_PATTERN_BYTES = 2 ** 20 - 1;

const encoder = new TextEncoder();

/**
 * The bytes of `patterns[index]`: a string as UTF-8, a Uint8Array as it is
 * (`KNHK_E_ARG_TYPE` for anything else, `KNHK_E_ARG_INVALID` for an empty pattern).
 */
export function patternBytes(op: string, pattern: unknown, index: number): Uint8Array {
  let bytes: Uint8Array;
  if (typeof pattern === 'string') bytes = encoder.encode(pattern);
  else if (isUint8Array(pattern)) bytes = pattern;
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

/**
 * The bytes of every pattern of `pattern.compile`: an array (`KNHK_E_ARG_TYPE`), each
 * element checked by {@link patternBytes}, and at most {@link MAX_PATTERN_BYTES} in all
 * (`KNHK_E_ARG_RANGE`). Every provider's `compile` calls this first, so that every backend
 * takes the same sets.
 */
export function checkPatterns(op: string, patterns: unknown): Uint8Array[] {
  if (!Array.isArray(patterns)) {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: patterns must be an array, got ${typeName(patterns)}`, { op });
  }
  const count = patterns.length;
  const bytes: Uint8Array[] = [];
  let total = 0;
  for (let index = 0; index < count; index++) {
    const pattern = patternBytes(op, patterns[index] as unknown, index);
    total += pattern.length;
    if (total > MAX_PATTERN_BYTES) {
      throw new KnhkError(
        'KNHK_E_ARG_RANGE',
        `${op}: the patterns hold more than ${MAX_PATTERN_BYTES} bytes in all (${total} up to patterns[${index}]); split them into smaller sets`,
        { op, index, limit: MAX_PATTERN_BYTES },
      );
    }
    bytes.push(pattern);
  }
  return bytes;
}
