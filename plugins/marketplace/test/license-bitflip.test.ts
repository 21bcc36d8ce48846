import { expect } from 'chai';
import { LicenseValidator, ed25519Signer, issueLicense } from '../src/index.js';
import { Prng } from './prng.js';

describe('marketplace licensing: flipped bits', () => {
  it('10,000 license keys with one random bit flipped: none validates', function () {
    this.timeout(120_000);
    const signer = ed25519Signer(new Uint8Array(32).fill(3));
    const validator = new LicenseValidator(signer.verifier, { nowMs: () => Date.parse('2026-06-01T00:00:00Z') });
    const prng = new Prng(20261127);
    const KEYS = 1000;
    const FLIPS_PER_KEY = 10;
    let tried = 0;
    for (let k = 0; k < KEYS; k++) {
      const issued = issueLicense(signer, {
        customerId: `customer-${k}`,
        features: ['api_calls', `feature_${prng.below(100)}`],
        limits: { api_calls: `${prng.below(1_000_000)}` },
        notBefore: new Date('2026-01-01T00:00:00Z'),
        expiresAt: new Date('2027-01-01T00:00:00Z'),
      });
      expect(validator.validate(issued.key).state).to.equal('Active');
      const bytes = new TextEncoder().encode(issued.key);
      for (let f = 0; f < FLIPS_PER_KEY; f++) {
        const flipped = bytes.slice();
        const bit = prng.below(bytes.length * 8);
        flipped[bit >> 3] ^= 1 << (bit & 7);
        const text = new TextDecoder('utf-8', { fatal: false }).decode(flipped);
        const check = validator.validate(text);
        expect(check.state, `key ${k}, bit ${bit}: ${check.code}`).to.equal('Invalid');
        tried++;
      }
    }
    expect(tried).to.equal(10_000);
  });
});
