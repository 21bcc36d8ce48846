import { expect } from 'chai';
import { x25519 } from '@noble/curves/ed25519.js';
import { sha3_256, shake256 } from '@noble/hashes/sha3.js';
import { ml_kem768_x25519 } from '@noble/post-quantum/hybrid.js';
import { ML_KEM_PARAMS, NobleKem, X_WING_SIZES, mlKem, xWing } from '../src/index.js';
import { prng } from './vectors-dir.js';

const kem = new NobleKem();
const random = prng(203);
const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

describe('KEM provider (noble)', function () {
  this.timeout(30_000);

  it('lists its algorithms', () => {
    expect(kem.algorithms).to.deep.equal(['ML-KEM-512', 'ML-KEM-768', 'ML-KEM-1024', 'X-Wing']);
  });

  for (const params of Object.values(ML_KEM_PARAMS)) {
    describe(params.name, () => {
      it('round-trips with the sizes of FIPS 203 Table 3', () => {
        const { publicKey, secretKey } = kem.keygen(params.name);
        expect([publicKey.length, secretKey.length]).to.deep.equal([params.publicKey, params.secretKey]);
        const { cipherText, sharedSecret } = kem.encapsulate(params.name, publicKey);
        expect(cipherText.length).to.equal(params.cipherText);
        expect(same(kem.decapsulate(params.name, cipherText, secretKey), sharedSecret)).to.equal(true);
      });

      it('is deterministic from a 64-byte seed d || z and an explicit 32-byte m', () => {
        const seed = bytes(64);
        const a = kem.keygen(params.name, seed);
        const b = kem.keygen(params.name, seed);
        expect(same(a.publicKey, b.publicKey) && same(a.secretKey, b.secretKey)).to.equal(true);
        expect(same(a.secretKey.subarray(-32), seed.subarray(32))).to.equal(true); // z ends dk
        const m = bytes(32);
        const e1 = kem.encapsulate(params.name, a.publicKey, m);
        const e2 = kem.encapsulate(params.name, a.publicKey, m);
        expect(same(e1.cipherText, e2.cipherText) && same(e1.sharedSecret, e2.sharedSecret)).to.equal(true);
      });

      it('a tampered ciphertext decapsulates to the implicit-rejection secret J(z || c), without throwing', () => {
        const { publicKey, secretKey } = kem.keygen(params.name);
        const { cipherText, sharedSecret } = kem.encapsulate(params.name, publicKey);
        const tampered = cipherText.slice();
        tampered[100] ^= 0x10;
        const rejected = kem.decapsulate(params.name, tampered, secretKey);
        expect(same(rejected, sharedSecret)).to.equal(false);
        const z = secretKey.subarray(-32);
        expect(same(rejected, shake256(new Uint8Array([...z, ...tampered]), { dkLen: 32 }))).to.equal(true);
      });

      it('checks keys as FIPS 203 section 7 says, with coded errors', () => {
        const { publicKey, secretKey } = kem.keygen(params.name);
        expect(mlKem.encapsulationKeyCheck(params, publicKey)).to.equal(true);
        expect(mlKem.decapsulationKeyCheck(params, secretKey)).to.equal(true);
        const badEk = publicKey.slice();
        badEk[0] = 0xff;
        badEk[1] |= 0x0f; // first coefficient 0xfff >= q
        expect(mlKem.encapsulationKeyCheck(params, badEk)).to.equal(false);
        expect(() => kem.encapsulate(params.name, badEk))
          .to.throw()
          .with.property('code', 'KNHK_E_CRYPTO_KEY_INVALID');
        const badDk = secretKey.slice();
        badDk[384 * params.k + 5] ^= 1; // inside the embedded ek: its hash no longer matches
        expect(mlKem.decapsulationKeyCheck(params, badDk)).to.equal(false);
        const { cipherText } = kem.encapsulate(params.name, publicKey);
        expect(() => kem.decapsulate(params.name, cipherText, badDk))
          .to.throw()
          .with.property('code', 'KNHK_E_CRYPTO_KEY_INVALID');
      });

      it('rejects wrong lengths with KNHK_E_ARG_LENGTH', () => {
        const { publicKey, secretKey } = kem.keygen(params.name);
        const { cipherText } = kem.encapsulate(params.name, publicKey);
        const code = 'KNHK_E_ARG_LENGTH';
        expect(() => kem.keygen(params.name, bytes(32)))
          .to.throw()
          .with.property('code', code);
        expect(() => kem.encapsulate(params.name, publicKey.subarray(1)))
          .to.throw()
          .with.property('code', code);
        expect(() => kem.encapsulate(params.name, publicKey, bytes(31)))
          .to.throw()
          .with.property('code', code);
        expect(() => kem.decapsulate(params.name, cipherText.subarray(1), secretKey))
          .to.throw()
          .with.property('code', code);
        expect(() => kem.decapsulate(params.name, cipherText, secretKey.subarray(1)))
          .to.throw()
          .with.property('code', code);
      });
    });
  }

  describe('X-Wing', () => {
    it('round-trips with the draft’s sizes; a tampered ciphertext gives another secret', () => {
      const { publicKey, secretKey } = kem.keygen('X-Wing');
      expect([publicKey.length, secretKey.length]).to.deep.equal([X_WING_SIZES.publicKey, X_WING_SIZES.secretKey]);
      const { cipherText, sharedSecret } = kem.encapsulate('X-Wing', publicKey);
      expect(cipherText.length).to.equal(X_WING_SIZES.cipherText);
      expect(same(kem.decapsulate('X-Wing', cipherText, secretKey), sharedSecret)).to.equal(true);
      const tampered = cipherText.slice();
      tampered[5] ^= 1;
      expect(same(kem.decapsulate('X-Wing', tampered, secretKey), sharedSecret)).to.equal(false);
    });

    it('is the draft’s construction: SHAKE256 key expansion and the SHA3-256 combiner with its label', () => {
      const seed = bytes(32);
      const { publicKey, secretKey } = kem.keygen('X-Wing', seed);
      const expanded = shake256(seed, { dkLen: 96 });
      const mk = mlKem.keyGen(ML_KEM_PARAMS['ML-KEM-768'], expanded.subarray(0, 64));
      const skX = expanded.subarray(64, 96);
      const pkX = x25519.getPublicKey(skX);
      expect(same(publicKey, new Uint8Array([...mk.publicKey, ...pkX]))).to.equal(true);
      const { cipherText, sharedSecret } = kem.encapsulate('X-Wing', publicKey);
      const ctM = cipherText.subarray(0, 1088);
      const ctX = cipherText.subarray(1088);
      const ssM = mlKem.decaps(ML_KEM_PARAMS['ML-KEM-768'], ctM, mk.secretKey);
      const ssX = x25519.getSharedSecret(skX, ctX);
      const combined = sha3_256(new Uint8Array([...ssM, ...ssX, ...ctX, ...pkX, ...xWing.X_WING_LABEL]));
      expect(same(sharedSecret, combined)).to.equal(true);
      expect(new TextDecoder().decode(xWing.X_WING_LABEL)).to.equal('\\.//^\\');
      expect(same(kem.decapsulate('X-Wing', cipherText, secretKey), combined)).to.equal(true);
    });

    it('agrees with @noble/post-quantum’s X-Wing on keys, ciphertexts and secrets', () => {
      for (let i = 0; i < 3; i++) {
        const seed = bytes(32);
        const randomness = bytes(64);
        const mine = kem.keygen('X-Wing', seed);
        const theirs = ml_kem768_x25519.keygen(seed);
        expect(same(mine.publicKey, theirs.publicKey)).to.equal(true);
        const e1 = kem.encapsulate('X-Wing', mine.publicKey, randomness);
        const e2 = ml_kem768_x25519.encapsulate(theirs.publicKey, randomness);
        expect(same(e1.cipherText, e2.cipherText) && same(e1.sharedSecret, e2.sharedSecret)).to.equal(true);
        expect(same(ml_kem768_x25519.decapsulate(e1.cipherText, theirs.secretKey), e1.sharedSecret)).to.equal(true);
      }
    });

    it('rejects wrong lengths with KNHK_E_ARG_LENGTH', () => {
      expect(() => kem.keygen('X-Wing', bytes(64)))
        .to.throw()
        .with.property('code', 'KNHK_E_ARG_LENGTH');
      expect(() => kem.decapsulate('X-Wing', bytes(1120), bytes(31)))
        .to.throw()
        .with.property('code', 'KNHK_E_ARG_LENGTH');
    });
  });

  it('an unknown algorithm is a coded error naming the known ones', () => {
    expect(() => kem.keygen('Kyber768'))
      .to.throw(/ML-KEM-512, ML-KEM-768, ML-KEM-1024, X-Wing/)
      .with.property('code', 'KNHK_E_CRYPTO_ALGORITHM_UNKNOWN');
  });
});
