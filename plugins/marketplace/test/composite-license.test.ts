import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Framework, type SignatureScheme, createFramework } from '@knhk/core';
import cryptoPlugin from '@knhk/plugin-crypto';
import { expectReject } from './expect-reject.js';
import {
  COMPOSITE_MLDSA65_ED25519,
  COMPOSITE_PUBLIC_KEY_BYTES,
  LicenseValidator,
  compositeAvailable,
  compositeSigner,
  compositeVerifier,
  createLicenseSigner,
  decodeBase64Url,
  ed25519Signer,
  encodeBase64Url,
  issueLicense,
  licenseKeyFromText,
  loadLicenseSigner,
  loadLicenseVerifier,
  loadOrCreateLicenseSigner,
  loadVerifier,
  openMarketplace,
  parseLicenseAlgorithm,
  publicKeyFileText,
  signRevocationList,
} from '../src/index.js';
import { Prng } from './prng.js';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const dates = {
  notBefore: new Date('2026-01-01T00:00:00Z'),
  expiresAt: new Date('2027-01-01T00:00:00Z'),
  issuedAt: new Date('2026-01-01T00:00:00Z'),
};

/** Module hooks that make `@knhk/plugin-crypto` unresolvable, as when it is not installed. */
const HIDE_CRYPTO_HOOKS = `
export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@knhk/plugin-crypto' || specifier.startsWith('@knhk/plugin-crypto/')) {
    const error = new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return nextResolve(specifier, context);
}
`;

/** A composite license issued before the marketplace used the signature capability. */
const BEFORE_DI = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../test/fixtures/composite-license-before-di.json', import.meta.url)), 'utf8'),
) as { publicKeyFile: { algorithm: string; publicKey: string }; key: string; file: unknown };

describe('marketplace licensing: composite ML-DSA-65+Ed25519', () => {
  let signer: Awaited<ReturnType<typeof compositeSigner>>;
  let validator: LicenseValidator;
  let dir: string;
  let knhk: Framework;
  /** The signature capability as a framework hands it over: the crypto plugin's. */
  let signature: SignatureScheme;
  before(async () => {
    knhk = await createFramework({ plugins: [cryptoPlugin], discover: false, wisdomPath: false });
    signature = knhk.get('signature');
    signer = await compositeSigner(new Uint8Array(64).fill(9), { signature });
    validator = new LicenseValidator(signer.verifier, { nowMs: () => NOW });
    dir = mkdtempSync(path.join(os.tmpdir(), 'knhk-market-composite-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await knhk.dispose();
  });

  it('still verifies a composite license issued when the marketplace imported the crypto plugin itself', async () => {
    const publicKey = decodeBase64Url(BEFORE_DI.publicKeyFile.publicKey)!;
    const verifier = await compositeVerifier(publicKey, { signature });
    const check = new LicenseValidator(verifier, { nowMs: () => NOW }).validate(BEFORE_DI.key);
    expect(check).to.include({ state: 'Active', code: 'VALID' });
    const fromFile = new LicenseValidator(verifier, { nowMs: () => NOW });
    expect(fromFile.validate(licenseKeyFromText(JSON.stringify(BEFORE_DI.file))).state).to.equal('Active');
    // The same seed gives the same key pair through the capability.
    expect((await compositeSigner(new Uint8Array(64).fill(21), { signature })).publicKey).to.deep.equal(publicKey);
  });

  it('round-trips a composite license key and license file (issue, validate Active)', async () => {
    expect(signer.algorithm).to.equal(COMPOSITE_MLDSA65_ED25519);
    expect(signer.publicKey.length).to.equal(COMPOSITE_PUBLIC_KEY_BYTES);
    const issued = issueLicense(signer, {
      customerId: 'acme',
      features: ['api_calls', 'gpu_hours'],
      limits: { api_calls: '1000' },
      ...dates,
    });
    expect(issued.key).to.match(/^knhk-lic1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(issued.payload.alg).to.equal('MLDSA65-Ed25519-SHA512');
    const check = validator.validate(issued.key);
    expect(check).to.include({ state: 'Active', code: 'VALID' });
    expect(check.license).to.deep.equal(issued.payload);
    expect(validator.validate(licenseKeyFromText(JSON.stringify(issued.file))).state).to.equal('Active');
    // Only the public key is needed; the same seed gives the same key pair.
    const offline = new LicenseValidator(await compositeVerifier(signer.publicKey, { signature }), {
      nowMs: () => NOW,
    });
    expect(offline.validate(issued.key).state).to.equal('Active');
    expect((await compositeSigner(new Uint8Array(64).fill(9), { signature })).publicKey).to.deep.equal(
      signer.publicKey,
    );
    // Another composite key does not verify it.
    const other = new LicenseValidator((await compositeSigner(new Uint8Array(64).fill(10), { signature })).verifier, {
      nowMs: () => NOW,
    });
    expect(other.validate(issued.key)).to.include({ state: 'Invalid', code: 'BAD_SIGNATURE' });
    // A composite-signed revocation list loads into a composite validator only.
    const list = signRevocationList(signer, {
      sequence: 1,
      issuedAt: '2026-06-01T00:00:00Z',
      revoked: [{ licenseId: issued.payload.id, customerId: 'acme', revokedAt: '2026-06-01T00:00:00Z', reason: 'x' }],
    });
    const revoking = new LicenseValidator(signer.verifier, { nowMs: () => NOW });
    expect(revoking.loadRevocationList(list)).to.equal(1);
    expect(revoking.validate(issued.key)).to.include({ state: 'Revoked', code: 'REVOKED' });
    const edValidator = new LicenseValidator(ed25519Signer(new Uint8Array(32).fill(9)).verifier);
    expect(() => edValidator.loadRevocationList(list)).to.throw(/KNHK_E_LICENSE_REVOCATION_LIST/);
  });

  it('refuses a composite key in an Ed25519 validator and an Ed25519 key in a composite one', () => {
    const ed = ed25519Signer(new Uint8Array(32).fill(9));
    const edValidator = new LicenseValidator(ed.verifier, { nowMs: () => NOW });
    const composite = issueLicense(signer, { customerId: 'acme', features: ['api_calls'], ...dates });
    const classic = issueLicense(ed, { customerId: 'acme', features: ['api_calls'], ...dates });
    expect(edValidator.validate(classic.key).state).to.equal('Active');
    expect(edValidator.validate(composite.key)).to.include({ state: 'Invalid', code: 'ALGORITHM_MISMATCH' });
    expect(validator.validate(classic.key)).to.include({ state: 'Invalid', code: 'ALGORITHM_MISMATCH' });
    expect(validator.validate(classic.key).reason).to.equal('signed as Ed25519, key is MLDSA65-Ed25519-SHA512');
    // Relabelling the payload does not help: the signature no longer covers it.
    const [prefix, body, signature] = composite.key.split('.');
    const payload = JSON.parse(new TextDecoder().decode(decodeBase64Url(body)));
    const relabelled = encodeBase64Url(new TextEncoder().encode(JSON.stringify({ ...payload, alg: 'Ed25519' })));
    expect(edValidator.validate(`${prefix}.${relabelled}.${signature}`)).to.include({
      state: 'Invalid',
      code: 'BAD_SIGNATURE',
    });
    const classicParts = classic.key.split('.');
    const claimsComposite = encodeBase64Url(
      new TextEncoder().encode(JSON.stringify({ ...payload, alg: COMPOSITE_MLDSA65_ED25519 })),
    );
    expect(validator.validate(`${classicParts[0]}.${claimsComposite}.${classicParts[2]}`)).to.include({
      state: 'Invalid',
      code: 'BAD_SIGNATURE',
    });
  });

  it('1,000 composite license keys with one random bit flipped: none validates', function () {
    this.timeout(60_000);
    const prng = new Prng(20261128);
    const KEYS = 100;
    const FLIPS_PER_KEY = 10;
    const codes = new Map<string, number>();
    let tried = 0;
    for (let k = 0; k < KEYS; k++) {
      const issued = issueLicense(signer, {
        customerId: `customer-${k}`,
        features: ['api_calls', `feature_${prng.below(100)}`],
        limits: { api_calls: `${prng.below(1_000_000)}` },
        ...dates,
      });
      expect(validator.validate(issued.key).state).to.equal('Active');
      const bytes = new TextEncoder().encode(issued.key);
      for (let f = 0; f < FLIPS_PER_KEY; f++) {
        const flipped = bytes.slice();
        const bit = prng.below(bytes.length * 8);
        flipped[bit >> 3] ^= 1 << (bit & 7);
        const check = validator.validate(new TextDecoder('utf-8', { fatal: false }).decode(flipped));
        expect(check.state, `key ${k}, bit ${bit}: ${check.code}`).to.equal('Invalid');
        codes.set(check.code, (codes.get(check.code) ?? 0) + 1);
        tried++;
      }
    }
    expect(tried).to.equal(1000);
    // Most flips land in the 3,373-byte signature; many of them decode and reach ML-DSA verify.
    expect(codes.get('BAD_SIGNATURE') ?? 0).to.be.greaterThan(100);
  });

  it('stores the composite key pair with its algorithm, so loading picks the right verifier', async () => {
    const file = path.join(dir, 'keys', 'composite.json');
    const created = await loadOrCreateLicenseSigner(file, { algorithm: 'composite', signature });
    expect(created.created).to.equal(true);
    expect(created.signer.algorithm).to.equal(COMPOSITE_MLDSA65_ED25519);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.algorithm).to.equal(COMPOSITE_MLDSA65_ED25519);
    expect(decodeBase64Url(json.secretKey)?.length).to.equal(64);
    const again = await loadOrCreateLicenseSigner(file, { signature });
    expect(again.created).to.equal(false);
    expect(again.signer.publicKey).to.deep.equal(created.signer.publicKey);
    const issued = issueLicense(again.signer, { customerId: 'acme', features: ['api_calls'], ...dates });

    const publicFile = path.join(dir, 'composite-public.json');
    writeFileSync(publicFile, publicKeyFileText(created.signer));
    for (const from of [file, publicFile]) {
      const verifier = await loadLicenseVerifier(from, { signature });
      expect(verifier.algorithm).to.equal(COMPOSITE_MLDSA65_ED25519);
      expect(new LicenseValidator(verifier, { nowMs: () => NOW }).validate(issued.key).state).to.equal('Active');
    }
    // Ed25519 key files load through the same functions.
    const edFile = path.join(dir, 'keys', 'ed25519.json');
    const ed = await loadOrCreateLicenseSigner(edFile);
    expect(ed.signer.algorithm).to.equal('Ed25519');
    expect((await loadLicenseVerifier(edFile)).algorithm).to.equal('Ed25519');
    expect((await loadLicenseSigner(edFile, { algorithm: 'ed25519' })).publicKey).to.deep.equal(ed.signer.publicKey);
    // A key of another algorithm than asked for, or read by the Ed25519-only loader, is refused.
    await expectReject(loadLicenseSigner(file, { algorithm: 'ed25519', signature }), 'KNHK_E_LICENSE_KEY');
    await expectReject(loadLicenseVerifier(edFile, { algorithm: 'composite' }), 'KNHK_E_LICENSE_KEY');
    expect(() => loadVerifier(publicFile)).to.throw(/KNHK_E_LICENSE_KEY.*loadLicenseVerifier/);
    const tampered = path.join(dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify({ ...json, publicKey: encodeBase64Url(new Uint8Array(1984)) }));
    await expectReject(loadLicenseSigner(tampered, { signature }), 'KNHK_E_LICENSE_KEY');
    writeFileSync(tampered, JSON.stringify({ ...json, algorithm: 'RSA' }));
    await expectReject(loadLicenseVerifier(tampered), 'KNHK_E_LICENSE_KEY');
    await expectReject(compositeVerifier(new Uint8Array(32), { signature }), 'KNHK_E_LICENSE_KEY');
    await expectReject(compositeSigner(new Uint8Array(32), { signature }), 'KNHK_E_LICENSE_KEY');
    expect(parseLicenseAlgorithm('composite')).to.equal('composite');
    expect(() => parseLicenseAlgorithm('rsa')).to.throw(/KNHK_E_LICENSE_KEY/);
  });

  it('issues composite licenses through the licensing service, refusing a key of another algorithm', async () => {
    const db = path.join(dir, 'market.db');
    const market = await openMarketplace(db, { signer, algorithm: 'composite', nowMs: () => NOW });
    try {
      const licensing = market.licensing!;
      expect(licensing.algorithm).to.equal(COMPOSITE_MLDSA65_ED25519);
      const issued = await licensing.issue({ customerId: 'acme', features: ['api_calls'], ...dates });
      expect(issued.payload.alg).to.equal(COMPOSITE_MLDSA65_ED25519);
      expect(licensing.validate(issued.key)).to.include({ state: 'Active', code: 'VALID' });
      expect(await licensing.revoke(issued.payload.id, 'chargeback')).to.equal(true);
      expect(licensing.validate(issued.key).state).to.equal('Revoked');
      const list = await licensing.revocationList(1);
      expect(new LicenseValidator(signer.verifier).loadRevocationList(list)).to.equal(1);
    } finally {
      await market.close();
    }
    await expectReject(openMarketplace(db, { signer, algorithm: 'ed25519' }), 'KNHK_E_LICENSE_KEY');
    const ed = ed25519Signer(new Uint8Array(32).fill(1));
    await expectReject(openMarketplace(db, { signer: ed, algorithm: 'composite' }), 'KNHK_E_LICENSE_KEY');
    await expectReject(openMarketplace(db, { verifier: ed.verifier, algorithm: 'composite' }), 'KNHK_E_LICENSE_KEY');
  });

  it('without a signature capability that offers it: Ed25519 works, the composite algorithm is a coded error', async () => {
    try {
      await compositeSigner();
      expect.fail('composite without a signature capability must be refused');
    } catch (error) {
      expect((error as { code?: string }).code).to.equal('KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE');
      expect((error as Error).message).to.include('install @knhk/plugin-crypto');
    }
    await expectReject(compositeVerifier(signer.publicKey), 'KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE');
    // A signature provider without the composite algorithm, or one that cannot be had.
    const edOnly: SignatureScheme = {
      algorithms: ['Ed25519'],
      keygen: (a, seed) => signature.keygen(a, seed),
      sign: (a, sk, m) => signature.sign(a, sk, m),
      verify: (a, pk, m, sig) => signature.verify(a, pk, m, sig),
    };
    await expectReject(
      createLicenseSigner('composite', undefined, { signature: edOnly }),
      'KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE',
    );
    const failing = async (): Promise<SignatureScheme> => {
      throw new Error('no crypto here');
    };
    await expectReject(
      compositeVerifier(signer.publicKey, { signature: failing }),
      'KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE',
    );
    expect(await compositeAvailable()).to.equal(false);
    expect(await compositeAvailable({ signature: edOnly })).to.equal(false);
    expect(await compositeAvailable({ signature })).to.equal(true);
    expect(await compositeAvailable({ signature: () => signature })).to.equal(true);
    expect((await createLicenseSigner('ed25519')).algorithm).to.equal('Ed25519');
    const file = path.join(dir, 'never.json');
    await expectReject(
      loadOrCreateLicenseSigner(file, { algorithm: 'composite' }),
      'KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE',
    );
    expect(existsSync(file), 'no key file without a key').to.equal(false);
  });

  it('in a process where @knhk/plugin-crypto cannot be resolved, the marketplace still loads', async function () {
    this.timeout(30_000);
    writeFileSync(path.join(dir, 'hide-crypto-hooks.mjs'), HIDE_CRYPTO_HOOKS);
    writeFileSync(
      path.join(dir, 'hide-crypto.mjs'),
      "import { register } from 'node:module';\nregister('./hide-crypto-hooks.mjs', import.meta.url);\n",
    );
    const script = `
const m = await import(process.argv[1]);
const core = await import(process.argv[2]);
const out = { ed25519: m.ed25519Signer().algorithm, available: await m.compositeAvailable() };
try { await m.compositeSigner(); out.composite = 'loaded'; } catch (error) { out.code = error.code; out.message = error.message; }
const knhk = await core.createFramework({ plugins: [m.default], discover: false, wisdomPath: false, logger: core.silentLogger });
out.plugin = knhk.plugins()[0].status;
await knhk.dispose();
console.log(JSON.stringify(out));
`;
    const index = new URL('../src/index.js', import.meta.url).href;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          '--import',
          pathToFileURL(path.join(dir, 'hide-crypto.mjs')).href,
          '--input-type=module',
          '-e',
          script,
          index,
          import.meta.resolve('@knhk/core'),
        ],
        { cwd: dir },
        (error, out, err) => (error === null ? resolve(out) : reject(new Error(`${error.message}\n${err}`))),
      );
    });
    const out = JSON.parse(stdout);
    expect(out).to.include({
      ed25519: 'Ed25519',
      available: false,
      code: 'KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE',
      plugin: 'ready',
    });
    expect(out.message).to.include('install @knhk/plugin-crypto');
  });
});
