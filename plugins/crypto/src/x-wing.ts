/**
 * X-Wing (draft-connolly-cfrg-xwing-kem): ML-KEM-768 and X25519, combined with SHA3-256 over
 * ss_M || ss_X || ct_X || pk_X || XWingLabel. Built here on noble's ML-KEM-768, X25519 and
 * SHA-3 (so importing the plugin does not load noble's NIST-curve hybrids); the tests check
 * it against @noble/post-quantum's `ml_kem768_x25519`.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { sha3_256, shake256 } from '@noble/hashes/sha3.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { alength, concat } from './checks.js';
import { decaps, encaps, keyGen as mlKemKeyGen } from './ml-kem.js';
import { ML_KEM_PARAMS, X_WING_SIZES } from './params.js';

const ML_KEM_768 = ML_KEM_PARAMS['ML-KEM-768'];

/** XWingLabel, the six bytes `\.//^\` (draft, section 5.2). */
export const X_WING_LABEL = Uint8Array.from([0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c]);

/** The expanded secret key (draft, expandDecapsulationKey): SHAKE256(sk, 96) split into d || z and sk_X. */
function expandDecapsulationKey(sk: Uint8Array) {
  const expanded = shake256(sk, { dkLen: 96 });
  const mlKem = mlKemKeyGen(ML_KEM_768, expanded.subarray(0, 64));
  const skX = expanded.slice(64, 96);
  return { mlKem, skX, pkX: x25519.getPublicKey(skX) };
}

/** Combiner (draft, section 5.3): SHA3-256(ss_M || ss_X || ct_X || pk_X || XWingLabel). */
export function combiner(ssM: Uint8Array, ssX: Uint8Array, ctX: Uint8Array, pkX: Uint8Array): Uint8Array {
  return sha3_256(concat(ssM, ssX, ctX, pkX, X_WING_LABEL));
}

/** GenerateKeyPair, or GenerateKeyPairDerand from a 32-byte seed: the secret key is the seed. */
export function keyGen(seed?: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } {
  if (seed !== undefined) alength(seed, X_WING_SIZES.secretKey, 'seed', 'X-Wing.KeyGen');
  const secretKey = seed === undefined ? randomBytes(32) : seed.slice();
  const { mlKem, skX, pkX } = expandDecapsulationKey(secretKey);
  mlKem.secretKey.fill(0);
  skX.fill(0);
  return { publicKey: concat(mlKem.publicKey, pkX), secretKey };
}

/** Encapsulate, or EncapsulateDerand with 64 bytes of randomness (32 for ML-KEM's m, then 32 for ek_X). */
export function encapsulate(
  publicKey: Uint8Array,
  randomness?: Uint8Array,
): { cipherText: Uint8Array; sharedSecret: Uint8Array } {
  alength(publicKey, X_WING_SIZES.publicKey, 'public key', 'X-Wing.Encapsulate');
  if (randomness !== undefined) alength(randomness, 64, 'randomness', 'X-Wing.Encapsulate');
  const eseed = randomness ?? randomBytes(64);
  const pkM = publicKey.subarray(0, ML_KEM_768.publicKey);
  const pkX = publicKey.subarray(ML_KEM_768.publicKey);
  const ekX = eseed.subarray(32, 64);
  const ctX = x25519.getPublicKey(ekX);
  const ssX = x25519.getSharedSecret(ekX, pkX);
  const { cipherText: ctM, sharedSecret: ssM } = encaps(ML_KEM_768, pkM, eseed.subarray(0, 32));
  return { cipherText: concat(ctM, ctX), sharedSecret: combiner(ssM, ssX, ctX, pkX) };
}

/** Decapsulate; a tampered ciphertext gives an unrelated secret (ML-KEM's implicit rejection). */
export function decapsulate(cipherText: Uint8Array, secretKey: Uint8Array): Uint8Array {
  alength(cipherText, X_WING_SIZES.cipherText, 'ciphertext', 'X-Wing.Decapsulate');
  alength(secretKey, X_WING_SIZES.secretKey, 'secret key', 'X-Wing.Decapsulate');
  const { mlKem, skX, pkX } = expandDecapsulationKey(secretKey);
  const ctM = cipherText.subarray(0, ML_KEM_768.cipherText);
  const ctX = cipherText.subarray(ML_KEM_768.cipherText);
  try {
    const ssM = decaps(ML_KEM_768, ctM, mlKem.secretKey);
    const ssX = x25519.getSharedSecret(skX, ctX);
    return combiner(ssM, ssX, ctX, pkX);
  } finally {
    mlKem.secretKey.fill(0); // the expanded keys are temporaries
    skX.fill(0);
  }
}
