/**
 * Signing key files. A key file holds an Ed25519 key pair as JSON (base64url), written with
 * mode 0600; a public key file holds only the public key. Validators need only the latter.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KnhkError, describeError } from '@knhk/core';
import { decodeBase64Url, encodeBase64Url } from './licensing/base64url.js';
import { ED25519, ed25519Signer, ed25519Verifier } from './licensing/ed25519-signer.js';
import type { LicenseSigner, LicenseVerifier } from './licensing/signer.js';

interface KeyFileJson {
  algorithm?: unknown;
  publicKey?: unknown;
  secretKey?: unknown;
}

function readKeyFile(file: string): KeyFileJson {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as KeyFileJson;
  } catch (error) {
    throw new KnhkError('KNHK_E_LICENSE_KEY', `cannot read key file ${file}: ${describeError(error)}`, { file });
  }
}

function field(json: KeyFileJson, name: 'publicKey' | 'secretKey', file: string): Uint8Array {
  const bytes = typeof json[name] === 'string' ? decodeBase64Url(json[name] as string) : undefined;
  if (json.algorithm !== ED25519 || bytes === undefined) {
    throw new KnhkError('KNHK_E_LICENSE_KEY', `${file}: not an ${ED25519} key file with a ${name}`, { file });
  }
  return bytes;
}

export function loadSigner(file: string): LicenseSigner {
  const json = readKeyFile(file);
  const signer = ed25519Signer(field(json, 'secretKey', file));
  if (encodeBase64Url(signer.publicKey) !== json.publicKey) {
    throw new KnhkError('KNHK_E_LICENSE_KEY', `${file}: publicKey does not match secretKey`, { file });
  }
  return signer;
}

/** A verifier from a key file or a public key file. */
export function loadVerifier(file: string): LicenseVerifier {
  return ed25519Verifier(field(readKeyFile(file), 'publicKey', file));
}

/** Loads the signing key at `file`, or creates a new key pair there; says which. */
export function loadOrCreateSigner(file: string): { signer: LicenseSigner; created: boolean } {
  if (existsSync(file)) return { signer: loadSigner(file), created: false };
  const signer = ed25519Signer();
  mkdirSync(path.dirname(file), { recursive: true });
  const json = {
    algorithm: ED25519,
    publicKey: encodeBase64Url(signer.publicKey),
    secretKey: encodeBase64Url(signer.secretKey),
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return { signer, created: true };
}

/** The public key file content for a signer (what a validator ships with). */
export function publicKeyFileText(signer: LicenseSigner): string {
  return `${JSON.stringify({ algorithm: signer.algorithm, publicKey: encodeBase64Url(signer.publicKey) }, null, 2)}\n`;
}
