/**
 * Ed25519 (RFC 8032 section 5.1) on @noble/curves. Verification is strict RFC 8032 (not
 * ZIP-215). A non-empty context selects Ed25519ctx (RFC 8032 section 5.1, dom2 with the context).
 */
import { ed25519, ed25519ctx } from '@noble/curves/ed25519.js';
import { abytes, acontext, alength } from './checks.js';
import { ED25519_SIZES } from './params.js';

/** A key pair from a 32-byte seed (the RFC 8032 secret key), or a random one. */
export function keyGen(seed?: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } {
  if (seed !== undefined) alength(seed, ED25519_SIZES.secretKey, 'seed', 'Ed25519.KeyGen');
  const { secretKey, publicKey } = ed25519.keygen(seed);
  return { publicKey, secretKey };
}

/** The public key of a 32-byte secret key. */
export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  alength(secretKey, ED25519_SIZES.secretKey, 'secret key', 'Ed25519.PublicKey');
  return ed25519.getPublicKey(secretKey);
}

/** Ed25519.Sign (RFC 8032 section 5.1.6); Ed25519ctx when `context` is non-empty. */
export function sign(secretKey: Uint8Array, message: Uint8Array, context?: Uint8Array): Uint8Array {
  alength(secretKey, ED25519_SIZES.secretKey, 'secret key', 'Ed25519.Sign');
  abytes(message, 'message', 'Ed25519.Sign');
  const ctx = acontext(context, 'Ed25519.Sign');
  return ctx.length === 0 ? ed25519.sign(message, secretKey) : ed25519ctx.sign(message, secretKey, { context: ctx });
}

/** Ed25519.Verify (RFC 8032 section 5.1.7), strict; a signature of the wrong length or a bad encoding is false. */
export function verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  context?: Uint8Array,
): boolean {
  alength(publicKey, ED25519_SIZES.publicKey, 'public key', 'Ed25519.Verify');
  abytes(message, 'message', 'Ed25519.Verify');
  abytes(signature, 'signature', 'Ed25519.Verify');
  const ctx = acontext(context, 'Ed25519.Verify');
  if (signature.length !== ED25519_SIZES.signature) return false;
  try {
    return ctx.length === 0
      ? ed25519.verify(signature, message, publicKey, { zip215: false })
      : ed25519ctx.verify(signature, message, publicKey, { context: ctx, zip215: false });
  } catch {
    return false; // a public key that is no curve point verifies nothing
  }
}
