/**
 * ML-KEM (FIPS 203) on @noble/post-quantum, with the input checks of FIPS 203 section 7 done
 * here, before noble is called, so that a bad key gives a coded error.
 */
import { sha3_256 } from '@noble/hashes/sha3.js';
import { ml_kem512, ml_kem768, ml_kem1024 } from '@noble/post-quantum/ml-kem.js';
import { alength, equalBytes } from './checks.js';
import { ML_KEM_PARAMS, ML_KEM_Q, type MlKemParams } from './params.js';
import { cryptoError } from './errors.js';

export type MlKemName = MlKemParams['name'];

const NOBLE = { 'ML-KEM-512': ml_kem512, 'ML-KEM-768': ml_kem768, 'ML-KEM-1024': ml_kem1024 } as const;

/**
 * FIPS 203 section 7.2, modulus check: ByteEncode12(ByteDecode12(ek[0:384k])) = ek[0:384k],
 * i.e. every 12-bit coefficient of t^ is below q. The length check comes first.
 */
export function encapsulationKeyCheck(params: MlKemParams, ek: Uint8Array): boolean {
  if (!(ek instanceof Uint8Array) || ek.length !== params.publicKey) return false;
  const end = 384 * params.k;
  for (let i = 0; i < end; i += 3) {
    const c0 = ek[i] | ((ek[i + 1] & 0x0f) << 8);
    const c1 = (ek[i + 1] >> 4) | (ek[i + 2] << 4);
    if (c0 >= ML_KEM_Q || c1 >= ML_KEM_Q) return false;
  }
  return true;
}

/**
 * FIPS 203 section 7.3, hash check: H(dk[384k : 768k+32]) = dk[768k+32 : 768k+64], where H is
 * SHA3-256 (the embedded ek and its hash must agree). The length check comes first.
 */
export function decapsulationKeyCheck(params: MlKemParams, dk: Uint8Array): boolean {
  if (!(dk instanceof Uint8Array) || dk.length !== params.secretKey) return false;
  const k384 = 384 * params.k;
  const embeddedEk = dk.subarray(k384, 2 * k384 + 32);
  const embeddedHash = dk.subarray(2 * k384 + 32, 2 * k384 + 64);
  return equalBytes(sha3_256(embeddedEk), embeddedHash);
}

/** ML-KEM.KeyGen (FIPS 203 Algorithm 19), or ML-KEM.KeyGen_internal(d, z) (Algorithm 16) from seed = d || z. */
export function keyGen(params: MlKemParams, seed?: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } {
  if (seed !== undefined) alength(seed, 64, 'seed (d || z)', `${params.name}.KeyGen`);
  return NOBLE[params.name].keygen(seed);
}

/** ML-KEM.Encaps (FIPS 203 Algorithm 20), or Encaps_internal(ek, m) (Algorithm 17) with an explicit 32-byte m. */
export function encaps(
  params: MlKemParams,
  ek: Uint8Array,
  m?: Uint8Array,
): { cipherText: Uint8Array; sharedSecret: Uint8Array } {
  const where = `${params.name}.Encaps`;
  alength(ek, params.publicKey, 'encapsulation key', where);
  if (m !== undefined) alength(m, 32, 'message m', where);
  if (!encapsulationKeyCheck(params, ek)) {
    throw cryptoError('KNHK_E_CRYPTO_KEY_INVALID', `${where}: the encapsulation key fails the modulus check (7.2)`, {
      algorithm: params.name,
      check: 'modulus',
    });
  }
  return NOBLE[params.name].encapsulate(ek, m);
}

/** ML-KEM.Decaps (FIPS 203 Algorithm 21): a ciphertext that does not re-encrypt gives K-bar = J(z || c). */
export function decaps(params: MlKemParams, c: Uint8Array, dk: Uint8Array): Uint8Array {
  const where = `${params.name}.Decaps`;
  alength(c, params.cipherText, 'ciphertext', where);
  alength(dk, params.secretKey, 'decapsulation key', where);
  if (!decapsulationKeyCheck(params, dk)) {
    throw cryptoError('KNHK_E_CRYPTO_KEY_INVALID', `${where}: the decapsulation key fails the hash check (7.3)`, {
      algorithm: params.name,
      check: 'hash',
    });
  }
  return NOBLE[params.name].decapsulate(c, dk);
}

/** The parameter set of an ML-KEM name, or undefined. */
export function mlKemParams(name: string): MlKemParams | undefined {
  return Object.hasOwn(ML_KEM_PARAMS, name) ? ML_KEM_PARAMS[name as MlKemName] : undefined;
}
