import { expect } from 'chai';
import { expectReject } from './expect-reject.js';
import {
  LicenseValidator,
  enforce,
  ed25519Signer,
  issueLicense,
  licenseKeyFromText,
  openMarketplace,
  signRevocationList,
  CLOCK_SKEW_DEFAULT_MS,
} from '../src/index.js';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const seed = (byte: number): Uint8Array => new Uint8Array(32).fill(byte);
const signer = ed25519Signer(seed(7));

function license(overrides: Partial<Parameters<typeof issueLicense>[1]> = {}) {
  return issueLicense(signer, {
    customerId: 'acme',
    features: ['api_calls', 'gpu_hours'],
    limits: { api_calls: '1000' },
    notBefore: new Date('2026-01-01T00:00:00Z'),
    expiresAt: new Date('2027-01-01T00:00:00Z'),
    issuedAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  });
}

describe('marketplace licensing', () => {
  const validator = new LicenseValidator(signer.verifier, { nowMs: () => NOW });

  it('round-trips a key and a license file, validating with only the public key', () => {
    const issued = license();
    expect(issued.key).to.match(/^knhk-lic1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const check = validator.validate(issued.key);
    expect(check).to.include({ state: 'Active', code: 'VALID' });
    expect(check.license).to.deep.equal(issued.payload);
    expect(check.license?.id).to.match(/^[0-9a-f-]{36}$/);
    const fileText = JSON.stringify(issued.file);
    expect(validator.validate(licenseKeyFromText(fileText)).state).to.equal('Active');
    expect(validator.validate(`  ${issued.key}\n`).state).to.equal('Active');
    expect(() => licenseKeyFromText('{"format":"other"}')).to.throw(/KNHK_E_LICENSE_MALFORMED/);
  });

  it('answers Expired, NotYetValid, Revoked and Invalid with reason codes', () => {
    const expired = license({ notBefore: new Date('2025-01-01Z'), expiresAt: new Date('2026-01-01Z') });
    expect(validator.validate(expired.key)).to.include({ state: 'Expired', code: 'EXPIRED' });
    const future = license({ notBefore: new Date('2026-07-01Z') });
    expect(validator.validate(future.key)).to.include({ state: 'NotYetValid', code: 'NOT_YET_VALID' });
    const other = issueLicense(ed25519Signer(seed(8)), { customerId: 'acme', features: ['api_calls'], ...dates() });
    expect(validator.validate(other.key)).to.include({ state: 'Invalid', code: 'BAD_SIGNATURE' });
    const issued = license();
    expect(validator.validate(issued.key.slice(0, -3))).to.include({ state: 'Invalid' });
    expect(validator.validate('knhk-lic1.abc')).to.include({ state: 'Invalid', code: 'MALFORMED' });
    expect(validator.validate('')).to.include({ state: 'Invalid', code: 'MALFORMED' });
    const revoking = new LicenseValidator(signer.verifier, { nowMs: () => NOW });
    revoking.markRevoked(issued.payload.id, 'chargeback');
    expect(revoking.validate(issued.key)).to.include({ state: 'Revoked', code: 'REVOKED', reason: 'chargeback' });
  });

  it('tolerates clock skew up to the configured bound and no further', () => {
    const notBeforeMs = NOW + 60_000;
    const soon = license({ notBefore: new Date(notBeforeMs) });
    expect(validator.validate(soon.key).state).to.equal('Active'); // within the default 5 minutes
    const strict = new LicenseValidator(signer.verifier, { clockSkewMs: 0, nowMs: () => NOW });
    expect(strict.validate(soon.key).state).to.equal('NotYetValid');
    const expiring = license({ expiresAt: new Date(NOW - CLOCK_SKEW_DEFAULT_MS + 1) });
    expect(validator.validate(expiring.key).state).to.equal('Active');
    expect(validator.validate(expiring.key, NOW + 1).state).to.equal('Expired');
    expect(() => new LicenseValidator(signer.verifier, { clockSkewMs: 2 * 60 * 60_000 })).to.throw(/KNHK_E_ARG_RANGE/);
  });

  it('loads a signed revocation list offline, refusing forged or older lists', () => {
    const issued = license();
    const entry = {
      licenseId: issued.payload.id,
      customerId: 'acme',
      revokedAt: '2026-06-01T00:00:00Z',
      reason: 'fraud',
    };
    const list = signRevocationList(signer, { sequence: 2, issuedAt: '2026-06-01T00:00:00Z', revoked: [entry] });
    const offline = new LicenseValidator(signer.verifier, { nowMs: () => NOW });
    expect(offline.loadRevocationList(list)).to.equal(1);
    expect(offline.validate(issued.key).state).to.equal('Revoked');
    const forged = signRevocationList(ed25519Signer(seed(9)), { sequence: 3, issuedAt: 'x', revoked: [] });
    expect(() => offline.loadRevocationList(forged)).to.throw(/KNHK_E_LICENSE_REVOCATION_LIST/);
    const [prefix, body, sig] = list.split('.');
    const tampered = `${prefix}.${body.slice(0, -2)}AA.${sig}`;
    expect(() => offline.loadRevocationList(tampered)).to.throw(/KNHK_E_LICENSE_/);
    const older = signRevocationList(signer, { sequence: 1, issuedAt: 'x', revoked: [] });
    expect(() => offline.loadRevocationList(older)).to.throw(/older than the loaded list/);
    expect(offline.validate(issued.key).state).to.equal('Revoked');
    // a license key is not a revocation list, and the reverse
    expect(() => offline.loadRevocationList(issued.key)).to.throw(/KNHK_E_LICENSE_MALFORMED/);
    expect(offline.validate(list).code).to.equal('MALFORMED');
  });

  it('decides by enforcement mode: Strict blocks, Warn warns, Permissive allows', () => {
    expect(enforce('Strict', false)).to.equal('block');
    expect(enforce('Warn', false)).to.equal('warn');
    expect(enforce('Permissive', false)).to.equal('allow');
    for (const mode of ['Strict', 'Warn', 'Permissive'] as const) expect(enforce(mode, true)).to.equal('allow');
  });

  it('records usage against the license limits, and revokes through the store', async () => {
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (m: string) => void warnings.push(m) };
    for (const mode of ['Strict', 'Warn', 'Permissive'] as const) {
      const market = await openMarketplace(':memory:', { signer, mode, logger, nowMs: () => NOW });
      const licensing = market.licensing!;
      await market.billing.createAccount({ customerId: 'acme', planId: 'free' });
      const issued = await licensing.issue({
        ...dates(),
        customerId: 'acme',
        features: ['api_calls'],
        limits: { api_calls: '100' },
      });
      expect(licensing.isFeatureAllowed(issued.key, 'api_calls')).to.equal(true);
      expect(licensing.isFeatureAllowed(issued.key, 'gpu_hours')).to.equal(false);
      const first = await licensing.recordUsage(issued.key, 'api_calls', '60', { eventId: 'u1' });
      expect(first.remaining).to.equal('40');
      expect(await licensing.remainingQuota(issued.key, 'api_calls')).to.equal(40_000_000n);
      const over = licensing.recordUsage(issued.key, 'api_calls', '50', { eventId: 'u2' });
      const unknown = licensing.recordUsage(issued.key, 'gpu_hours', '1', { eventId: 'u3' });
      if (mode === 'Strict') {
        await expectReject(over, 'KNHK_E_LICENSE_QUOTA');
        await expectReject(unknown, 'KNHK_E_LICENSE_FEATURE');
        expect(await market.store.eventCount('acme')).to.equal(1);
      } else {
        expect((await over).warnings.length).to.equal(mode === 'Warn' ? 1 : 0);
        expect((await unknown).recorded).to.equal(true);
        expect(await market.store.eventCount('acme')).to.equal(3);
        expect(await licensing.remainingQuota(issued.key, 'api_calls')).to.equal(0n);
      }
      await expectReject(licensing.recordUsage(issued.key, 'api_calls', '-1'), 'KNHK_E_METER_EVENT_INVALID');
      await expectReject(licensing.recordUsage(issued.key, 'api_calls', 'abc'), 'KNHK_E_METER_EVENT_INVALID');
      expect(await licensing.revoke(issued.payload.id, 'test')).to.equal(true);
      expect(await licensing.revoke(issued.payload.id, 'test')).to.equal(false);
      expect(licensing.validate(issued.key).state).to.equal('Revoked');
      const list = await licensing.revocationList(1);
      const offline = new LicenseValidator(signer.verifier, { nowMs: () => NOW });
      offline.loadRevocationList(list);
      expect(offline.validate(issued.key).state).to.equal('Revoked');
      await market.close();
    }
    expect(warnings.some((w) => w.includes('KNHK_E_LICENSE_QUOTA'))).to.equal(true);
  });

  it('in Strict mode, concurrent recordings together never pass the quota', async () => {
    const market = await openMarketplace(':memory:', { signer, mode: 'Strict', nowMs: () => NOW });
    const licensing = market.licensing!;
    await market.billing.createAccount({ customerId: 'acme', planId: 'free' });
    const issued = await licensing.issue({
      ...dates(),
      customerId: 'acme',
      features: ['api_calls'],
      limits: { api_calls: '100' },
    });
    // Ten recordings of 20 start together: each sees 100 remaining before any is written.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => licensing.recordUsage(issued.key, 'api_calls', '20', { eventId: `c${i}` })),
    );
    const accepted = outcomes.filter((o) => o.status === 'fulfilled').length;
    const refused = outcomes.filter(
      (o) => o.status === 'rejected' && (o.reason as { code?: string }).code === 'KNHK_E_LICENSE_QUOTA',
    );
    expect(accepted).to.equal(5);
    expect(refused).to.have.length(5);
    expect(await licensing.remainingQuota(issued.key, 'api_calls')).to.equal(0n);
    expect(await market.store.eventCount('acme')).to.equal(5);
    await market.close();
  });
});

function dates() {
  return { notBefore: new Date('2026-01-01T00:00:00Z'), expiresAt: new Date('2027-01-01T00:00:00Z') };
}
