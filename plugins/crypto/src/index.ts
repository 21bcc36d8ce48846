/**
 * @knhk/plugin-crypto: quantum-safe cryptography for knhk on the noble libraries.
 *
 * - `kem`: ML-KEM-512/768/1024 (FIPS 203) and X-Wing;
 * - `signature`: ML-DSA-44/65/87 and HashML-DSA (FIPS 204), Ed25519 (RFC 8032), the
 *   Ed25519+ML-DSA hybrids and the composite MLDSA65-Ed25519-SHA512;
 * - `runFullAudit()`: the NIST compliance checker over ACVP vector sets (`knhk crypto audit`).
 *
 * Importing it runs no cryptographic operation: keys, tables of the audit and vectors are made
 * or read only when called.
 */
import { definePlugin } from '@knhk/core';
import { NobleKem, NobleSignatures } from './provider.js';
import { KEM_WORKLOAD, SIGNATURE_WORKLOAD } from './workloads.js';
import { CRYPTO_ERRORS } from './errors.js';

export * from './params.js';
export * from './algorithms.js';
export * from './provider.js';
export * from './workloads.js';
export * as mlKem from './ml-kem.js';
export * as mlDsa from './ml-dsa.js';
export * as ed25519 from './ed25519.js';
export * as xWing from './x-wing.js';
export * as hybrid from './hybrid.js';
export * as composite from './composite.js';
export type { GracefulVerification, HybridParams } from './hybrid.js';
export { HYBRID_PARAMS } from './hybrid.js';
export { COMPOSITE_PARAMS, type CompositeParams } from './composite.js';
export { PRE_HASHES, type PreHash } from './ml-dsa.js';
export * from './audit/audit.js';

export * from './errors.js';

/** The plugin: the noble providers of `kem` and `signature`, with workloads to measure them. */
export default definePlugin({
  name: 'crypto-noble',
  errors: CRYPTO_ERRORS,
  version: '0.1.0',
  kind: 'module',
  description: 'ML-KEM, X-Wing, ML-DSA, HashML-DSA, Ed25519, hybrid and composite signatures on @noble',
  providers: {
    kem: { useFactory: () => new NobleKem() },
    signature: { useFactory: () => new NobleSignatures() },
  },
  workloads: [KEM_WORKLOAD, SIGNATURE_WORKLOAD],
});
