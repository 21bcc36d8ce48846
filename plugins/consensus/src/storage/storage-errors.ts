/**
 * Turns file-system failures into coded errors: a full disk (or quota, or file size limit) is
 * `KNHK_E_CONSENSUS_STORAGE_FULL`, anything else `KNHK_E_CONSENSUS_STORAGE_IO`; both name the
 * file and what was being done.
 */
import { KnhkError } from '@knhk/core';
import { consensusError } from '../errors.js';

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/** The system error code of `error` (ENOSPC, EIO, ...), if it has one. */
export function systemCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A coded error for a failed `action` on `file`. */
export function storageError(error: unknown, action: string, file: string): KnhkError {
  if (error instanceof KnhkError) return error;
  const code = systemCode(error);
  const reason = error instanceof Error ? error.message : String(error);
  const details = { file, action, systemCode: code };
  if (code !== undefined && FULL_CODES.has(code)) {
    return consensusError('KNHK_E_CONSENSUS_STORAGE_FULL', `${action} ${file}: ${reason}`, details, { cause: error });
  }
  return consensusError('KNHK_E_CONSENSUS_STORAGE_IO', `${action} ${file}: ${reason}`, details, { cause: error });
}
