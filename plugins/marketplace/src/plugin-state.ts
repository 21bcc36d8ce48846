/**
 * What the plugin holds while it runs: nothing is opened at load, detect or init. The
 * database opens on the first metering or billing call (path from the plugin option `db`,
 * `$KNHK_MARKET_DB`, or the user's data folder); the validator reads its public key on the
 * first validation (option `publicKeyFile`, default the signing key file in the data folder)
 * and its revocation list from option `revocationListFile` when given.
 */
import { readFileSync } from 'node:fs';
import { KnhkError, describeError } from '@knhk/core';
import { loadVerifier } from './keys.js';
import type { EnforcementMode } from './licensing/enforcement.js';
import { LicenseValidator } from './licensing/validator.js';
import { type Marketplace, openMarketplace } from './marketplace.js';
import { defaultDatabasePath, defaultKeyPath } from './paths.js';

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

  constructor(readonly options: MarketplacePluginOptions) {}

  marketplace(): Promise<Marketplace> {
    this.opened ??= openMarketplace(this.options.db ?? defaultDatabasePath(), { mode: this.options.mode });
    return this.opened;
  }

  validator(): LicenseValidator {
    if (this.validatorValue !== undefined) return this.validatorValue;
    const validator = new LicenseValidator(loadVerifier(this.options.publicKeyFile ?? defaultKeyPath()), {
      clockSkewMs: this.options.clockSkewMs,
    });
    const listFile = this.options.revocationListFile;
    if (listFile !== undefined) {
      let text: string;
      try {
        text = readFileSync(listFile, 'utf8');
      } catch (error) {
        throw new KnhkError('KNHK_E_LICENSE_REVOCATION_LIST', `cannot read ${listFile}: ${describeError(error)}`, {});
      }
      validator.loadRevocationList(text);
    }
    this.validatorValue = validator;
    return validator;
  }

  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = undefined;
    if (opened !== undefined) await (await opened).close();
  }
}
