/**
 * The error codes of the crypto plugin: unknown algorithms, context strings, invalid ML-KEM keys, test vector sets of the audit. They are this plugin's own
 * catalogue (given to `definePlugin({ errors })`), documented in the `@knhk/plugin-crypto` section of
 * docs/errors.md; `cli/test/error-catalogues.test.ts` keeps the two in step.
 */
import { type ErrorCodeOf, defineErrorCatalogue } from '@knhk/core';

export const CRYPTO_ERRORS = defineErrorCatalogue('@knhk/plugin-crypto', {
  KNHK_E_CRYPTO_ALGORITHM_UNKNOWN: {
    summary: 'The crypto provider does not offer the algorithm named.',
    remedy:
      'Use one of the algorithm names listed in the message (for example ML-KEM-768, ML-DSA-65, Ed25519, X-Wing, MLDSA65-Ed25519-SHA512).',
  },
  KNHK_E_CRYPTO_CONTEXT_LENGTH: {
    summary: 'A signature context string is longer than 255 bytes.',
    remedy: 'Pass a context of at most 255 bytes (FIPS 204 limits it to 255), or none.',
  },
  KNHK_E_CRYPTO_KEY_INVALID: {
    summary:
      'An ML-KEM key fails the input check of FIPS 203 section 7: an encapsulation key with a coefficient not below q, or a decapsulation key whose embedded hash does not match its encapsulation key.',
    remedy:
      'Use the key exactly as keygen produced it; a key that fails the check was damaged or was not made by ML-KEM.',
  },
  KNHK_E_CRYPTO_VECTORS_INVALID: {
    summary: 'A test vector directory or file could not be read, or is not an ACVP vector set.',
    remedy:
      'Point --vectors (or KNHK_VECTORS) at a directory of ACVP vector sets, each a folder with prompt.json and expectedResults.json (gzipped or not).',
  },
});

/** Every code of this plugin's catalogue. */
export type CryptoErrorCode = ErrorCodeOf<typeof CRYPTO_ERRORS>;

/** A `KnhkError` with one of this plugin's codes (or one of core's). */
export const cryptoError = CRYPTO_ERRORS.error;
