/** Input checks shared by every algorithm: they throw coded errors before any work is done. */
import { KnhkError } from '@knhk/core';
import { MAX_CONTEXT_BYTES } from './params.js';
import { cryptoError } from './errors.js';

/** Throws KNHK_E_ARG_TYPE unless `value` is a Uint8Array. */
export function abytes(value: unknown, what: string, where: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${where}: ${what} must be a Uint8Array`, { what });
  }
}

/** Throws KNHK_E_ARG_LENGTH unless `value` is a Uint8Array of exactly `length` bytes. */
export function alength(value: unknown, length: number, what: string, where: string): Uint8Array {
  abytes(value, what, where);
  if (value.length !== length) {
    throw new KnhkError('KNHK_E_ARG_LENGTH', `${where}: ${what} must be ${length} bytes, got ${value.length}`, {
      what,
      expected: length,
      actual: value.length,
    });
  }
  return value;
}

/** The context string, checked: at most 255 bytes (FIPS 204, Algorithms 2 and 3). Absent is empty. */
export function acontext(context: Uint8Array | undefined, where: string): Uint8Array {
  if (context === undefined) return new Uint8Array(0);
  abytes(context, 'context', where);
  if (context.length > MAX_CONTEXT_BYTES) {
    throw cryptoError(
      'KNHK_E_CRYPTO_CONTEXT_LENGTH',
      `${where}: the context string is ${context.length} bytes, at most ${MAX_CONTEXT_BYTES} are allowed`,
      { actual: context.length, max: MAX_CONTEXT_BYTES },
    );
  }
  return context;
}

/** The coded error for an algorithm name a provider does not offer. */
export function unknownAlgorithm(name: unknown, known: readonly string[], where: string): KnhkError {
  return cryptoError(
    'KNHK_E_CRYPTO_ALGORITHM_UNKNOWN',
    `${where}: unknown algorithm ${JSON.stringify(name)}; known: ${known.join(', ')}`,
    { algorithm: name, known },
  );
}

/** Concatenates byte arrays. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Constant-time (for equal lengths) byte comparison. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
