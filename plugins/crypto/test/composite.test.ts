import { expect } from 'chai';
import path from 'node:path';
import { COMPOSITE_PARAMS, NobleSignatures, composite } from '../src/index.js';
import { VECTORS, b64, readJson } from './vectors-dir.js';

interface CompositeVectors {
  m: string;
  ctx: string;
  tests: { tcId: string; pk: string; sk: string; s: string; sWithContext: string }[];
}

const ALG = 'MLDSA65-Ed25519-SHA512';
const file = readJson<CompositeVectors>(path.join(VECTORS, 'composite-sigs', 'testvectors.json'));
const vector = file.tests.find((t) => t.tcId === 'id-MLDSA65-Ed25519-SHA512')!;
const m = b64(file.m);
const ctx = b64(file.ctx);
const pk = b64(vector.pk);
const sk = b64(vector.sk);
const scheme = new NobleSignatures();

describe('composite id-MLDSA65-Ed25519-SHA512 (draft-ietf-lamps-pq-composite-sigs vectors)', function () {
  this.timeout(30_000);

  it('the vector has the sizes of the draft', () => {
    const params = COMPOSITE_PARAMS[ALG];
    expect(pk.length)
      .to.equal(params.publicKey)
      .and.equal(1952 + 32);
    expect(sk.length).to.equal(params.secretKey).and.equal(64);
    expect(b64(vector.s).length)
      .to.equal(params.signature)
      .and.equal(3309 + 64);
    expect(ctx.length).to.be.greaterThan(0);
  });

  it('verifies s and sWithContext (with the vectors’ ctx) under the vector’s public key', () => {
    expect(scheme.verify(ALG, pk, m, b64(vector.s))).to.equal(true);
    expect(scheme.verify(ALG, pk, m, b64(vector.sWithContext), ctx)).to.equal(true);
  });

  it('rejects them with the wrong context, another message, or under another key', () => {
    expect(scheme.verify(ALG, pk, m, b64(vector.s), ctx)).to.equal(false);
    expect(scheme.verify(ALG, pk, m, b64(vector.sWithContext))).to.equal(false);
    expect(scheme.verify(ALG, pk, new TextEncoder().encode('another message'), b64(vector.s))).to.equal(false);
    const other = scheme.keygen(ALG, new Uint8Array(64).fill(7)).publicKey;
    expect(scheme.verify(ALG, other, m, b64(vector.s))).to.equal(false);
    expect(scheme.verify(ALG, other, m, b64(vector.sWithContext), ctx)).to.equal(false);
    // the other composite's key with the right Ed25519 half: both parts are required
    const mixed = new Uint8Array([...other.subarray(0, 1952), ...pk.subarray(1952)]);
    expect(scheme.verify(ALG, mixed, m, b64(vector.s))).to.equal(false);
  });

  it('derives the vector’s public key from its private key (the two seeds)', () => {
    expect(Buffer.from(scheme.keygen(ALG, sk).publicKey).equals(Buffer.from(pk))).to.equal(true);
  });

  it('signatures knhk makes from the vector’s private key verify (hedged and deterministic, with and without ctx)', () => {
    const hedged = scheme.sign(ALG, sk, m, ctx);
    const deterministic = scheme.sign(ALG, sk, m, undefined, { deterministic: true });
    expect(scheme.verify(ALG, pk, m, hedged, ctx)).to.equal(true);
    expect(scheme.verify(ALG, pk, m, deterministic)).to.equal(true);
    expect(
      Buffer.from(scheme.sign(ALG, sk, m, undefined, { deterministic: true })).equals(Buffer.from(deterministic)),
    ).to.equal(true);
    expect(scheme.verify(ALG, pk, m, hedged)).to.equal(false);
  });

  it('builds M′ = Prefix || Label || len(ctx) || ctx || SHA-512(M)', () => {
    const params = COMPOSITE_PARAMS[ALG];
    const mPrime = composite.messageRepresentative(params, m, ctx);
    expect(new TextDecoder().decode(mPrime.subarray(0, 32))).to.equal('CompositeAlgorithmSignatures2025');
    expect(new TextDecoder().decode(mPrime.subarray(32, 62))).to.equal('COMPSIG-MLDSA65-Ed25519-SHA512');
    expect(mPrime[62]).to.equal(ctx.length);
    expect(mPrime.length).to.equal(32 + 30 + 1 + ctx.length + 64);
  });

  it('rejects a context over 255 bytes with a coded error', () => {
    expect(() => scheme.sign(ALG, sk, m, new Uint8Array(256)))
      .to.throw()
      .with.property('code', 'KNHK_E_CRYPTO_CONTEXT_LENGTH');
    expect(() => scheme.verify(ALG, pk, m, b64(vector.s), new Uint8Array(256)))
      .to.throw()
      .with.property('code', 'KNHK_E_CRYPTO_CONTEXT_LENGTH');
  });
});
