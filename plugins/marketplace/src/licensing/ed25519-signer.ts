/** Ed25519 (RFC 8032) license signing with @noble/curves, verified strictly (no ZIP-215 leniency). */
import { ed25519 } from '@noble/curves/ed25519.js';
import { KnhkError } from '@knhk/core';
import type { LicenseSigner, LicenseVerifier } from './signer.js';
import { marketplaceError } from '../errors.js';

export const ED25519 = 'Ed25519';
const SECRET_KEY_BYTES = 32;
const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

function keyError(what: string, length: number, expected: number): KnhkError {
  return marketplaceError('KNHK_E_LICENSE_KEY', `Ed25519 ${what} must be ${expected} bytes, got ${length}`, {
    algorithm: ED25519,
  });
}

/** A signer for a 32-byte Ed25519 secret key (seed); a fresh random one when none is given. */
export function ed25519Signer(secretKey: Uint8Array = ed25519.utils.randomSecretKey()): LicenseSigner & {
  readonly secretKey: Uint8Array;
} {
  if (secretKey.length !== SECRET_KEY_BYTES) throw keyError('secret key', secretKey.length, SECRET_KEY_BYTES);
  const publicKey = ed25519.getPublicKey(secretKey);
  return {
    algorithm: ED25519,
    publicKey,
    secretKey,
    sign: (message) => ed25519.sign(message, secretKey),
    verifier: ed25519Verifier(publicKey),
  };
}

/** A verifier for a 32-byte Ed25519 public key. */
export function ed25519Verifier(publicKey: Uint8Array): LicenseVerifier {
  if (publicKey.length !== PUBLIC_KEY_BYTES) throw keyError('public key', publicKey.length, PUBLIC_KEY_BYTES);
  return {
    algorithm: ED25519,
    publicKey,
    verify(message, signature) {
      if (signature.length !== SIGNATURE_BYTES) return false;
      try {
        return ed25519.verify(signature, message, publicKey, { zip215: false });
      } catch {
        return false;
      }
    },
  };
}
