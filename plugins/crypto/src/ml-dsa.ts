/**
 * ML-DSA (FIPS 204) on @noble/post-quantum. The external interface (pure ML-DSA and
 * HashML-DSA) formats M' here (Algorithms 2, 3, 4 and 5) and calls noble's internal
 * interface (Algorithms 7 and 8), so the context, pre-hash and randomness are under this
 * module's control; the internal interface is offered as is, with external mu.
 */
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from '@noble/hashes/sha2.js';
import { sha3_224, sha3_256, sha3_384, sha3_512, shake128, shake256 } from '@noble/hashes/sha3.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { abytes, acontext, alength, concat } from './checks.js';
import { ML_DSA_PARAMS, type MlDsaParams } from './params.js';
import { cryptoError } from './errors.js';

export type MlDsaName = MlDsaParams['name'];

const NOBLE = { 'ML-DSA-44': ml_dsa44, 'ML-DSA-65': ml_dsa65, 'ML-DSA-87': ml_dsa87 } as const;

/** A pre-hash function of HashML-DSA: its DER-encoded OID and the digest it computes. */
export interface PreHash {
  readonly name: string;
  readonly oid: Uint8Array;
  digest(message: Uint8Array): Uint8Array;
}

/** DER of the NIST hash arc 2.16.840.1.101.3.4.2 (06 09 60 86 48 01 65 03 04 02), then the last arc. */
function nistHashOid(last: number): Uint8Array {
  return Uint8Array.from([0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, last]);
}

function preHash(name: string, last: number, digest: (m: Uint8Array) => Uint8Array): PreHash {
  return Object.freeze({ name, oid: nistHashOid(last), digest });
}

/**
 * The approved pre-hash functions of FIPS 204 section 5.4.1, by their ACVP names. SHAKE128 and
 * SHAKE256 give 256 and 512 bits (as their OIDs denote, RFC 8702).
 */
export const PRE_HASHES: Readonly<Record<string, PreHash>> = Object.freeze({
  'SHA2-224': preHash('SHA2-224', 0x04, (m) => sha224(m)),
  'SHA2-256': preHash('SHA2-256', 0x01, (m) => sha256(m)),
  'SHA2-384': preHash('SHA2-384', 0x02, (m) => sha384(m)),
  'SHA2-512': preHash('SHA2-512', 0x03, (m) => sha512(m)),
  'SHA2-512/224': preHash('SHA2-512/224', 0x05, (m) => sha512_224(m)),
  'SHA2-512/256': preHash('SHA2-512/256', 0x06, (m) => sha512_256(m)),
  'SHA3-224': preHash('SHA3-224', 0x07, (m) => sha3_224(m)),
  'SHA3-256': preHash('SHA3-256', 0x08, (m) => sha3_256(m)),
  'SHA3-384': preHash('SHA3-384', 0x09, (m) => sha3_384(m)),
  'SHA3-512': preHash('SHA3-512', 0x0a, (m) => sha3_512(m)),
  'SHAKE-128': preHash('SHAKE-128', 0x0b, (m) => shake128(m, { dkLen: 32 })),
  'SHAKE-256': preHash('SHAKE-256', 0x0c, (m) => shake256(m, { dkLen: 64 })),
});

/** The pre-hash function named, or a coded error listing the known ones. */
export function preHashOf(name: string, where: string): PreHash {
  if (!Object.hasOwn(PRE_HASHES, name)) {
    throw cryptoError(
      'KNHK_E_CRYPTO_ALGORITHM_UNKNOWN',
      `${where}: unknown pre-hash ${JSON.stringify(name)}; known: ${Object.keys(PRE_HASHES).join(', ')}`,
      { hash: name, known: Object.keys(PRE_HASHES) },
    );
  }
  return PRE_HASHES[name];
}

/** M' of pure ML-DSA (Algorithm 2, line 10): 0 || |ctx| || ctx || M. */
export function formatMessage(message: Uint8Array, context: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(0, context.length), context, message);
}

/** M' of HashML-DSA (Algorithm 4, line 23): 1 || |ctx| || ctx || OID || PH(M). */
export function formatPreHashMessage(message: Uint8Array, context: Uint8Array, hash: PreHash): Uint8Array {
  return concat(Uint8Array.of(1, context.length), context, hash.oid, hash.digest(message));
}

/**
 * The message representative mu = H(H(pk, 64) || M', 64) (Algorithm 7, lines 6-7), for the
 * internal interface with external mu: a caller may compute it away from the signer.
 */
export function messageRepresentative(pk: Uint8Array, mPrime: Uint8Array): Uint8Array {
  abytes(pk, 'public key', 'ML-DSA.mu');
  abytes(mPrime, "message M'", 'ML-DSA.mu');
  const tr = shake256(pk, { dkLen: 64 });
  return shake256.create({ dkLen: 64 }).update(tr).update(mPrime).digest();
}

/** ML-DSA.KeyGen (Algorithm 1), or KeyGen_internal(xi) (Algorithm 6) from a 32-byte seed. */
export function keyGen(params: MlDsaParams, seed?: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } {
  if (seed !== undefined) alength(seed, 32, 'seed', `${params.name}.KeyGen`);
  return NOBLE[params.name].keygen(seed);
}

/** Signing randomness: `random` (32 bytes), else 0^32 when deterministic, else false for fresh randomness. */
export interface Randomness {
  readonly deterministic?: boolean;
  readonly random?: Uint8Array;
}

function extraEntropy(options: Randomness, where: string): Uint8Array | false | undefined {
  if (options.random !== undefined) return alength(options.random, 32, 'rnd', where);
  return options.deterministic === true ? false : undefined;
}

/**
 * ML-DSA.Sign_internal (Algorithm 7): signs M' as given, or, with `externalMu`, the 64-byte
 * message representative mu itself.
 */
export function signInternal(
  params: MlDsaParams,
  sk: Uint8Array,
  messageOrMu: Uint8Array,
  options: Randomness & { readonly externalMu?: boolean } = {},
): Uint8Array {
  const where = `${params.name}.Sign_internal`;
  alength(sk, params.secretKey, 'secret key', where);
  if (options.externalMu === true) alength(messageOrMu, 64, 'mu', where);
  else abytes(messageOrMu, 'message', where);
  return NOBLE[params.name].internal.sign(messageOrMu, sk, {
    extraEntropy: extraEntropy(options, where),
    externalMu: options.externalMu === true,
  });
}

/** ML-DSA.Verify_internal (Algorithm 8); a signature of the wrong length is false. */
export function verifyInternal(
  params: MlDsaParams,
  pk: Uint8Array,
  messageOrMu: Uint8Array,
  sig: Uint8Array,
  options: { readonly externalMu?: boolean } = {},
): boolean {
  const where = `${params.name}.Verify_internal`;
  alength(pk, params.publicKey, 'public key', where);
  abytes(sig, 'signature', where);
  if (options.externalMu === true) alength(messageOrMu, 64, 'mu', where);
  else abytes(messageOrMu, 'message', where);
  if (sig.length !== params.signature) return false;
  return NOBLE[params.name].internal.verify(sig, messageOrMu, pk, { externalMu: options.externalMu === true });
}

/** M' for the external interface: pure ML-DSA, or HashML-DSA when `hash` is named. */
function externalMessage(
  message: Uint8Array,
  context: Uint8Array | undefined,
  hash: string | undefined,
  where: string,
) {
  abytes(message, 'message', where);
  const ctx = acontext(context, where);
  return hash === undefined ? formatMessage(message, ctx) : formatPreHashMessage(message, ctx, preHashOf(hash, where));
}

/** ML-DSA.Sign (Algorithm 2), or HashML-DSA.Sign (Algorithm 4) when `options.hash` names the pre-hash. */
export function sign(
  params: MlDsaParams,
  sk: Uint8Array,
  message: Uint8Array,
  context?: Uint8Array,
  options: Randomness & { readonly hash?: string } = {},
): Uint8Array {
  const where = `${options.hash === undefined ? '' : 'Hash'}${params.name}.Sign`;
  alength(sk, params.secretKey, 'secret key', where);
  return signInternal(params, sk, externalMessage(message, context, options.hash, where), options);
}

/** ML-DSA.Verify (Algorithm 3), or HashML-DSA.Verify (Algorithm 5) when `hash` names the pre-hash. */
export function verify(
  params: MlDsaParams,
  pk: Uint8Array,
  message: Uint8Array,
  sig: Uint8Array,
  context?: Uint8Array,
  hash?: string,
): boolean {
  const where = `${hash === undefined ? '' : 'Hash'}${params.name}.Verify`;
  alength(pk, params.publicKey, 'public key', where);
  return verifyInternal(params, pk, externalMessage(message, context, hash, where), sig);
}

/** The parameter set of an ML-DSA name, or undefined. */
export function mlDsaParams(name: string): MlDsaParams | undefined {
  return Object.hasOwn(ML_DSA_PARAMS, name) ? ML_DSA_PARAMS[name as MlDsaName] : undefined;
}
