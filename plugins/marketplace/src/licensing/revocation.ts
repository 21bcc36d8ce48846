/**
 * Signed revocation lists, loadable offline. A list carries a sequence number; a validator
 * refuses a list older than the one it holds, so an attacker cannot un-revoke a license by
 * replaying an old list.
 */
import { openEnvelope, sealEnvelope } from './signed-envelope.js';
import type { LicenseSigner, LicenseVerifier } from './signer.js';
import { marketplaceError } from '../errors.js';

export const REVOCATION_PREFIX = 'knhk-rev1';
/** Most entries one list may hold. */
export const REVOCATION_ENTRIES_MAX = 1_000_000;

export interface RevocationEntry {
  readonly licenseId: string;
  readonly customerId: string;
  readonly revokedAt: string;
  readonly reason: string;
}

export interface RevocationList {
  readonly alg: string;
  readonly sequence: number;
  readonly issuedAt: string;
  readonly revoked: readonly RevocationEntry[];
}

export function signRevocationList(signer: LicenseSigner, list: Omit<RevocationList, 'alg'>): string {
  if (list.revoked.length > REVOCATION_ENTRIES_MAX) {
    throw marketplaceError('KNHK_E_LICENSE_REVOCATION_LIST', `more than ${REVOCATION_ENTRIES_MAX} entries`, {});
  }
  return sealEnvelope(REVOCATION_PREFIX, { alg: signer.algorithm, ...list }, signer);
}

function isEntry(e: unknown): e is RevocationEntry {
  const r = e as Partial<RevocationEntry>;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.licenseId === 'string' &&
    typeof r.customerId === 'string' &&
    typeof r.revokedAt === 'string' &&
    typeof r.reason === 'string'
  );
}

/** Opens and checks a signed list; throws a coded error when it is malformed or not signed by `verifier`. */
export function openRevocationList(text: string, verifier: LicenseVerifier): RevocationList {
  const opened = openEnvelope(REVOCATION_PREFIX, text.trim(), verifier);
  if (!opened.ok) throw marketplaceError('KNHK_E_LICENSE_MALFORMED', `revocation list: ${opened.problem}`, {});
  const list = opened.payload as Partial<RevocationList>;
  if (!opened.signatureValid || list.alg !== verifier.algorithm) {
    throw marketplaceError('KNHK_E_LICENSE_REVOCATION_LIST', 'revocation list signature does not verify', {});
  }
  const wellFormed =
    Number.isSafeInteger(list.sequence) &&
    typeof list.issuedAt === 'string' &&
    Array.isArray(list.revoked) &&
    list.revoked.length <= REVOCATION_ENTRIES_MAX &&
    list.revoked.every(isEntry);
  if (!wellFormed) throw marketplaceError('KNHK_E_LICENSE_MALFORMED', 'revocation list: bad fields', {});
  return list as RevocationList;
}
