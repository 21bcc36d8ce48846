/**
 * The marketplace assembled: one store, and the licensing, metering and billing services on
 * it. `openMarketplace` opens the SQLite store; any other {@link MarketStore} can be passed.
 */
import type { Logger } from '@knhk/core';
import { BillingService } from './billing/billing-service.js';
import type { LicenseAlgorithm } from './licensing/composite-signer.js';
import type { EnforcementMode } from './licensing/enforcement.js';
import { LicensingService } from './licensing/licensing-service.js';
import type { LicenseSigner, LicenseVerifier } from './licensing/signer.js';
import { LicenseValidator } from './licensing/validator.js';
import { MeteringService } from './metering/metering-service.js';
import type { RateLimiter } from './metering/rate-limiter.js';
import { type SqliteOptions } from './store/sqlite/open.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import type { MarketStore } from './store/store.js';

export interface MarketplaceOptions {
  /** The signing key (issuing, revocation lists); its public key verifies when `verifier` is absent. */
  readonly signer?: LicenseSigner;
  readonly verifier?: LicenseVerifier;
  /** The license algorithm the signer and verifier must have (see `LicensingOptions.algorithm`). */
  readonly algorithm?: LicenseAlgorithm;
  readonly mode?: EnforcementMode;
  readonly clockSkewMs?: number;
  readonly rateLimiter?: RateLimiter;
  readonly logger?: Logger;
  /** Clock, for tests. */
  readonly nowMs?: () => number;
}

export interface Marketplace {
  readonly store: MarketStore;
  readonly metering: MeteringService;
  readonly billing: BillingService;
  /** Present when a signer or verifier was given. */
  readonly licensing: LicensingService | undefined;
  close(): Promise<void>;
}

export async function createMarketplace(store: MarketStore, options: MarketplaceOptions = {}): Promise<Marketplace> {
  const nowMs = options.nowMs ?? Date.now;
  const metering = new MeteringService(store, { nowMs, rateLimiter: options.rateLimiter });
  const billing = new BillingService(store, { nowMs });
  const verifier = options.verifier ?? options.signer?.verifier;
  const licensing =
    verifier === undefined
      ? undefined
      : await LicensingService.open(
          store,
          new LicenseValidator(verifier, { clockSkewMs: options.clockSkewMs, nowMs }),
          metering,
          {
            mode: options.mode,
            signer: options.signer,
            algorithm: options.algorithm,
            logger: options.logger,
            nowMs,
          },
        );
  return { store, metering, billing, licensing, close: () => store.close() };
}

/** Opens (creating and migrating) the SQLite database at `file`. */
export async function openMarketplace(
  file: string,
  options: MarketplaceOptions & { readonly sqlite?: SqliteOptions } = {},
): Promise<Marketplace> {
  const store = new SqliteStore(file, options.sqlite);
  try {
    return await createMarketplace(store, options);
  } catch (error) {
    await store.close();
    throw error;
  }
}
