/**
 * Self-tests of every algorithm the noble provider offers: key, ciphertext and signature
 * sizes against the standards' tables, pairwise consistency (FIPS 140-3 style: decapsulate
 * what was encapsulated, verify what was signed), implicit rejection of a tampered
 * ciphertext, and rejection of a tampered signature. Deterministic seeds make them repeatable.
 */
import { describeError } from '@knhk/core';
import { shake256 } from '@noble/hashes/sha3.js';
import { KEM_ALGORITHMS, type KemAlgorithm, SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from '../algorithms.js';
import { equalBytes } from '../checks.js';

/** One check of a self-test. */
export interface SelfCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** The self-test of one algorithm (parameter set). */
export interface SelfTestReport {
  readonly algorithm: string;
  readonly capability: 'kem' | 'signature';
  readonly standard: string;
  /** NIST security category 1-5; null for classical-only algorithms. */
  readonly category: number | null;
  readonly checks: readonly SelfCheck[];
  readonly ok: boolean;
}

/** Repeatable seed bytes for a name. */
function seedFor(name: string, length: number): Uint8Array {
  return shake256(new TextEncoder().encode(`knhk self-test ${name}`), { dkLen: length });
}

function sizeCheck(what: string, actual: number, expected: number): SelfCheck {
  return { name: `${what} size`, ok: actual === expected, detail: `${actual} bytes, standard ${expected}` };
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3] ^= 1 << (bit & 7);
  return out;
}

function kemChecks(alg: KemAlgorithm): SelfCheck[] {
  const seedLength = alg.name === 'X-Wing' ? 32 : 64;
  const { publicKey, secretKey } = alg.keygen(seedFor(alg.name, seedLength));
  const { cipherText, sharedSecret } = alg.encapsulate(publicKey);
  const recovered = alg.decapsulate(cipherText, secretKey);
  const tampered = flipBit(cipherText, 8 * 7 + 3);
  const rejected = alg.decapsulate(tampered, secretKey);
  const checks: SelfCheck[] = [
    sizeCheck('public key', publicKey.length, alg.sizes.publicKey),
    sizeCheck('secret key', secretKey.length, alg.sizes.secretKey),
    sizeCheck('ciphertext', cipherText.length, alg.sizes.cipherText),
    sizeCheck('shared secret', sharedSecret.length, 32),
    { name: 'pairwise consistency', ok: equalBytes(recovered, sharedSecret), detail: 'decapsulate(encapsulate(pk))' },
    {
      name: 'implicit rejection',
      ok: rejected.length === 32 && !equalBytes(rejected, sharedSecret),
      detail: 'a tampered ciphertext gives another secret, without an error',
    },
  ];
  if (alg.name.startsWith('ML-KEM')) {
    // FIPS 203 Algorithm 18, line 10: K-bar = J(z || c) = SHAKE256(z || c, 256).
    const z = secretKey.subarray(secretKey.length - 32);
    const kBar = shake256(new Uint8Array([...z, ...tampered]), { dkLen: 32 });
    checks.push({
      name: 'rejection secret J(z || c)',
      ok: equalBytes(rejected, kBar),
      detail: 'FIPS 203 Algorithm 18',
    });
  }
  return checks;
}

function signatureChecks(alg: SignatureAlgorithm): SelfCheck[] {
  const seedLength = alg.name.includes('+') || alg.name.startsWith('MLDSA') ? 64 : 32;
  const { publicKey, secretKey } = alg.keygen(seedFor(alg.name, seedLength));
  const message = new TextEncoder().encode(`knhk self-test message for ${alg.name}`);
  const context = alg.name === 'Ed25519' ? undefined : Uint8Array.of(1, 2, 3);
  const signature = alg.sign(secretKey, message, context);
  const other = flipBit(message, 5);
  return [
    sizeCheck('public key', publicKey.length, alg.sizes.publicKey),
    sizeCheck('secret key', secretKey.length, alg.sizes.secretKey),
    sizeCheck('signature', signature.length, alg.sizes.signature),
    { name: 'pairwise consistency', ok: alg.verify(publicKey, message, signature, context), detail: 'verify(sign(m))' },
    {
      name: 'tampered signature rejected',
      ok: !alg.verify(publicKey, message, flipBit(signature, 8 * 40 + 1), context),
      detail: 'one bit flipped',
    },
    {
      name: 'other message rejected',
      ok: !alg.verify(publicKey, other, signature, context),
      detail: 'one bit flipped',
    },
  ];
}

function report(
  capability: 'kem' | 'signature',
  alg: KemAlgorithm | SignatureAlgorithm,
  run: () => SelfCheck[],
): SelfTestReport {
  let checks: SelfCheck[];
  try {
    checks = run();
  } catch (error) {
    checks = [{ name: 'ran', ok: false, detail: `threw: ${describeError(error)}` }];
  }
  return {
    algorithm: alg.name,
    capability,
    standard: alg.standard,
    category: alg.category ?? null,
    checks,
    ok: checks.every((c) => c.ok),
  };
}

/** Self-tests of every KEM and signature algorithm of the noble provider. */
export function runSelfTests(): SelfTestReport[] {
  return [
    ...Object.values(KEM_ALGORITHMS).map((alg) => report('kem', alg, () => kemChecks(alg))),
    ...Object.values(SIGNATURE_ALGORITHMS).map((alg) => report('signature', alg, () => signatureChecks(alg))),
  ];
}
