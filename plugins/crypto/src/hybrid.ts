/**
 * Hybrid signatures of the seed: ML-DSA and Ed25519 side by side over the same message.
 * Keys and signatures are the ML-DSA part followed by the Ed25519 part:
 * - public key: ML-DSA pk || Ed25519 pk;
 * - secret key: ML-DSA sk (FIPS 204 encoding) || Ed25519 seed (32 bytes);
 * - signature: ML-DSA.Sign(sk, M, ctx) || Ed25519.Sign(M) (Ed25519ctx with a non-empty ctx).
 *
 * `verify` requires both parts; `verifyGraceful` (transition mode) accepts when at least one
 * verifies and reports which did.
 */
import { abytes, alength, concat } from './checks.js';
import * as ed from './ed25519.js';
import * as mldsa from './ml-dsa.js';
import { ED25519_SIZES, ML_DSA_PARAMS, type MlDsaParams } from './params.js';

/** Hybrid parameter sets: one per ML-DSA parameter set. */
export interface HybridParams {
  readonly name: `Ed25519+${MlDsaParams['name']}`;
  readonly mlDsa: MlDsaParams;
  readonly publicKey: number;
  readonly secretKey: number;
  readonly signature: number;
}

function hybrid(mlDsa: MlDsaParams): HybridParams {
  return Object.freeze({
    name: `Ed25519+${mlDsa.name}` as const,
    mlDsa,
    publicKey: mlDsa.publicKey + ED25519_SIZES.publicKey,
    secretKey: mlDsa.secretKey + ED25519_SIZES.secretKey,
    signature: mlDsa.signature + ED25519_SIZES.signature,
  });
}

export const HYBRID_PARAMS: Readonly<Record<HybridParams['name'], HybridParams>> = Object.freeze({
  'Ed25519+ML-DSA-44': hybrid(ML_DSA_PARAMS['ML-DSA-44']),
  'Ed25519+ML-DSA-65': hybrid(ML_DSA_PARAMS['ML-DSA-65']),
  'Ed25519+ML-DSA-87': hybrid(ML_DSA_PARAMS['ML-DSA-87']),
});

/** What `verifyGraceful` found. */
export interface GracefulVerification {
  /** True when at least one part verifies. */
  readonly valid: boolean;
  /** True when both verify (what `verify` requires). */
  readonly both: boolean;
  readonly mlDsa: boolean;
  readonly ed25519: boolean;
}

/** A key pair from a 64-byte seed (ML-DSA seed || Ed25519 seed), or a random one. */
export function keyGen(params: HybridParams, seed?: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } {
  if (seed !== undefined) alength(seed, 64, 'seed', `${params.name}.KeyGen`);
  const pq = mldsa.keyGen(params.mlDsa, seed?.subarray(0, 32));
  const classic = ed.keyGen(seed?.subarray(32, 64));
  return {
    publicKey: concat(pq.publicKey, classic.publicKey),
    secretKey: concat(pq.secretKey, classic.secretKey),
  };
}

/** Both signatures over `message` with `context`. */
export function sign(
  params: HybridParams,
  secretKey: Uint8Array,
  message: Uint8Array,
  context?: Uint8Array,
  options: mldsa.Randomness = {},
): Uint8Array {
  alength(secretKey, params.secretKey, 'secret key', `${params.name}.Sign`);
  const split = params.mlDsa.secretKey;
  const pq = mldsa.sign(params.mlDsa, secretKey.subarray(0, split), message, context, options);
  const classic = ed.sign(secretKey.subarray(split), message, context);
  return concat(pq, classic);
}

/** Verifies each part; a signature of the wrong length verifies neither. */
export function verifyGraceful(
  params: HybridParams,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  context?: Uint8Array,
): GracefulVerification {
  alength(publicKey, params.publicKey, 'public key', `${params.name}.Verify`);
  abytes(signature, 'signature', `${params.name}.Verify`);
  let pqOk = false;
  let classicOk = false;
  if (signature.length === params.signature) {
    const pkSplit = params.mlDsa.publicKey;
    const sigSplit = params.mlDsa.signature;
    pqOk = mldsa.verify(
      params.mlDsa,
      publicKey.subarray(0, pkSplit),
      message,
      signature.subarray(0, sigSplit),
      context,
    );
    classicOk = ed.verify(publicKey.subarray(pkSplit), message, signature.subarray(sigSplit), context);
  }
  return { valid: pqOk || classicOk, both: pqOk && classicOk, mlDsa: pqOk, ed25519: classicOk };
}

/** True only when both parts verify. */
export function verify(
  params: HybridParams,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  context?: Uint8Array,
): boolean {
  alength(publicKey, params.publicKey, 'public key', `${params.name}.Verify`);
  abytes(signature, 'signature', `${params.name}.Verify`);
  if (signature.length !== params.signature) return false;
  const pkSplit = params.mlDsa.publicKey;
  const sigSplit = params.mlDsa.signature;
  return (
    mldsa.verify(params.mlDsa, publicKey.subarray(0, pkSplit), message, signature.subarray(0, sigSplit), context) &&
    ed.verify(publicKey.subarray(pkSplit), message, signature.subarray(sigSplit), context)
  );
}
