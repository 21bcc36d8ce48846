import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  LicenseValidator,
  SCHEMA_VERSION,
  SqliteStore,
  ed25519Signer,
  issueLicense,
  openSqlite,
  parsePlan,
} from '../src/index.js';

describe('marketplace store and checks', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'knhk-market-store-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('opens in WAL mode with synchronous=FULL, migrates once, and refuses a newer schema', async () => {
    const file = path.join(dir, 'a', 'market.db');
    const db = openSqlite(file);
    expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
    expect(Number(db.pragma('synchronous', { simple: true }))).to.equal(2); // FULL
    expect(Number(db.pragma('user_version', { simple: true }))).to.equal(SCHEMA_VERSION);
    db.close();
    const store = new SqliteStore(file); // a second open does not migrate again
    await store.putCustomer({ customerId: 'acme', tenantId: 't1', planId: 'free', taxRatePpm: 0n, createdAtMs: 1 });
    await store.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => new SqliteStore(file)).to.throw(/KNHK_E_STORE_SCHEMA/);
    expect(() => new SqliteStore(path.join(dir, 'no-such-dir-\u0000', 'x.db'))).to.throw(/KNHK_E_STORE_OPEN/);
  });

  it('reports a meter total beyond 64-bit micro-units with KNHK_E_METER_TOTAL_OVERFLOW, never a wrong sum', async () => {
    const store = new SqliteStore(path.join(dir, 'overflow.db'));
    try {
      await store.putCustomer({ customerId: 'big', tenantId: 't1', planId: 'free', taxRatePpm: 0n, createdAtMs: 1 });
      const events = Array.from({ length: 10 }, (_, i) => ({
        eventId: `e${i}`,
        customerId: 'big',
        tenantId: 't1',
        meter: 'api_calls',
        quantityMicros: 10n ** 18n, // 10^12 units each: ten of them pass 2^63-1 micro-units
        timestampMs: 1000 + i,
        properties: null,
      }));
      await store.ingest(events);
      const query = { customerId: 'big', meter: 'api_calls', fromMs: 0, toMs: 10_000 } as const;
      expect(await store.aggregate({ ...query, kind: 'max' })).to.equal(10n ** 18n);
      let code: unknown;
      await store.aggregate({ ...query, kind: 'sum' }).catch((e: { code?: unknown }) => (code = e.code));
      expect(code).to.equal('KNHK_E_METER_TOTAL_OVERFLOW');
      code = undefined;
      await store.usageTotals(['big'], 0, 10_000).catch((e: { code?: unknown }) => (code = e.code));
      expect(code).to.equal('KNHK_E_METER_TOTAL_OVERFLOW');
    } finally {
      await store.close();
    }
  });

  it('refuses a license signed under another algorithm name with the same key', () => {
    const signer = ed25519Signer(new Uint8Array(32).fill(5));
    const impostor = { ...signer, algorithm: 'ML-DSA-65+Ed25519' };
    const issued = issueLicense(impostor, {
      customerId: 'acme',
      features: ['api_calls'],
      notBefore: new Date('2026-01-01T00:00:00Z'),
      expiresAt: new Date('2027-01-01T00:00:00Z'),
    });
    const validator = new LicenseValidator(signer.verifier, { nowMs: () => Date.parse('2026-06-01T00:00:00Z') });
    expect(validator.validate(issued.key)).to.include({ state: 'Invalid', code: 'ALGORITHM_MISMATCH' });
  });

  it('requires a property for unique_count charges', () => {
    const book = (charge: object) =>
      JSON.stringify({
        id: 'book',
        charges: [{ meter: 'api_calls', mode: 'volume', tiers: [{ upTo: null, unitPrice: '1' }], ...charge }],
      });
    expect(parsePlan(book({ aggregation: 'unique_count', property: 'user' })).charges[0].property).to.equal('user');
    expect(() => parsePlan(book({ aggregation: 'unique_count' }))).to.throw(/KNHK_E_BILLING_PLAN_INVALID/);
    expect(() => parsePlan(book({ aggregation: 'unique_count', property: 'a"b' }))).to.throw(
      /KNHK_E_BILLING_PLAN_INVALID/,
    );
    expect(() => parsePlan(book({ aggregation: 'sum', property: 'user' }))).to.throw(/KNHK_E_BILLING_PLAN_INVALID/);
  });
});
