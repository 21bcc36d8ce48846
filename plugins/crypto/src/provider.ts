/**
 * The noble providers of the `kem` and `signature` capabilities. They dispatch by algorithm
 * name to the tables in algorithms.ts; a faster provider (a native one) can list the same
 * names and be chosen by measurement (see workloads.ts).
 */
import type { Kem, KeyPair, SignOptions, SignatureScheme, VerifyOptions } from '@knhk/core';
import { KEM_ALGORITHMS, SIGNATURE_ALGORITHMS, kemAlgorithm, signatureAlgorithm } from './algorithms.js';
import { HYBRID_PARAMS, type GracefulVerification, verifyGraceful } from './hybrid.js';
import { unknownAlgorithm } from './checks.js';

/** ML-KEM-512/768/1024 and X-Wing on @noble/post-quantum. */
export class NobleKem implements Kem {
  readonly algorithms: readonly string[] = Object.freeze(Object.keys(KEM_ALGORITHMS));

  keygen(algorithm: string, seed?: Uint8Array): KeyPair {
    return kemAlgorithm(algorithm).keygen(seed);
  }

  encapsulate(
    algorithm: string,
    publicKey: Uint8Array,
    message?: Uint8Array,
  ): { cipherText: Uint8Array; sharedSecret: Uint8Array } {
    return kemAlgorithm(algorithm).encapsulate(publicKey, message);
  }

  decapsulate(algorithm: string, cipherText: Uint8Array, secretKey: Uint8Array): Uint8Array {
    return kemAlgorithm(algorithm).decapsulate(cipherText, secretKey);
  }
}

/** ML-DSA, HashML-DSA, Ed25519, the Ed25519+ML-DSA hybrids and the composite, on noble. */
export class NobleSignatures implements SignatureScheme {
  readonly algorithms: readonly string[] = Object.freeze(Object.keys(SIGNATURE_ALGORITHMS));

  keygen(algorithm: string, seed?: Uint8Array): KeyPair {
    return signatureAlgorithm(algorithm).keygen(seed);
  }

  sign(
    algorithm: string,
    secretKey: Uint8Array,
    message: Uint8Array,
    context?: Uint8Array,
    options?: SignOptions,
  ): Uint8Array {
    return signatureAlgorithm(algorithm).sign(secretKey, message, context, options);
  }

  verify(
    algorithm: string,
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
    context?: Uint8Array,
    options?: VerifyOptions,
  ): boolean {
    return signatureAlgorithm(algorithm).verify(publicKey, message, signature, context, options);
  }

  /**
   * Transition mode of the hybrids (`Ed25519+ML-DSA-*`): valid when at least one part
   * verifies; says which did.
   */
  verifyGraceful(
    algorithm: string,
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
    context?: Uint8Array,
  ): GracefulVerification {
    if (!Object.hasOwn(HYBRID_PARAMS, algorithm)) {
      throw unknownAlgorithm(algorithm, Object.keys(HYBRID_PARAMS), 'signature.verifyGraceful');
    }
    const params = HYBRID_PARAMS[algorithm as keyof typeof HYBRID_PARAMS];
    return verifyGraceful(params, publicKey, message, signature, context);
  }
}
