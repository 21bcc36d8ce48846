import { expect } from 'chai';
import path from 'node:path';
import { NobleSignatures, ed25519 } from '../src/index.js';
import { VECTORS, hex, readJson } from './vectors-dir.js';

interface Rfc8032Vector {
  name: string;
  secretKey: string;
  publicKey: string;
  message: string;
  signature: string;
}

const vectors = readJson<Rfc8032Vector[]>(path.join(VECTORS, 'rfc8032', 'ed25519.json.gz'));
const scheme = new NobleSignatures();

describe('Ed25519: RFC 8032 section 7.1 vectors', () => {
  it('has the vectors', () => expect(vectors.length).to.be.greaterThanOrEqual(5));

  for (const v of vectors) {
    it(`TEST ${v.name}: key, signature and verification`, () => {
      const { publicKey, secretKey } = scheme.keygen('Ed25519', hex(v.secretKey));
      expect(Buffer.from(publicKey).toString('hex')).to.equal(v.publicKey);
      expect(Buffer.from(secretKey).toString('hex')).to.equal(v.secretKey);
      const signature = scheme.sign('Ed25519', secretKey, hex(v.message));
      expect(Buffer.from(signature).toString('hex')).to.equal(v.signature);
      expect(scheme.verify('Ed25519', publicKey, hex(v.message), hex(v.signature))).to.equal(true);
      const other = hex(v.signature);
      other[0] ^= 1;
      expect(scheme.verify('Ed25519', publicKey, hex(v.message), other)).to.equal(false);
    });
  }

  it('a context selects Ed25519ctx: it verifies only with the same context', () => {
    const v = vectors[1];
    const ctx = new TextEncoder().encode('knhk');
    const signature = ed25519.sign(hex(v.secretKey), hex(v.message), ctx);
    expect(Buffer.from(signature).toString('hex')).to.not.equal(v.signature);
    expect(ed25519.verify(hex(v.publicKey), hex(v.message), signature, ctx)).to.equal(true);
    expect(ed25519.verify(hex(v.publicKey), hex(v.message), signature)).to.equal(false);
  });

  it('rejects keys of the wrong length with a coded error; a short signature is false', () => {
    const v = vectors[0];
    expect(() => scheme.sign('Ed25519', new Uint8Array(31), hex(v.message)))
      .to.throw()
      .with.property('code', 'KNHK_E_ARG_LENGTH');
    expect(() => scheme.verify('Ed25519', new Uint8Array(33), hex(v.message), hex(v.signature)))
      .to.throw()
      .with.property('code', 'KNHK_E_ARG_LENGTH');
    expect(scheme.verify('Ed25519', hex(v.publicKey), hex(v.message), hex(v.signature).subarray(1))).to.equal(false);
  });
});
