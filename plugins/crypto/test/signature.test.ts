import { expect } from 'chai';
import { ML_DSA_PARAMS, NobleSignatures, PRE_HASHES, mlDsa } from '../src/index.js';
import { prng } from './vectors-dir.js';

const scheme = new NobleSignatures();
const random = prng(204);
const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
const message = new TextEncoder().encode('knhk signs this');
const context = new TextEncoder().encode('knhk context');

describe('signature provider (noble)', function () {
  this.timeout(60_000);

  it('lists its algorithms', () => {
    expect(scheme.algorithms).to.deep.equal([
      'ML-DSA-44',
      'ML-DSA-65',
      'ML-DSA-87',
      'HashML-DSA-44',
      'HashML-DSA-65',
      'HashML-DSA-87',
      'Ed25519',
      'Ed25519+ML-DSA-44',
      'Ed25519+ML-DSA-65',
      'Ed25519+ML-DSA-87',
      'MLDSA65-Ed25519-SHA512',
    ]);
  });

  for (const params of Object.values(ML_DSA_PARAMS)) {
    describe(params.name, () => {
      const seed = bytes(32);
      const { publicKey, secretKey } = scheme.keygen(params.name, seed);

      it('keygen from a 32-byte seed is deterministic, with the sizes of FIPS 204 Table 2', () => {
        expect([publicKey.length, secretKey.length]).to.deep.equal([params.publicKey, params.secretKey]);
        expect(same(scheme.keygen(params.name, seed).secretKey, secretKey)).to.equal(true);
      });

      it('signs deterministically or hedged, with a context that must match', () => {
        const d1 = scheme.sign(params.name, secretKey, message, context, { deterministic: true });
        const d2 = scheme.sign(params.name, secretKey, message, context, { deterministic: true });
        const h1 = scheme.sign(params.name, secretKey, message, context);
        const h2 = scheme.sign(params.name, secretKey, message, context);
        expect(d1.length).to.equal(params.signature);
        expect(same(d1, d2)).to.equal(true);
        expect(same(h1, h2)).to.equal(false);
        for (const sig of [d1, h1]) expect(scheme.verify(params.name, publicKey, message, sig, context)).to.equal(true);
        expect(scheme.verify(params.name, publicKey, message, d1)).to.equal(false);
        expect(scheme.verify(params.name, publicKey, message, d1, new Uint8Array(255))).to.equal(false);
        const rnd = bytes(32);
        const r1 = scheme.sign(params.name, secretKey, message, context, { random: rnd });
        expect(same(r1, scheme.sign(params.name, secretKey, message, context, { random: rnd }))).to.equal(true);
      });

      it('HashML-DSA: pre-hashed with each ACVP hash; pure and pre-hash signatures do not cross', () => {
        const hashName = `Hash${params.name}`;
        for (const hash of Object.keys(PRE_HASHES)) {
          const sig = scheme.sign(hashName, secretKey, message, context, { hash, deterministic: true });
          expect(scheme.verify(hashName, publicKey, message, sig, context, { hash }), hash).to.equal(true);
        }
        const sha512 = scheme.sign(hashName, secretKey, message, context); // default SHA2-512
        expect(scheme.verify(hashName, publicKey, message, sha512, context, { hash: 'SHA2-512' })).to.equal(true);
        expect(scheme.verify(hashName, publicKey, message, sha512, context, { hash: 'SHA3-512' })).to.equal(false);
        expect(scheme.verify(params.name, publicKey, message, sha512, context)).to.equal(false);
        expect(() => scheme.sign(hashName, secretKey, message, context, { hash: 'MD5' }))
          .to.throw(/SHA2-224/)
          .with.property('code', 'KNHK_E_CRYPTO_ALGORITHM_UNKNOWN');
        expect(() => scheme.sign(params.name, secretKey, message, context, { hash: 'SHA2-256' }))
          .to.throw()
          .with.property('code', 'KNHK_E_ARG_INVALID');
      });

      it('the internal interface with external mu agrees with the external one', () => {
        const tr = mlDsa.formatMessage(message, context);
        const sig = scheme.sign(params.name, secretKey, message, context, { deterministic: true });
        expect(same(mlDsa.signInternal(params, secretKey, tr, { deterministic: true }), sig)).to.equal(true);
        // mu = H(tr || M', 64) with tr = H(pk, 64)
        const mu = mlDsa.messageRepresentative(publicKey, tr);
        expect(
          same(mlDsa.signInternal(params, secretKey, mu, { deterministic: true, externalMu: true }), sig),
        ).to.equal(true);
        expect(mlDsa.verifyInternal(params, publicKey, mu, sig, { externalMu: true })).to.equal(true);
      });

      it('a context over 255 bytes is a coded error; wrong key lengths too; a short signature is false', () => {
        expect(() => scheme.sign(params.name, secretKey, message, new Uint8Array(256)))
          .to.throw()
          .with.property('code', 'KNHK_E_CRYPTO_CONTEXT_LENGTH');
        expect(() => scheme.sign(params.name, secretKey.subarray(1), message))
          .to.throw()
          .with.property('code', 'KNHK_E_ARG_LENGTH');
        expect(() => scheme.verify(params.name, publicKey.subarray(1), message, new Uint8Array(params.signature)))
          .to.throw()
          .with.property('code', 'KNHK_E_ARG_LENGTH');
        expect(() => scheme.keygen(params.name, bytes(31)))
          .to.throw()
          .with.property('code', 'KNHK_E_ARG_LENGTH');
        const sig = scheme.sign(params.name, secretKey, message);
        expect(scheme.verify(params.name, publicKey, message, sig.subarray(1))).to.equal(false);
      });
    });
  }

  describe('hybrid Ed25519 + ML-DSA', () => {
    const alg = 'Ed25519+ML-DSA-65';
    const { publicKey, secretKey } = scheme.keygen(alg, bytes(64));
    const signature = scheme.sign(alg, secretKey, message, context);
    const split = ML_DSA_PARAMS['ML-DSA-65'].signature;

    it('verify requires both parts', () => {
      expect(scheme.verify(alg, publicKey, message, signature, context)).to.equal(true);
      const badPq = signature.slice();
      badPq[10] ^= 1;
      const badEd = signature.slice();
      badEd[split + 10] ^= 1;
      expect(scheme.verify(alg, publicKey, message, badPq, context)).to.equal(false);
      expect(scheme.verify(alg, publicKey, message, badEd, context)).to.equal(false);
    });

    it('verifyGraceful accepts when at least one part verifies and says which', () => {
      expect(scheme.verifyGraceful(alg, publicKey, message, signature, context)).to.deep.equal({
        valid: true,
        both: true,
        mlDsa: true,
        ed25519: true,
      });
      const badPq = signature.slice();
      badPq[10] ^= 1;
      expect(scheme.verifyGraceful(alg, publicKey, message, badPq, context)).to.deep.equal({
        valid: true,
        both: false,
        mlDsa: false,
        ed25519: true,
      });
      const badEd = signature.slice();
      badEd[split + 10] ^= 1;
      expect(scheme.verifyGraceful(alg, publicKey, message, badEd, context)).to.deep.include({
        valid: true,
        mlDsa: true,
        ed25519: false,
      });
      const both = badPq.slice();
      both[split + 10] ^= 1;
      expect(scheme.verifyGraceful(alg, publicKey, message, both, context).valid).to.equal(false);
      expect(() => scheme.verifyGraceful('ML-DSA-65', publicKey, message, signature))
        .to.throw()
        .with.property('code', 'KNHK_E_CRYPTO_ALGORITHM_UNKNOWN');
    });

    it('its parts are a plain ML-DSA and a plain Ed25519 (Ed25519ctx) signature', () => {
      const pkSplit = ML_DSA_PARAMS['ML-DSA-65'].publicKey;
      const pq = signature.subarray(0, split);
      const ed = signature.subarray(split);
      expect(scheme.verify('ML-DSA-65', publicKey.subarray(0, pkSplit), message, pq, context)).to.equal(true);
      expect(scheme.verify('Ed25519', publicKey.subarray(pkSplit), message, ed, context)).to.equal(true);
    });
  });

  it('an unknown algorithm is a coded error naming the known ones', () => {
    expect(() => scheme.sign('Dilithium3', new Uint8Array(32), message))
      .to.throw(/ML-DSA-44, ML-DSA-65/)
      .with.property('code', 'KNHK_E_CRYPTO_ALGORITHM_UNKNOWN');
  });
});
