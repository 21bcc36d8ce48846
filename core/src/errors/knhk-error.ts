import { ERROR_CATALOGUE, type KnhkErrorCode } from './catalogue.js';

/** Structured context attached to an error (names, expected and actual values, reasons). */
export type KnhkErrorDetails = Readonly<Record<string, unknown>>;

/**
 * The error knhk throws: a catalogued `code`, a message that says what went wrong and what
 * to do, and optional structured `details`.
 *
 * Check errors by `code` (or with {@link isKnhkError}), not with `instanceof`: a plugin may
 * bring its own copy of `@knhk/core`.
 */
export class KnhkError extends Error {
  readonly code: KnhkErrorCode;
  readonly details: KnhkErrorDetails;

  constructor(code: KnhkErrorCode, message: string, details: KnhkErrorDetails = {}, options?: { cause?: unknown }) {
    super(`${code}: ${message}. ${ERROR_CATALOGUE[code].remedy}`, options);
    this.name = 'KnhkError';
    this.code = code;
    this.details = details;
  }
}

/** True for any knhk error, including one thrown by another copy of `@knhk/core`. */
export function isKnhkError(value: unknown, code?: KnhkErrorCode): value is KnhkError {
  if (typeof value !== 'object' || value === null) return false;
  const c = (value as { code?: unknown }).code;
  if (typeof c !== 'string' || !(c in ERROR_CATALOGUE)) return false;
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
