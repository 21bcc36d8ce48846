/**
 * Licensing over a store: issue (with a signer), validate offline, revoke, signed revocation
 * lists, feature checks and usage against the license's monthly limits, under an
 * enforcement mode. Usage is recorded as metering events whose meter is the feature.
 */
import { randomUUID } from 'node:crypto';
import { describeError, type Licensing, type Logger, silentLogger } from '@knhk/core';
import { formatQuantity, parseQuantity } from '../money/money.js';
import { periodOf } from '../period.js';
import type { MeteringService } from '../metering/metering-service.js';
import type { IngestLimit, MarketStore } from '../store/store.js';
import { type EnforcementMode, enforce } from './enforcement.js';
import { type LicenseAlgorithm, LICENSE_ALGORITHMS } from './composite-signer.js';
import { type IssuedLicense, type LicenseRequest, issueLicense } from './issuer.js';
import type { LicensePayload } from './license.js';
import { signRevocationList } from './revocation.js';
import type { LicenseSigner } from './signer.js';
import type { LicenseCheck, LicenseValidator } from './validator.js';
import { marketplaceError } from '../errors.js';

export interface LicensingOptions {
  readonly mode?: EnforcementMode;
  readonly signer?: LicenseSigner;
  /**
   * The license algorithm (`ed25519` or `composite`) the service must sign and validate with:
   * a signer or validator key of another algorithm is refused with KNHK_E_LICENSE_KEY. Any
   * algorithm (the signer's) when absent.
   */
  readonly algorithm?: LicenseAlgorithm;
  readonly logger?: Logger;
  readonly nowMs?: () => number;
}

export interface UsageRecordResult {
  readonly recorded: boolean;
  readonly eventId: string;
  /** What Warn mode let through. */
  readonly warnings: readonly string[];
  /** Remaining quota after this usage, or null when unlimited. */
  readonly remaining: string | null;
}

function quantityMicrosOf(quantity: string): bigint {
  let micros: bigint;
  try {
    micros = parseQuantity(quantity);
  } catch (error) {
    throw marketplaceError(
      'KNHK_E_METER_EVENT_INVALID',
      `quantity ${JSON.stringify(quantity)}: ${describeError(error)}`,
      {},
    );
  }
  if (micros < 0n) throw marketplaceError('KNHK_E_METER_EVENT_INVALID', `quantity ${quantity} is negative`, {});
  return micros;
}

export class LicensingService implements Licensing {
  readonly mode: EnforcementMode;
  private readonly nowMs: () => number;
  private readonly logger: Logger;

  private constructor(
    private readonly store: MarketStore,
    readonly validator: LicenseValidator,
    private readonly metering: MeteringService,
    private readonly options: LicensingOptions,
  ) {
    this.mode = options.mode ?? 'Strict';
    this.nowMs = options.nowMs ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  /** A service whose validator knows every revocation in the store. */
  static async open(
    store: MarketStore,
    validator: LicenseValidator,
    metering: MeteringService,
    options: LicensingOptions = {},
  ): Promise<LicensingService> {
    const wanted = options.algorithm === undefined ? undefined : LICENSE_ALGORITHMS[options.algorithm];
    for (const [role, key] of [
      ['signing key', options.signer],
      ['validator key', validator.verifier],
    ] as const) {
      if (wanted !== undefined && key !== undefined && key.algorithm !== wanted) {
        throw marketplaceError('KNHK_E_LICENSE_KEY', `the ${role} is ${key.algorithm}, licensing asks for ${wanted}`, {
          algorithm: key.algorithm,
        });
      }
    }
    for (const entry of await store.revocations()) validator.markRevoked(entry.licenseId, entry.reason);
    return new LicensingService(store, validator, metering, options);
  }

  /** The algorithm name licenses are signed with (the signer's, else the validator's). */
  get algorithm(): string {
    return this.options.signer?.algorithm ?? this.validator.verifier.algorithm;
  }

  /** Signs a license without storing it (pure); see {@link record}. */
  sign(request: LicenseRequest): IssuedLicense {
    const signer = this.options.signer;
    if (signer === undefined) throw marketplaceError('KNHK_E_LICENSE_KEY', 'no signing key configured', {});
    return issueLicense(signer, { issuedAt: new Date(this.nowMs()), ...request });
  }

  /** Stores a signed license so that it can be revoked later. */
  async record(issued: IssuedLicense, tenantId = 'default'): Promise<void> {
    await this.store.putLicense({
      licenseId: issued.payload.id,
      customerId: issued.payload.customerId,
      tenantId,
      key: issued.key,
      issuedAtMs: Date.parse(issued.payload.issuedAt),
      expiresAtMs: Date.parse(issued.payload.expiresAt),
    });
  }

  /** Signs and stores a license. */
  async issue(request: LicenseRequest, tenantId = 'default'): Promise<IssuedLicense> {
    const issued = this.sign(request);
    await this.record(issued, tenantId);
    return issued;
  }

  validate(license: string): LicenseCheck {
    return this.validator.validate(license, this.nowMs());
  }

  isFeatureAllowed(license: string, feature: string): boolean {
    const check = this.validate(license);
    return check.state === 'Active' && check.license?.features.includes(feature) === true;
  }

  /** Revokes a license issued from this store; false when it was already revoked. */
  async revoke(licenseId: string, reason: string): Promise<boolean> {
    const record = await this.store.getLicense(licenseId);
    if (record === undefined) {
      throw marketplaceError('KNHK_E_LICENSE_MALFORMED', `no license ${licenseId} was issued from this store`, {
        licenseId,
      });
    }
    const revokedAt = new Date(this.nowMs()).toISOString();
    const done = await this.store.revoke({ ...record, revokedAt, reason });
    this.validator.markRevoked(licenseId, reason);
    return done;
  }

  /** The signed revocation list of every revocation in the store, for offline validators. */
  async revocationList(sequence: number): Promise<string> {
    const signer = this.options.signer;
    if (signer === undefined) throw marketplaceError('KNHK_E_LICENSE_KEY', 'no signing key configured', {});
    const revoked = await this.store.revocations();
    return signRevocationList(signer, { sequence, issuedAt: new Date(this.nowMs()).toISOString(), revoked });
  }

  /** Remaining monthly quota of a feature in micro-units, or null when unlimited. */
  async remainingQuota(license: string, feature: string): Promise<bigint | null> {
    const payload = this.trusted(this.validate(license));
    return this.remaining(payload, feature, this.nowMs());
  }

  async recordUsage(
    license: string,
    feature: string,
    quantity: string,
    options: { eventId?: string } = {},
  ): Promise<UsageRecordResult> {
    const nowMs = this.nowMs();
    const check = this.validate(license);
    const payload = this.trusted(check);
    const warnings: string[] = [];
    this.decide(
      check.state === 'Active',
      'KNHK_E_LICENSE_INVALID',
      `license is ${check.state}: ${check.reason}`,
      warnings,
    );
    this.decide(
      payload.features.includes(feature),
      'KNHK_E_LICENSE_FEATURE',
      `feature ${feature} is not licensed`,
      warnings,
    );
    const quantityMicros = quantityMicrosOf(quantity);
    const before = await this.remaining(payload, feature, nowMs);
    const within = before === null || quantityMicros <= before;
    this.decide(within, 'KNHK_E_LICENSE_QUOTA', `${feature}: ${quantity} exceeds the remaining quota`, warnings);
    const eventId = options.eventId ?? randomUUID();
    const event = {
      id: eventId,
      customerId: payload.customerId,
      meter: feature,
      quantity,
      timestamp: new Date(nowMs).toISOString(),
    };
    // In Strict mode the quota is checked again inside the write's transaction, so concurrent
    // recordings cannot together pass it; the check above only answers early.
    const limit = this.mode === 'Strict' ? this.quotaLimit(payload, feature, nowMs) : undefined;
    const ingested = await this.metering.ingest([event], { limit });
    if ((ingested.refused ?? 0) > 0) {
      throw marketplaceError('KNHK_E_LICENSE_QUOTA', `${feature}: ${quantity} exceeds the remaining quota`, {
        mode: this.mode,
      });
    }
    const after = before === null ? null : before - quantityMicros;
    return {
      recorded: true,
      eventId,
      warnings,
      remaining: after === null ? null : formatQuantity(after < 0n ? 0n : after),
    };
  }

  private trusted(check: LicenseCheck): LicensePayload {
    if (check.license === undefined) {
      throw marketplaceError('KNHK_E_LICENSE_INVALID', `license is ${check.state} (${check.code}): ${check.reason}`, {
        state: check.state,
        code: check.code,
      });
    }
    return check.license;
  }

  private decide(
    allowed: boolean,
    code: 'KNHK_E_LICENSE_INVALID' | 'KNHK_E_LICENSE_FEATURE' | 'KNHK_E_LICENSE_QUOTA',
    message: string,
    warnings: string[],
  ): void {
    const decision = enforce(this.mode, allowed);
    if (decision === 'block') throw marketplaceError(code, message, { mode: this.mode });
    if (decision === 'warn') {
      warnings.push(`${code}: ${message}`);
      this.logger.warn(`knhk marketplace (Warn mode): ${code}: ${message}`);
    }
  }

  /** The feature's quota for the current period as an atomic ingestion limit; undefined when unlimited. */
  private quotaLimit(payload: LicensePayload, feature: string, nowMs: number): IngestLimit | undefined {
    const limit = payload.limits[feature];
    if (limit === undefined) return undefined;
    const period = periodOf(nowMs);
    return { limitMicros: parseQuantity(limit), fromMs: period.fromMs, toMs: period.toMs };
  }

  private async remaining(payload: LicensePayload, feature: string, nowMs: number): Promise<bigint | null> {
    const limit = payload.limits[feature];
    if (limit === undefined) return null;
    const period = periodOf(nowMs);
    const used = await this.store.aggregate({
      customerId: payload.customerId,
      meter: feature,
      fromMs: period.fromMs,
      toMs: period.toMs,
      kind: 'sum',
    });
    const left = parseQuantity(limit) - used;
    return left > 0n ? left : 0n;
  }
}
