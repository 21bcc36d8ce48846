/**
 * Offline license validation with only the public key: the signature, the validity window
 * (with a bounded clock-skew tolerance) and the revocation list. Never throws for a bad key:
 * every outcome is a state with a reason code.
 */
import { KnhkError, type LicenseState, type LicenseValidation } from '@knhk/core';
import { LICENSE_PREFIX } from './issuer.js';
import { type LicensePayload, parseInstant, payloadProblem } from './license.js';
import { type RevocationList, openRevocationList } from './revocation.js';
import { openEnvelope } from './signed-envelope.js';
import type { LicenseVerifier } from './signer.js';
import { marketplaceError } from '../errors.js';

/** Default tolerance for clocks that disagree, and the most a caller may configure. */
export const CLOCK_SKEW_DEFAULT_MS = 5 * 60_000;
export const CLOCK_SKEW_MAX_MS = 60 * 60_000;

/** Why a license has its state. */
export type LicenseReasonCode =
  'VALID' | 'MALFORMED' | 'BAD_SIGNATURE' | 'ALGORITHM_MISMATCH' | 'NOT_YET_VALID' | 'EXPIRED' | 'REVOKED';

export interface LicenseCheck extends LicenseValidation {
  readonly code: LicenseReasonCode;
  /** The payload, once its signature verified. */
  readonly license?: LicensePayload;
}

function outcome(state: LicenseState, code: LicenseReasonCode, reason: string, license?: LicensePayload): LicenseCheck {
  return license === undefined ? { state, code, reason } : { state, code, reason, license };
}

export interface ValidatorOptions {
  readonly clockSkewMs?: number;
  /** Clock, for tests; default Date.now. */
  readonly nowMs?: () => number;
}

export class LicenseValidator {
  readonly clockSkewMs: number;
  private readonly nowMs: () => number;
  private readonly revoked = new Map<string, string>();
  private revocationSequence = -1;

  constructor(
    readonly verifier: LicenseVerifier,
    options: ValidatorOptions = {},
  ) {
    const skew = options.clockSkewMs ?? CLOCK_SKEW_DEFAULT_MS;
    if (!Number.isSafeInteger(skew) || skew < 0 || skew > CLOCK_SKEW_MAX_MS) {
      throw new KnhkError('KNHK_E_ARG_RANGE', `clockSkewMs must be an integer in 0..${CLOCK_SKEW_MAX_MS}`, { skew });
    }
    this.clockSkewMs = skew;
    this.nowMs = options.nowMs ?? Date.now;
  }

  /** Loads a signed revocation list (replacing an older one); returns how many licenses it revokes. */
  loadRevocationList(text: string): number {
    const list: RevocationList = openRevocationList(text, this.verifier);
    if (list.sequence < this.revocationSequence) {
      throw marketplaceError(
        'KNHK_E_LICENSE_REVOCATION_LIST',
        `revocation list ${list.sequence} is older than the loaded list ${this.revocationSequence}`,
        { sequence: list.sequence },
      );
    }
    this.revocationSequence = list.sequence;
    this.revoked.clear();
    for (const entry of list.revoked) this.revoked.set(entry.licenseId, entry.reason);
    return this.revoked.size;
  }

  /** Marks one license revoked locally (as a store-backed service does). */
  markRevoked(licenseId: string, reason: string): void {
    this.revoked.set(licenseId, reason);
  }

  validate(key: string, atMs: number = this.nowMs()): LicenseCheck {
    const text = typeof key === 'string' ? key.trim() : '';
    // A key naming another algorithm than the validator's is refused before any signature
    // work: an Ed25519 validator never runs on a composite key, nor the other way round.
    const unverified = openEnvelope(LICENSE_PREFIX, text);
    if (!unverified.ok) return outcome('Invalid', 'MALFORMED', unverified.problem);
    const claimed = (unverified.payload as { alg?: unknown } | null)?.alg;
    if (typeof claimed === 'string' && claimed !== this.verifier.algorithm) {
      return outcome('Invalid', 'ALGORITHM_MISMATCH', `signed as ${claimed}, key is ${this.verifier.algorithm}`);
    }
    const opened = openEnvelope(LICENSE_PREFIX, text, this.verifier);
    if (!opened.ok) return outcome('Invalid', 'MALFORMED', opened.problem);
    if (!opened.signatureValid) return outcome('Invalid', 'BAD_SIGNATURE', 'signature does not verify');
    const problem = payloadProblem(opened.payload);
    if (problem !== undefined) return outcome('Invalid', 'MALFORMED', problem);
    const license = opened.payload as LicensePayload;
    if (license.alg !== this.verifier.algorithm) {
      return outcome('Invalid', 'ALGORITHM_MISMATCH', `signed as ${license.alg}, key is ${this.verifier.algorithm}`);
    }
    const revokedReason = this.revoked.get(license.id);
    if (revokedReason !== undefined) return outcome('Revoked', 'REVOKED', revokedReason, license);
    if (atMs + this.clockSkewMs < (parseInstant(license.notBefore) as number)) {
      return outcome('NotYetValid', 'NOT_YET_VALID', `valid from ${license.notBefore}`, license);
    }
    if (atMs - this.clockSkewMs >= (parseInstant(license.expiresAt) as number)) {
      return outcome('Expired', 'EXPIRED', `expired at ${license.expiresAt}`, license);
    }
    return outcome('Active', 'VALID', `valid until ${license.expiresAt}`, license);
  }
}
