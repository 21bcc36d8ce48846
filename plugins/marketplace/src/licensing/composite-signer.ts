/**
 * Composite ML-DSA-65+Ed25519 license signing (id-MLDSA65-Ed25519-SHA512): a signature
 * verifies only when both its ML-DSA-65 and its Ed25519 part verify. The marketplace does not
 * implement it, nor import a crypto package: it signs and verifies through the `signature`
 * capability (`SignatureScheme` of @knhk/core), which a plugin such as @knhk/plugin-crypto
 * provides. Inside a framework the marketplace plugin requires `signature` and is handed it;
 * library callers pass it in `CompositeOptions.signature`. Without one, asking for the
 * composite algorithm throws KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE; Ed25519 is built in.
 *
 * Key sizes: the secret key is a 64-byte seed (ML-DSA seed || Ed25519 seed), the public key
 * 1984 bytes, a signature 3373 bytes (a license key of about 5 KB of text).
 */
import { KnhkError, type SignatureScheme, describeError } from '@knhk/core';
import { ED25519, ed25519Signer, ed25519Verifier } from './ed25519-signer.js';
import type { LicenseSigner, LicenseVerifier } from './signer.js';
import { marketplaceError } from '../errors.js';

export const COMPOSITE_MLDSA65_ED25519 = 'MLDSA65-Ed25519-SHA512';
export const COMPOSITE_SECRET_KEY_BYTES = 64;
export const COMPOSITE_PUBLIC_KEY_BYTES = 1952 + 32;
export const COMPOSITE_SIGNATURE_BYTES = 3309 + 64;

/** The license algorithms by the short names of options and the command line. */
export const LICENSE_ALGORITHMS = Object.freeze({
  ed25519: ED25519,
  composite: COMPOSITE_MLDSA65_ED25519,
} as const);
export type LicenseAlgorithm = keyof typeof LICENSE_ALGORITHMS;
/** An algorithm name as it appears in payloads and key files. */
export type LicenseAlgorithmName = (typeof LICENSE_ALGORITHMS)[LicenseAlgorithm];

/**
 * Where the composite signature comes from: a `signature` capability implementation, or a
 * function that gets one when the composite algorithm is first needed (so that a caller that
 * signs only Ed25519 never loads a crypto plugin).
 */
export type SignatureSource = SignatureScheme | (() => SignatureScheme | Promise<SignatureScheme>);

export interface CompositeOptions {
  /** The `signature` capability that computes the composite signature. */
  readonly signature?: SignatureSource;
}

function unavailable(why: string): KnhkError {
  return marketplaceError(
    'KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE',
    `the ${COMPOSITE_MLDSA65_ED25519} license algorithm needs a provider of the signature capability that offers it (${why})`,
    { algorithm: COMPOSITE_MLDSA65_ED25519, capability: 'signature' },
  );
}

/** The signature capability of the options, checked to offer the composite algorithm. */
async function compositeScheme(options: CompositeOptions): Promise<SignatureScheme> {
  const source = options.signature;
  if (source === undefined) {
    throw unavailable('none was given: install @knhk/plugin-crypto next to the marketplace, or pass options.signature');
  }
  let scheme: SignatureScheme;
  try {
    scheme = typeof source === 'function' ? await source() : source;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE') throw error;
    throw unavailable(`getting it failed: ${describeError(error)}; install @knhk/plugin-crypto, which provides it`);
  }
  const algorithms = (scheme as Partial<SignatureScheme> | undefined)?.algorithms;
  if (!Array.isArray(algorithms) || !algorithms.includes(COMPOSITE_MLDSA65_ED25519)) {
    throw unavailable(
      `the signature provider given offers ${Array.isArray(algorithms) ? algorithms.join(', ') || 'no algorithm' : 'no algorithm list'}`,
    );
  }
  return scheme;
}

/** True when the options give a signature capability that offers the composite algorithm. */
export async function compositeAvailable(options: CompositeOptions = {}): Promise<boolean> {
  try {
    await compositeScheme(options);
    return true;
  } catch {
    return false;
  }
}

function keyError(what: string, length: number, expected: number): KnhkError {
  return marketplaceError(
    'KNHK_E_LICENSE_KEY',
    `${COMPOSITE_MLDSA65_ED25519} ${what} must be ${expected} bytes, got ${length}`,
    { algorithm: COMPOSITE_MLDSA65_ED25519 },
  );
}

function verifierOf(scheme: SignatureScheme, publicKey: Uint8Array): LicenseVerifier {
  if (publicKey.length !== COMPOSITE_PUBLIC_KEY_BYTES) {
    throw keyError('public key', publicKey.length, COMPOSITE_PUBLIC_KEY_BYTES);
  }
  return {
    algorithm: COMPOSITE_MLDSA65_ED25519,
    publicKey,
    verify(message, signature) {
      if (signature.length !== COMPOSITE_SIGNATURE_BYTES) return false;
      try {
        return scheme.verify(COMPOSITE_MLDSA65_ED25519, publicKey, message, signature) === true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * A composite signer for a 64-byte seed (ML-DSA-65 seed || Ed25519 seed); a fresh random one
 * when none is given. Rejects with KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE without a signature capability that offers it.
 */
export async function compositeSigner(
  secretKey?: Uint8Array,
  options: CompositeOptions = {},
): Promise<LicenseSigner & { readonly secretKey: Uint8Array }> {
  if (secretKey !== undefined && secretKey.length !== COMPOSITE_SECRET_KEY_BYTES) {
    throw keyError('secret key', secretKey.length, COMPOSITE_SECRET_KEY_BYTES);
  }
  const scheme = await compositeScheme(options);
  const pair = scheme.keygen(COMPOSITE_MLDSA65_ED25519, secretKey);
  if (pair.publicKey.length !== COMPOSITE_PUBLIC_KEY_BYTES || pair.secretKey.length !== COMPOSITE_SECRET_KEY_BYTES) {
    throw unavailable(
      `its keygen gave a ${pair.publicKey.length}-byte public key and a ${pair.secretKey.length}-byte secret key, not ${COMPOSITE_PUBLIC_KEY_BYTES} and ${COMPOSITE_SECRET_KEY_BYTES}`,
    );
  }
  const seed = pair.secretKey;
  return {
    algorithm: COMPOSITE_MLDSA65_ED25519,
    publicKey: pair.publicKey,
    secretKey: seed,
    sign: (message) => scheme.sign(COMPOSITE_MLDSA65_ED25519, seed, message),
    verifier: verifierOf(scheme, pair.publicKey),
  };
}

/** A composite verifier for a 1984-byte public key (ML-DSA-65 public key || Ed25519 public key). */
export async function compositeVerifier(
  publicKey: Uint8Array,
  options: CompositeOptions = {},
): Promise<LicenseVerifier> {
  if (publicKey.length !== COMPOSITE_PUBLIC_KEY_BYTES) {
    throw keyError('public key', publicKey.length, COMPOSITE_PUBLIC_KEY_BYTES);
  }
  return verifierOf(await compositeScheme(options), publicKey);
}

/** The short algorithm name for `text` (`ed25519` or `composite`), or a coded error. */
export function parseLicenseAlgorithm(text: string): LicenseAlgorithm {
  if (Object.hasOwn(LICENSE_ALGORITHMS, text)) return text as LicenseAlgorithm;
  throw marketplaceError(
    'KNHK_E_LICENSE_KEY',
    `unknown license algorithm "${text}"; use ${Object.keys(LICENSE_ALGORITHMS).join(' or ')}`,
    { algorithm: text },
  );
}

/** The short algorithm name of an algorithm name from a payload or key file, or undefined. */
export function licenseAlgorithmOf(name: unknown): LicenseAlgorithm | undefined {
  for (const [short, full] of Object.entries(LICENSE_ALGORITHMS)) if (full === name) return short as LicenseAlgorithm;
  return undefined;
}

/** A signer of the algorithm for `secretKey`, or for a fresh random key. */
export async function createLicenseSigner(
  algorithm: LicenseAlgorithm,
  secretKey?: Uint8Array,
  options: CompositeOptions = {},
): Promise<LicenseSigner & { readonly secretKey: Uint8Array }> {
  return algorithm === 'composite' ? compositeSigner(secretKey, options) : ed25519Signer(secretKey);
}

/** A verifier of the algorithm for `publicKey`. */
export async function createLicenseVerifier(
  algorithm: LicenseAlgorithm,
  publicKey: Uint8Array,
  options: CompositeOptions = {},
): Promise<LicenseVerifier> {
  return algorithm === 'composite' ? compositeVerifier(publicKey, options) : ed25519Verifier(publicKey);
}
