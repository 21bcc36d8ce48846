/**
 * Composite ML-DSA signatures (draft-ietf-lamps-pq-composite-sigs), id-MLDSA65-Ed25519-SHA512:
 * - M' = Prefix || Label || len(ctx) || ctx || SHA-512(M);
 * - signature: ML-DSA-65.Sign(sk, M', ctx = Label) || Ed25519.Sign(sk, M');
 * - private key: ML-DSA seed (32) || Ed25519 seed (32); public key: ML-DSA pk || Ed25519 pk.
 * Verification succeeds only when both parts verify.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { abytes, acontext, alength, concat } from './checks.js';
import * as ed from './ed25519.js';
import * as mldsa from './ml-dsa.js';
import { ED25519_SIZES, ML_DSA_PARAMS, type MlDsaParams } from './params.js';

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** The draft's signature prefix, `CompositeAlgorithmSignatures2025`. */
export const COMPOSITE_PREFIX = ascii('CompositeAlgorithmSignatures2025');

/** A composite parameter set (draft, section 7: algorithm identifiers and labels). */
export interface CompositeParams {
  readonly name: 'MLDSA65-Ed25519-SHA512';
  readonly label: Uint8Array;
  readonly mlDsa: MlDsaParams;
  readonly publicKey: number;
  readonly secretKey: number;
  readonly signature: number;
}

export const COMPOSITE_PARAMS: Readonly<Record<CompositeParams['name'], CompositeParams>> = Object.freeze({
  'MLDSA65-Ed25519-SHA512': Object.freeze({
    name: 'MLDSA65-Ed25519-SHA512',
    label: ascii('COMPSIG-MLDSA65-Ed25519-SHA512'),
    mlDsa: ML_DSA_PARAMS['ML-DSA-65'],
    publicKey: ML_DSA_PARAMS['ML-DSA-65'].publicKey + ED25519_SIZES.publicKey,
    secretKey: 32 + ED25519_SIZES.secretKey,
    signature: ML_DSA_PARAMS['ML-DSA-65'].signature + ED25519_SIZES.signature,
  } as const),
});

/** The message representative M' (draft, section 4.2). */
export function messageRepresentative(params: CompositeParams, message: Uint8Array, context: Uint8Array): Uint8Array {
  return concat(COMPOSITE_PREFIX, params.label, Uint8Array.of(context.length), context, sha512(message));
}

/** A key pair from a 64-byte seed (ML-DSA seed || Ed25519 seed, which is also the private key), or a random one. */
export function keyGen(params: CompositeParams, seed?: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } {
  if (seed !== undefined) alength(seed, params.secretKey, 'seed', `${params.name}.KeyGen`);
  const secretKey = seed === undefined ? randomBytes(params.secretKey) : seed.slice();
  const pq = mldsa.keyGen(params.mlDsa, secretKey.subarray(0, 32));
  const classic = ed.keyGen(secretKey.subarray(32, 64));
  return { publicKey: concat(pq.publicKey, classic.publicKey), secretKey };
}

/** Composite Sign (draft, section 4.2). */
export function sign(
  params: CompositeParams,
  secretKey: Uint8Array,
  message: Uint8Array,
  context?: Uint8Array,
  options: mldsa.Randomness = {},
): Uint8Array {
  const where = `${params.name}.Sign`;
  alength(secretKey, params.secretKey, 'secret key', where);
  abytes(message, 'message', where);
  const mPrime = messageRepresentative(params, message, acontext(context, where));
  const pqKey = mldsa.keyGen(params.mlDsa, secretKey.subarray(0, 32));
  try {
    const pq = mldsa.sign(params.mlDsa, pqKey.secretKey, mPrime, params.label, options);
    const classic = ed.sign(secretKey.subarray(32, 64), mPrime);
    return concat(pq, classic);
  } finally {
    pqKey.secretKey.fill(0); // the expanded ML-DSA key is a temporary
  }
}

/** Composite Verify (draft, section 4.3): true only when both parts verify. */
export function verify(
  params: CompositeParams,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  context?: Uint8Array,
): boolean {
  const where = `${params.name}.Verify`;
  alength(publicKey, params.publicKey, 'public key', where);
  abytes(message, 'message', where);
  abytes(signature, 'signature', where);
  const ctx = acontext(context, where);
  if (signature.length !== params.signature) return false;
  const mPrime = messageRepresentative(params, message, ctx);
  const pkSplit = params.mlDsa.publicKey;
  const sigSplit = params.mlDsa.signature;
  const pqOk = mldsa.verify(
    params.mlDsa,
    publicKey.subarray(0, pkSplit),
    mPrime,
    signature.subarray(0, sigSplit),
    params.label,
  );
  return pqOk && ed.verify(publicKey.subarray(pkSplit), mPrime, signature.subarray(sigSplit));
}
