import type { AnyErrorCode, KnhkErrorCode } from './catalogue.js';
import { errorEntry, isCataloguedCode } from './registry.js';

/** Structured context attached to an error (names, expected and actual values, reasons). */
export type KnhkErrorDetails = Readonly<Record<string, unknown>>;

/**
 * The error knhk throws: a catalogued `code`, a message that says what went wrong and what
 * to do, and optional structured `details`.
 *
 * The constructor takes core's codes; a plugin makes errors with its own codes through its
 * catalogue (`defineErrorCatalogue(...).error(code, ...)`), so each side stays type-checked.
 * `code` is then a code of any registered catalogue.
 *
 * Check errors by `code` (or with {@link isKnhkError}), not with `instanceof`: a plugin may
 * bring its own copy of `@knhk/core`.
 */
export class KnhkError extends Error {
  readonly code: AnyErrorCode;
  readonly details: KnhkErrorDetails;

  constructor(code: KnhkErrorCode, message: string, details: KnhkErrorDetails = {}, options?: { cause?: unknown }) {
    const remedy = errorEntry(code)?.remedy;
    super(`${code}: ${message}.${remedy === undefined ? '' : ` ${remedy}`}`, options);
    this.name = 'KnhkError';
    this.code = code;
    this.details = details;
  }
}

/**
 * True for any knhk error (its code is in a registered catalogue, core's or a plugin's),
 * including one thrown by another copy of `@knhk/core`.
 */
export function isKnhkError(value: unknown, code?: AnyErrorCode): value is KnhkError {
  if (typeof value !== 'object' || value === null) return false;
  const c = (value as { code?: unknown }).code;
  if (typeof c !== 'string' || !isCataloguedCode(c)) return false;
  return code === undefined || c === code;
}

/**
 * True for errors that are the caller's fault (bad arguments, released or foreign buffers).
 * The framework propagates these at once and never falls back because of them.
 */
export function isCallerError(value: unknown): boolean {
  return isKnhkError(value) && (value.code.startsWith('KNHK_E_ARG_') || value.code.startsWith('KNHK_E_BUFFER_'));
}

/** Shorthand for `new KnhkError(...)`, for use in `throw` expressions. */
export function knhkError(code: KnhkErrorCode, message: string, details?: KnhkErrorDetails): KnhkError {
  return new KnhkError(code, message, details);
}

/** The message of any thrown value, for reasons and reports. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
