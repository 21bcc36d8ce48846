import { describeError, isKnhkError } from '@knhk/core';

/** A coded error as JSON: `{code, message}`; an error without a knhk code is `KNHK_E_CLI_FAILED`. */
export interface ErrorJson {
  readonly error: { readonly code: string; readonly message: string };
}

/** The JSON error object every command prints on stdout under `--json` when it fails. */
export function errorJson(error: unknown): ErrorJson {
  const code = isKnhkError(error) ? error.code : 'KNHK_E_CLI_FAILED';
  return { error: { code, message: describeError(error) } };
}
