import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFramework, silentLogger } from '@knhk/core';
import cryptoPlugin, { NobleSignatures } from '@knhk/plugin-crypto';
import marketplacePlugin, { compositeSigner, ed25519Signer, issueLicense, publicKeyFileText } from '../src/index.js';
import { writeFileSync } from 'node:fs';

describe('marketplace plugin', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'knhk-market-plugin-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads without opening a database, and opens it on the first metering call', async () => {
    const db = path.join(dir, 'sub', 'market.db');
    const keyFile = path.join(dir, 'public-key.json');
    const signer = ed25519Signer(new Uint8Array(32).fill(1));
    writeFileSync(keyFile, publicKeyFileText(signer));
    const knhk = await createFramework({
      plugins: [marketplacePlugin],
      discover: false,
      wisdomPath: false,
      pluginOptions: { marketplace: { db, publicKeyFile: keyFile } },
    });
    try {
      expect(marketplacePlugin.manifest.capabilities).to.deep.equal(['licensing', 'metering', 'billing']);
      expect(existsSync(db), 'no database before first use').to.equal(false);
      const issued = issueLicense(signer, {
        customerId: 'acme',
        features: ['api_calls'],
        notBefore: new Date(Date.now() - 1000),
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      const licensing = knhk.get('licensing');
      expect(licensing.validate(issued.key)).to.include({ state: 'Active', code: 'VALID' });
      expect(licensing.isFeatureAllowed(issued.key, 'api_calls')).to.equal(true);
      expect(licensing.isFeatureAllowed(issued.key, 'gpu_hours')).to.equal(false);
      expect(existsSync(db)).to.equal(false);
      const metering = knhk.get('metering');
      const event = {
        id: 'e1',
        customerId: 'acme',
        meter: 'api_calls',
        quantity: '1',
        timestamp: '2026-01-01T00:00:00Z',
      };
      try {
        await metering.ingest([event]);
        expect.fail('unknown customer must be refused');
      } catch (error) {
        expect((error as { code?: string }).code).to.equal('KNHK_E_BILLING_CUSTOMER_UNKNOWN');
      }
      expect(existsSync(db)).to.equal(true);
    } finally {
      await knhk.dispose();
    }
  });

  it('validates composite (ML-DSA-65+Ed25519) licenses through the signature capability it is handed', async () => {
    expect(marketplacePlugin.manifest.requires).to.deep.equal([{ capability: 'signature', optional: true }]);
    const signer = await compositeSigner(new Uint8Array(64).fill(7), { signature: new NobleSignatures() });
    const keyFile = path.join(dir, 'composite-public-key.json');
    writeFileSync(keyFile, publicKeyFileText(signer));
    // Without a signature provider the composite key cannot be verified: the plugin is isolated, with the code.
    const alone = await createFramework({
      plugins: [marketplacePlugin],
      discover: false,
      wisdomPath: false,
      logger: silentLogger,
      pluginOptions: { marketplace: { db: path.join(dir, 'c.db'), publicKeyFile: keyFile } },
    });
    expect(alone.plugins()[0]).to.include({ status: 'failed' });
    expect(alone.plugins()[0].error?.code).to.equal('KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE');
    await alone.dispose();
    // Listed before the crypto plugin, the marketplace still starts after it and gets its signature capability.
    const knhk = await createFramework({
      plugins: [marketplacePlugin, cryptoPlugin],
      discover: false,
      wisdomPath: false,
      pluginOptions: { marketplace: { db: path.join(dir, 'c.db'), publicKeyFile: keyFile } },
    });
    try {
      expect(knhk.plugins()[0].status, knhk.plugins()[0].reason).to.equal('ready');
      expect(knhk.plugins()[1].status).to.equal('ready');
      const issued = issueLicense(signer, {
        customerId: 'acme',
        features: ['api_calls'],
        notBefore: new Date(Date.now() - 1000),
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      expect(knhk.get('licensing').validate(issued.key)).to.include({ state: 'Active', code: 'VALID' });
      const ed = issueLicense(ed25519Signer(new Uint8Array(32).fill(1)), {
        customerId: 'acme',
        features: ['api_calls'],
        notBefore: new Date(Date.now() - 1000),
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      expect(knhk.get('licensing').validate(ed.key)).to.include({ state: 'Invalid', code: 'ALGORITHM_MISMATCH' });
    } finally {
      await knhk.dispose();
    }
  });
});
