/**
 * The algorithms of the noble provider, by name: one table for KEMs and one for signatures.
 * Each entry carries its sizes and NIST security category, so the provider, the audit and the
 * benchmarks read them from one place.
 */
import { KnhkError, type KeyPair, type SignOptions, type VerifyOptions } from '@knhk/core';
import { unknownAlgorithm } from './checks.js';
import * as composite from './composite.js';
import * as ed from './ed25519.js';
import * as hybrid from './hybrid.js';
import * as mldsa from './ml-dsa.js';
import * as mlkem from './ml-kem.js';
import { ED25519_SIZES, ML_DSA_PARAMS, ML_KEM_PARAMS, X_WING_SIZES } from './params.js';
import * as xwing from './x-wing.js';

/** A KEM the provider offers. */
export interface KemAlgorithm {
  readonly name: string;
  readonly standard: string;
  /** NIST security category 1-5. */
  readonly category: number;
  readonly sizes: { readonly publicKey: number; readonly secretKey: number; readonly cipherText: number };
  keygen(seed?: Uint8Array): KeyPair;
  encapsulate(publicKey: Uint8Array, message?: Uint8Array): { cipherText: Uint8Array; sharedSecret: Uint8Array };
  decapsulate(cipherText: Uint8Array, secretKey: Uint8Array): Uint8Array;
}

/** A signature algorithm the provider offers. */
export interface SignatureAlgorithm {
  readonly name: string;
  readonly standard: string;
  /** NIST security category 1-5 of the post-quantum part; undefined for classical Ed25519. */
  readonly category: number | undefined;
  readonly sizes: { readonly publicKey: number; readonly secretKey: number; readonly signature: number };
  keygen(seed?: Uint8Array): KeyPair;
  sign(secretKey: Uint8Array, message: Uint8Array, context?: Uint8Array, options?: SignOptions): Uint8Array;
  verify(
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
    context?: Uint8Array,
    options?: VerifyOptions,
  ): boolean;
}

/** HashML-DSA signs with SHA2-512 unless told otherwise (the pre-hash of the LAMPS OIDs). */
export const DEFAULT_PRE_HASH = 'SHA2-512';

function noHash(name: string, options: VerifyOptions | undefined): void {
  if (options?.hash !== undefined) {
    throw new KnhkError('KNHK_E_ARG_INVALID', `${name}: a pre-hash applies to HashML-DSA only, not ${name}`, {
      algorithm: name,
      hash: options.hash,
    });
  }
}

function mlKemAlgorithm(params: (typeof ML_KEM_PARAMS)[keyof typeof ML_KEM_PARAMS]): KemAlgorithm {
  return Object.freeze({
    name: params.name,
    standard: 'FIPS 203',
    category: params.category,
    sizes: { publicKey: params.publicKey, secretKey: params.secretKey, cipherText: params.cipherText },
    keygen: (seed?: Uint8Array) => mlkem.keyGen(params, seed),
    encapsulate: (pk: Uint8Array, m?: Uint8Array) => mlkem.encaps(params, pk, m),
    decapsulate: (c: Uint8Array, dk: Uint8Array) => mlkem.decaps(params, c, dk),
  });
}

const X_WING: KemAlgorithm = Object.freeze({
  name: 'X-Wing',
  standard: 'draft-connolly-cfrg-xwing-kem',
  category: X_WING_SIZES.category,
  sizes: { publicKey: X_WING_SIZES.publicKey, secretKey: X_WING_SIZES.secretKey, cipherText: X_WING_SIZES.cipherText },
  keygen: xwing.keyGen,
  encapsulate: xwing.encapsulate,
  decapsulate: xwing.decapsulate,
});

/** Every KEM of the noble provider, by name. */
export const KEM_ALGORITHMS: Readonly<Record<string, KemAlgorithm>> = Object.freeze({
  'ML-KEM-512': mlKemAlgorithm(ML_KEM_PARAMS['ML-KEM-512']),
  'ML-KEM-768': mlKemAlgorithm(ML_KEM_PARAMS['ML-KEM-768']),
  'ML-KEM-1024': mlKemAlgorithm(ML_KEM_PARAMS['ML-KEM-1024']),
  'X-Wing': X_WING,
});

type DsaParams = (typeof ML_DSA_PARAMS)[keyof typeof ML_DSA_PARAMS];

function mlDsaAlgorithm(params: DsaParams): SignatureAlgorithm {
  return Object.freeze({
    name: params.name,
    standard: 'FIPS 204',
    category: params.category,
    sizes: { publicKey: params.publicKey, secretKey: params.secretKey, signature: params.signature },
    keygen: (seed?: Uint8Array) => mldsa.keyGen(params, seed),
    sign: (sk: Uint8Array, m: Uint8Array, ctx?: Uint8Array, options?: SignOptions) => {
      noHash(params.name, options);
      return mldsa.sign(params, sk, m, ctx, options);
    },
    verify: (pk: Uint8Array, m: Uint8Array, sig: Uint8Array, ctx?: Uint8Array, options?: VerifyOptions) => {
      noHash(params.name, options);
      return mldsa.verify(params, pk, m, sig, ctx);
    },
  });
}

function hashMlDsaAlgorithm(params: DsaParams): SignatureAlgorithm {
  return Object.freeze({
    ...mlDsaAlgorithm(params),
    name: `Hash${params.name}`,
    sign: (sk: Uint8Array, m: Uint8Array, ctx?: Uint8Array, options: SignOptions = {}) =>
      mldsa.sign(params, sk, m, ctx, { ...options, hash: options.hash ?? DEFAULT_PRE_HASH }),
    verify: (pk: Uint8Array, m: Uint8Array, sig: Uint8Array, ctx?: Uint8Array, options: VerifyOptions = {}) =>
      mldsa.verify(params, pk, m, sig, ctx, options.hash ?? DEFAULT_PRE_HASH),
  });
}

const ED25519: SignatureAlgorithm = Object.freeze({
  name: 'Ed25519',
  standard: 'RFC 8032',
  category: undefined,
  sizes: { ...ED25519_SIZES },
  keygen: (seed?: Uint8Array) => ed.keyGen(seed),
  sign: (sk: Uint8Array, m: Uint8Array, ctx?: Uint8Array, options?: SignOptions) => {
    noHash('Ed25519', options);
    return ed.sign(sk, m, ctx);
  },
  verify: (pk: Uint8Array, m: Uint8Array, sig: Uint8Array, ctx?: Uint8Array, options?: VerifyOptions) => {
    noHash('Ed25519', options);
    return ed.verify(pk, m, sig, ctx);
  },
});

function hybridAlgorithm(params: hybrid.HybridParams): SignatureAlgorithm {
  return Object.freeze({
    name: params.name,
    standard: `FIPS 204 + RFC 8032 (knhk hybrid)`,
    category: params.mlDsa.category,
    sizes: { publicKey: params.publicKey, secretKey: params.secretKey, signature: params.signature },
    keygen: (seed?: Uint8Array) => hybrid.keyGen(params, seed),
    sign: (sk: Uint8Array, m: Uint8Array, ctx?: Uint8Array, options?: SignOptions) => {
      noHash(params.name, options);
      return hybrid.sign(params, sk, m, ctx, options);
    },
    verify: (pk: Uint8Array, m: Uint8Array, sig: Uint8Array, ctx?: Uint8Array, options?: VerifyOptions) => {
      noHash(params.name, options);
      return hybrid.verify(params, pk, m, sig, ctx);
    },
  });
}

function compositeAlgorithm(params: composite.CompositeParams): SignatureAlgorithm {
  return Object.freeze({
    name: params.name,
    standard: 'draft-ietf-lamps-pq-composite-sigs',
    category: params.mlDsa.category,
    sizes: { publicKey: params.publicKey, secretKey: params.secretKey, signature: params.signature },
    keygen: (seed?: Uint8Array) => composite.keyGen(params, seed),
    sign: (sk: Uint8Array, m: Uint8Array, ctx?: Uint8Array, options?: SignOptions) => {
      noHash(params.name, options);
      return composite.sign(params, sk, m, ctx, options);
    },
    verify: (pk: Uint8Array, m: Uint8Array, sig: Uint8Array, ctx?: Uint8Array, options?: VerifyOptions) => {
      noHash(params.name, options);
      return composite.verify(params, pk, m, sig, ctx);
    },
  });
}

/** Every signature algorithm of the noble provider, by name. */
export const SIGNATURE_ALGORITHMS: Readonly<Record<string, SignatureAlgorithm>> = Object.freeze({
  'ML-DSA-44': mlDsaAlgorithm(ML_DSA_PARAMS['ML-DSA-44']),
  'ML-DSA-65': mlDsaAlgorithm(ML_DSA_PARAMS['ML-DSA-65']),
  'ML-DSA-87': mlDsaAlgorithm(ML_DSA_PARAMS['ML-DSA-87']),
  'HashML-DSA-44': hashMlDsaAlgorithm(ML_DSA_PARAMS['ML-DSA-44']),
  'HashML-DSA-65': hashMlDsaAlgorithm(ML_DSA_PARAMS['ML-DSA-65']),
  'HashML-DSA-87': hashMlDsaAlgorithm(ML_DSA_PARAMS['ML-DSA-87']),
  Ed25519: ED25519,
  'Ed25519+ML-DSA-44': hybridAlgorithm(hybrid.HYBRID_PARAMS['Ed25519+ML-DSA-44']),
  'Ed25519+ML-DSA-65': hybridAlgorithm(hybrid.HYBRID_PARAMS['Ed25519+ML-DSA-65']),
  'Ed25519+ML-DSA-87': hybridAlgorithm(hybrid.HYBRID_PARAMS['Ed25519+ML-DSA-87']),
  'MLDSA65-Ed25519-SHA512': compositeAlgorithm(composite.COMPOSITE_PARAMS['MLDSA65-Ed25519-SHA512']),
});

/** The KEM named, or KNHK_E_CRYPTO_ALGORITHM_UNKNOWN naming the known ones. */
export function kemAlgorithm(name: string): KemAlgorithm {
  if (typeof name === 'string' && Object.hasOwn(KEM_ALGORITHMS, name)) return KEM_ALGORITHMS[name];
  throw unknownAlgorithm(name, Object.keys(KEM_ALGORITHMS), 'kem');
}

/** The signature algorithm named, or KNHK_E_CRYPTO_ALGORITHM_UNKNOWN naming the known ones. */
export function signatureAlgorithm(name: string): SignatureAlgorithm {
  if (typeof name === 'string' && Object.hasOwn(SIGNATURE_ALGORITHMS, name)) return SIGNATURE_ALGORITHMS[name];
  throw unknownAlgorithm(name, Object.keys(SIGNATURE_ALGORITHMS), 'signature');
}
