/**
 * Signing key files. A key file holds a key pair as JSON (base64url) with its algorithm
 * (`Ed25519`, or `MLDSA65-Ed25519-SHA512` for the composite signature of the crypto plugin),
 * written with mode 0600; a public key file holds only the algorithm and the public key.
 * Validators need only the latter. The synchronous loaders read Ed25519 files only; the
 * `loadLicense*` ones read either algorithm (composite needs `options.signature`, the
 * `signature` capability of a crypto plugin).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeError } from '@knhk/core';
import { decodeBase64Url, encodeBase64Url } from './licensing/base64url.js';
import { ED25519, ed25519Signer, ed25519Verifier } from './licensing/ed25519-signer.js';
import {
  type CompositeOptions,
  type LicenseAlgorithm,
  LICENSE_ALGORITHMS,
  createLicenseSigner,
  createLicenseVerifier,
  licenseAlgorithmOf,
} from './licensing/composite-signer.js';
import type { LicenseSigner, LicenseVerifier } from './licensing/signer.js';
import { marketplaceError } from './errors.js';

interface KeyFileJson {
  algorithm?: unknown;
  publicKey?: unknown;
  secretKey?: unknown;
}

function readKeyFile(file: string): KeyFileJson {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as KeyFileJson;
  } catch (error) {
    throw marketplaceError('KNHK_E_LICENSE_KEY', `cannot read key file ${file}: ${describeError(error)}`, { file });
  }
}

function field(json: KeyFileJson, name: 'publicKey' | 'secretKey', file: string): Uint8Array {
  const bytes = typeof json[name] === 'string' ? decodeBase64Url(json[name] as string) : undefined;
  if (json.algorithm !== ED25519 || bytes === undefined) {
    const other =
      licenseAlgorithmOf(json.algorithm) !== undefined
        ? ' (load other algorithms with loadLicenseSigner or loadLicenseVerifier)'
        : '';
    throw marketplaceError('KNHK_E_LICENSE_KEY', `${file}: not an ${ED25519} key file with a ${name}${other}`, {
      file,
    });
  }
  return bytes;
}

function checkPair(signer: LicenseSigner, json: KeyFileJson, file: string): LicenseSigner {
  if (encodeBase64Url(signer.publicKey) !== json.publicKey) {
    throw marketplaceError('KNHK_E_LICENSE_KEY', `${file}: publicKey does not match secretKey`, { file });
  }
  return signer;
}

/** An Ed25519 signer from a key file (see {@link loadLicenseSigner} for either algorithm). */
export function loadSigner(file: string): LicenseSigner {
  const json = readKeyFile(file);
  return checkPair(ed25519Signer(field(json, 'secretKey', file)), json, file);
}

/** An Ed25519 verifier from a key file or a public key file (see {@link loadLicenseVerifier}). */
export function loadVerifier(file: string): LicenseVerifier {
  return ed25519Verifier(field(readKeyFile(file), 'publicKey', file));
}

function writeKeyFile(file: string, signer: LicenseSigner & { readonly secretKey: Uint8Array }): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const json = {
    algorithm: signer.algorithm,
    publicKey: encodeBase64Url(signer.publicKey),
    secretKey: encodeBase64Url(signer.secretKey),
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
}

/** Loads the Ed25519 signing key at `file`, or creates a new key pair there; says which. */
export function loadOrCreateSigner(file: string): { signer: LicenseSigner; created: boolean } {
  if (existsSync(file)) return { signer: loadSigner(file), created: false };
  const signer = ed25519Signer();
  writeKeyFile(file, signer);
  return { signer, created: true };
}

/** The algorithm a key file records, or a coded error naming what it holds. */
function recordedAlgorithm(json: KeyFileJson, file: string): LicenseAlgorithm {
  const algorithm = licenseAlgorithmOf(json.algorithm);
  if (algorithm === undefined) {
    const known = Object.values(LICENSE_ALGORITHMS).join(' or ');
    throw marketplaceError(
      'KNHK_E_LICENSE_KEY',
      `${file}: key algorithm ${JSON.stringify(json.algorithm)} is not ${known}`,
      { file },
    );
  }
  return algorithm;
}

function bytesOf(json: KeyFileJson, name: 'publicKey' | 'secretKey', file: string): Uint8Array {
  const bytes = typeof json[name] === 'string' ? decodeBase64Url(json[name] as string) : undefined;
  if (bytes === undefined)
    throw marketplaceError('KNHK_E_LICENSE_KEY', `${file}: no ${name} in the key file`, { file });
  return bytes;
}

function expectAlgorithm(found: LicenseAlgorithm, wanted: LicenseAlgorithm | undefined, file: string): void {
  if (wanted !== undefined && wanted !== found) {
    throw marketplaceError(
      'KNHK_E_LICENSE_KEY',
      `${file} holds an ${LICENSE_ALGORITHMS[found]} key, not ${LICENSE_ALGORITHMS[wanted]}; ` +
        `pass a key file of that algorithm (--key-file)`,
      { file, algorithm: LICENSE_ALGORITHMS[found] },
    );
  }
}

export interface LicenseKeyOptions extends CompositeOptions {
  /** The algorithm the key must have; any recorded one when absent (Ed25519 for a new key). */
  readonly algorithm?: LicenseAlgorithm;
}

/** A signer of the algorithm recorded in the key file. */
export async function loadLicenseSigner(file: string, options: LicenseKeyOptions = {}): Promise<LicenseSigner> {
  const json = readKeyFile(file);
  const algorithm = recordedAlgorithm(json, file);
  expectAlgorithm(algorithm, options.algorithm, file);
  return checkPair(await createLicenseSigner(algorithm, bytesOf(json, 'secretKey', file), options), json, file);
}

/** A verifier of the algorithm recorded in a key file or public key file. */
export async function loadLicenseVerifier(file: string, options: LicenseKeyOptions = {}): Promise<LicenseVerifier> {
  const json = readKeyFile(file);
  const algorithm = recordedAlgorithm(json, file);
  expectAlgorithm(algorithm, options.algorithm, file);
  return createLicenseVerifier(algorithm, bytesOf(json, 'publicKey', file), options);
}

/**
 * Loads the signing key at `file` (of `options.algorithm` when given), or creates a new key
 * pair of that algorithm (default Ed25519) there; says which.
 */
export async function loadOrCreateLicenseSigner(
  file: string,
  options: LicenseKeyOptions = {},
): Promise<{ signer: LicenseSigner; created: boolean }> {
  if (existsSync(file)) return { signer: await loadLicenseSigner(file, options), created: false };
  const signer = await createLicenseSigner(options.algorithm ?? 'ed25519', undefined, options);
  writeKeyFile(file, signer);
  return { signer, created: true };
}

/** The public key file content for a signer (what a validator ships with). */
export function publicKeyFileText(signer: LicenseSigner): string {
  return `${JSON.stringify({ algorithm: signer.algorithm, publicKey: encodeBase64Url(signer.publicKey) }, null, 2)}\n`;
}
