/**
 * Composite ML-DSA-65+Ed25519 license signing (id-MLDSA65-Ed25519-SHA512, the crypto plugin's
 * composite signature): a signature verifies only when both its ML-DSA-65 and its Ed25519
 * part verify. The crypto plugin (@knhk/plugin-crypto) is an optional dependency, loaded with
 * a dynamic import the first time a composite signer or verifier is made: the marketplace works
 * without it, and asking for the composite algorithm then throws KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE.
 *
 * Key sizes: the secret key is a 64-byte seed (ML-DSA seed || Ed25519 seed), the public key
 * 1984 bytes, a signature 3373 bytes (a license key of about 5 KB of text).
 */
import { KnhkError, describeError } from '@knhk/core';
import { ED25519, ed25519Signer, ed25519Verifier } from './ed25519-signer.js';
import type { LicenseSigner, LicenseVerifier } from './signer.js';

export const COMPOSITE_MLDSA65_ED25519 = 'MLDSA65-Ed25519-SHA512';
export const COMPOSITE_SECRET_KEY_BYTES = 64;
export const COMPOSITE_PUBLIC_KEY_BYTES = 1952 + 32;
export const COMPOSITE_SIGNATURE_BYTES = 3309 + 64;
const CRYPTO_PLUGIN = '@knhk/plugin-crypto';

/** The license algorithms by the short names of options and the command line. */
export const LICENSE_ALGORITHMS = Object.freeze({
  ed25519: ED25519,
  composite: COMPOSITE_MLDSA65_ED25519,
} as const);
export type LicenseAlgorithm = keyof typeof LICENSE_ALGORITHMS;
/** An algorithm name as it appears in payloads and key files. */
export type LicenseAlgorithmName = (typeof LICENSE_ALGORITHMS)[LicenseAlgorithm];

/** What the marketplace uses of the crypto plugin's `composite` namespace. */
interface CompositeApi {
  keyGen(params: unknown, seed?: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array };
  sign(params: unknown, secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  verify(params: unknown, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

interface LoadedComposite {
  readonly api: CompositeApi;
  readonly params: unknown;
}

/** How the crypto plugin is imported; tests pass one that fails, as a missing package does. */
export type CryptoPluginImporter = () => Promise<unknown>;

export interface CompositeOptions {
  readonly importCrypto?: CryptoPluginImporter;
}

const importCryptoPlugin: CryptoPluginImporter = () => import('@knhk/plugin-crypto');
let loadedDefault: Promise<LoadedComposite> | undefined;

function unavailable(why: string): KnhkError {
  return new KnhkError(
    'KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE',
    `the ${COMPOSITE_MLDSA65_ED25519} license algorithm needs the crypto plugin: install ${CRYPTO_PLUGIN} (${why})`,
    { algorithm: COMPOSITE_MLDSA65_ED25519, package: CRYPTO_PLUGIN },
  );
}

async function load(importer: CryptoPluginImporter): Promise<LoadedComposite> {
  let module: unknown;
  try {
    module = await importer();
  } catch (error) {
    const missing = (error as { code?: unknown } | null)?.code === 'ERR_MODULE_NOT_FOUND';
    throw unavailable(missing ? `${CRYPTO_PLUGIN} is not installed` : `cannot load it: ${describeError(error)}`);
  }
  const m = module as {
    composite?: Partial<CompositeApi>;
    COMPOSITE_PARAMS?: Record<string, unknown>;
  } | null;
  const api = m?.composite;
  const params = m?.COMPOSITE_PARAMS?.[COMPOSITE_MLDSA65_ED25519] as
    { publicKey?: unknown; secretKey?: unknown; signature?: unknown } | undefined;
  const complete =
    typeof api?.keyGen === 'function' && typeof api.sign === 'function' && typeof api.verify === 'function';
  const sizes =
    params?.publicKey === COMPOSITE_PUBLIC_KEY_BYTES &&
    params.secretKey === COMPOSITE_SECRET_KEY_BYTES &&
    params.signature === COMPOSITE_SIGNATURE_BYTES;
  if (!complete || !sizes) {
    throw unavailable(`the installed ${CRYPTO_PLUGIN} has no ${COMPOSITE_MLDSA65_ED25519} composite signature`);
  }
  return { api: api as CompositeApi, params };
}

/** The crypto plugin's composite signature, imported once (a failed import is retried next time). */
function loadComposite(options: CompositeOptions): Promise<LoadedComposite> {
  if (options.importCrypto !== undefined) return load(options.importCrypto);
  loadedDefault ??= load(importCryptoPlugin).catch((error: unknown) => {
    loadedDefault = undefined;
    throw error;
  });
  return loadedDefault;
}

/** True when the crypto plugin can be loaded (the composite algorithm is available). */
export async function compositeAvailable(options: CompositeOptions = {}): Promise<boolean> {
  try {
    await loadComposite(options);
    return true;
  } catch {
    return false;
  }
}

function keyError(what: string, length: number, expected: number): KnhkError {
  return new KnhkError(
    'KNHK_E_LICENSE_KEY',
    `${COMPOSITE_MLDSA65_ED25519} ${what} must be ${expected} bytes, got ${length}`,
    { algorithm: COMPOSITE_MLDSA65_ED25519 },
  );
}

function verifierOf(loaded: LoadedComposite, publicKey: Uint8Array): LicenseVerifier {
  if (publicKey.length !== COMPOSITE_PUBLIC_KEY_BYTES) {
    throw keyError('public key', publicKey.length, COMPOSITE_PUBLIC_KEY_BYTES);
  }
  return {
    algorithm: COMPOSITE_MLDSA65_ED25519,
    publicKey,
    verify(message, signature) {
      if (signature.length !== COMPOSITE_SIGNATURE_BYTES) return false;
      try {
        return loaded.api.verify(loaded.params, publicKey, message, signature) === true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * A composite signer for a 64-byte seed (ML-DSA-65 seed || Ed25519 seed); a fresh random one
 * when none is given. Rejects with KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE without the crypto plugin.
 */
export async function compositeSigner(
  secretKey?: Uint8Array,
  options: CompositeOptions = {},
): Promise<LicenseSigner & { readonly secretKey: Uint8Array }> {
  if (secretKey !== undefined && secretKey.length !== COMPOSITE_SECRET_KEY_BYTES) {
    throw keyError('secret key', secretKey.length, COMPOSITE_SECRET_KEY_BYTES);
  }
  const loaded = await loadComposite(options);
  const pair = loaded.api.keyGen(loaded.params, secretKey);
  const seed = pair.secretKey;
  return {
    algorithm: COMPOSITE_MLDSA65_ED25519,
    publicKey: pair.publicKey,
    secretKey: seed,
    sign: (message) => loaded.api.sign(loaded.params, seed, message),
    verifier: verifierOf(loaded, pair.publicKey),
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
  return verifierOf(await loadComposite(options), publicKey);
}

/** The short algorithm name for `text` (`ed25519` or `composite`), or a coded error. */
export function parseLicenseAlgorithm(text: string): LicenseAlgorithm {
  if (Object.hasOwn(LICENSE_ALGORITHMS, text)) return text as LicenseAlgorithm;
  throw new KnhkError(
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
