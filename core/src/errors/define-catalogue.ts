/**
 * `defineErrorCatalogue`: how a plugin module declares its own `KNHK_E_*` codes. The result
 * is registered at once (so `isKnhkError` and messages know the codes), gives the typed
 * constructor of the plugin's errors, and goes to `definePlugin({ errors })`.
 */
import type { ErrorEntry, KnhkErrorCode } from './catalogue.js';
import { KnhkError, type KnhkErrorDetails } from './knhk-error.js';
import { registerErrorCatalogue } from './registry.js';

/** A plugin's catalogue of error codes, as `defineErrorCatalogue` returns it. */
export interface ErrorCatalogue<C extends string = string> {
  /** The package that owns the codes, e.g. `@knhk/plugin-crypto`. */
  readonly owner: string;
  readonly entries: Readonly<Record<C, ErrorEntry>>;
  /** The codes, in catalogue order. */
  readonly codes: readonly C[];
  /**
   * A `KnhkError` with one of this catalogue's codes (or one of core's, such as
   * `KNHK_E_ARG_LENGTH`): the message gets the code's remedy.
   */
  error(code: C | KnhkErrorCode, message: string, details?: KnhkErrorDetails, options?: { cause?: unknown }): KnhkError;
}

/** The code union of a catalogue: `type CryptoErrorCode = ErrorCodeOf<typeof CRYPTO_ERRORS>`. */
export type ErrorCodeOf<T> = T extends ErrorCatalogue<infer C> ? C : never;

/**
 * Declares and registers the error codes of a plugin (`owner`: its package name). Throws
 * `KNHK_E_PLUGIN_MANIFEST_INVALID` for a code that is not `KNHK_E_<AREA>_<PROBLEM>`, lacks a
 * summary or remedy, or is declared by another catalogue (core's or another plugin's).
 *
 * @example
 * export const ACME_ERRORS = defineErrorCatalogue('@acme/knhk-plugin', {
 *   KNHK_E_ACME_DEVICE_LOST: { summary: 'The Acme card stopped answering.', remedy: 'Reseat the card.' },
 * });
 * export type AcmeErrorCode = ErrorCodeOf<typeof ACME_ERRORS>;
 * throw ACME_ERRORS.error('KNHK_E_ACME_DEVICE_LOST', 'card 0 timed out');
 */
export function defineErrorCatalogue<const E extends Readonly<Record<`KNHK_E_${string}`, ErrorEntry>>>(
  owner: string,
  entries: E,
): ErrorCatalogue<keyof E & string> {
  const problem = registerErrorCatalogue(owner, entries);
  if (problem !== undefined) throw new KnhkError('KNHK_E_PLUGIN_MANIFEST_INVALID', problem, { owner });
  type C = keyof E & string;
  const frozen = Object.freeze({ ...entries }) as Readonly<Record<C, ErrorEntry>>;
  return Object.freeze({
    owner,
    entries: frozen,
    codes: Object.freeze(Object.keys(frozen) as C[]),
    error: (code: C | KnhkErrorCode, message: string, details?: KnhkErrorDetails, options?: { cause?: unknown }) =>
      // The code is registered (above), which is what the constructor's own type stands for.
      new KnhkError(code as KnhkErrorCode, message, details, options),
  });
}
