/**
 * What the plugin holds while it runs: nothing is opened at load, detect or init. The
 * database opens on the first metering or billing call (path from the plugin option `db`,
 * `$KNHK_MARKET_DB`, or the user's data folder); the validator reads its public key on the
 * first validation (option `publicKeyFile`, default the signing key file in the data folder)
 * and its revocation list from option `revocationListFile` when given.
 */
import { readFileSync } from 'node:fs';
import { type SignatureScheme, describeError } from '@knhk/core';
import { loadLicenseVerifier, loadVerifier } from './keys.js';
import type { LicenseVerifier } from './licensing/signer.js';
import type { EnforcementMode } from './licensing/enforcement.js';
import { LicenseValidator } from './licensing/validator.js';
import { type Marketplace, openMarketplace } from './marketplace.js';
import { defaultDatabasePath, defaultKeyPath } from './paths.js';
import { marketplaceError } from './errors.js';

export interface MarketplacePluginOptions {
  readonly db?: string;
  readonly publicKeyFile?: string;
  readonly revocationListFile?: string;
  readonly clockSkewMs?: number;
  readonly mode?: EnforcementMode;
}

export class PluginState {
  private opened: Promise<Marketplace> | undefined;
  private validatorValue: LicenseValidator | undefined;

  /**
   * @param signature the `signature` capability the framework handed the plugin (its
   * `requires`), which verifies composite licenses; undefined when no plugin provides it.
   */
  constructor(
    readonly options: MarketplacePluginOptions,
    private readonly signature?: SignatureScheme,
  ) {}

  marketplace(): Promise<Marketplace> {
    this.opened ??= openMarketplace(this.options.db ?? defaultDatabasePath(), { mode: this.options.mode });
    return this.opened;
  }

  /**
   * Loads the validator ahead of use when a public key file is configured: a composite
   * (ML-DSA-65+Ed25519) key is verified through the `signature` capability. Called from the
   * plugin's init().
   */
  async prepare(): Promise<void> {
    const file = this.options.publicKeyFile;
    if (file !== undefined) {
      this.validatorValue = this.makeValidator(await loadLicenseVerifier(file, { signature: this.signature }));
    }
  }

  /** The license validator; without a prepared one, the Ed25519 key of the data folder, read on first use. */
  validator(): LicenseValidator {
    this.validatorValue ??= this.makeValidator(loadVerifier(this.options.publicKeyFile ?? defaultKeyPath()));
    return this.validatorValue;
  }

  private makeValidator(verifier: LicenseVerifier): LicenseValidator {
    const validator = new LicenseValidator(verifier, { clockSkewMs: this.options.clockSkewMs });
    const listFile = this.options.revocationListFile;
    if (listFile !== undefined) {
      let text: string;
      try {
        text = readFileSync(listFile, 'utf8');
      } catch (error) {
        throw marketplaceError(
          'KNHK_E_LICENSE_REVOCATION_LIST',
          `cannot read ${listFile}: ${describeError(error)}`,
          {},
        );
      }
      validator.loadRevocationList(text);
    }
    return validator;
  }

  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = undefined;
    if (opened !== undefined) await (await opened).close();
  }
}
