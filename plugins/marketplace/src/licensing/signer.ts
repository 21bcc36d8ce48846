/**
 * Signing behind an interface. Licenses and revocation lists name their algorithm; a
 * validator holds one verifier (one algorithm, one public key) and refuses anything signed
 * with another algorithm, so there is no algorithm confusion. Ed25519 is built in; the
 * composite ML-DSA-65+Ed25519 signature of the crypto plugin fits the same two interfaces.
 */

/** Signs messages with one secret key. */
export interface LicenseSigner {
  /** Algorithm name as it appears in signed payloads, e.g. `Ed25519`. */
  readonly algorithm: string;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
  /** The verifier of this signer's public key. */
  readonly verifier: LicenseVerifier;
}

/** Verifies signatures made with one public key. */
export interface LicenseVerifier {
  readonly algorithm: string;
  readonly publicKey: Uint8Array;
  /** False for a wrong or malformed signature; never throws for bad input. */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}
