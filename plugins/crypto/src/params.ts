/**
 * Parameter sets of the algorithms this plugin offers, as the standards define them. Sizes
 * are in bytes. `category` is the NIST security category (1-5) the standard assigns; the
 * classical algorithms have none.
 */

/** FIPS 203 (ML-KEM), Table 2 (parameters) and Table 3 (sizes). */
export interface MlKemParams {
  readonly name: 'ML-KEM-512' | 'ML-KEM-768' | 'ML-KEM-1024';
  readonly k: number;
  readonly eta1: number;
  readonly eta2: number;
  readonly du: number;
  readonly dv: number;
  /** Encapsulation key (ek) bytes: 384k + 32. */
  readonly publicKey: number;
  /** Decapsulation key (dk) bytes: 768k + 96. */
  readonly secretKey: number;
  /** Ciphertext bytes: 32(du k + dv). */
  readonly cipherText: number;
  readonly sharedSecret: 32;
  /** NIST security category (FIPS 203, section 8). */
  readonly category: 1 | 3 | 5;
}

/** The ML-KEM modulus q (FIPS 203, section 2.4). */
export const ML_KEM_Q = 3329;

/** FIPS 203 Tables 2 and 3. */
export const ML_KEM_PARAMS: Readonly<Record<MlKemParams['name'], MlKemParams>> = Object.freeze({
  'ML-KEM-512': Object.freeze({
    name: 'ML-KEM-512',
    ...{ k: 2, eta1: 3, eta2: 2, du: 10, dv: 4 },
    ...{ publicKey: 800, secretKey: 1632, cipherText: 768, sharedSecret: 32, category: 1 },
  }),
  'ML-KEM-768': Object.freeze({
    name: 'ML-KEM-768',
    ...{ k: 3, eta1: 2, eta2: 2, du: 10, dv: 4 },
    ...{ publicKey: 1184, secretKey: 2400, cipherText: 1088, sharedSecret: 32, category: 3 },
  }),
  'ML-KEM-1024': Object.freeze({
    name: 'ML-KEM-1024',
    ...{ k: 4, eta1: 2, eta2: 2, du: 11, dv: 5 },
    ...{ publicKey: 1568, secretKey: 3168, cipherText: 1568, sharedSecret: 32, category: 5 },
  }),
} as const);

/** FIPS 204 (ML-DSA), Table 1 (parameters) and Table 2 (sizes). */
export interface MlDsaParams {
  readonly name: 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87';
  readonly k: number;
  readonly l: number;
  readonly eta: number;
  readonly tau: number;
  /** Collision strength of c~, bits. */
  readonly lambda: number;
  readonly gamma1: number;
  readonly gamma2: number;
  readonly beta: number;
  readonly omega: number;
  readonly publicKey: number;
  readonly secretKey: number;
  readonly signature: number;
  /** NIST security category (FIPS 204, Table 1). */
  readonly category: 2 | 3 | 5;
}

/** The ML-DSA modulus q (FIPS 204, section 4). */
export const ML_DSA_Q = 8380417;

/** FIPS 204 Tables 1 and 2. */
export const ML_DSA_PARAMS: Readonly<Record<MlDsaParams['name'], MlDsaParams>> = Object.freeze({
  'ML-DSA-44': Object.freeze({
    name: 'ML-DSA-44',
    ...{ k: 4, l: 4, eta: 2, tau: 39, lambda: 128, gamma1: 2 ** 17, gamma2: (ML_DSA_Q - 1) / 88, beta: 78, omega: 80 },
    ...{ publicKey: 1312, secretKey: 2560, signature: 2420, category: 2 },
  }),
  'ML-DSA-65': Object.freeze({
    name: 'ML-DSA-65',
    ...{ k: 6, l: 5, eta: 4, tau: 49, lambda: 192, gamma1: 2 ** 19, gamma2: (ML_DSA_Q - 1) / 32, beta: 196, omega: 55 },
    ...{ publicKey: 1952, secretKey: 4032, signature: 3309, category: 3 },
  }),
  'ML-DSA-87': Object.freeze({
    name: 'ML-DSA-87',
    ...{ k: 8, l: 7, eta: 2, tau: 60, lambda: 256, gamma1: 2 ** 19, gamma2: (ML_DSA_Q - 1) / 32, beta: 120, omega: 75 },
    ...{ publicKey: 2592, secretKey: 4896, signature: 4627, category: 5 },
  }),
} as const);

/** Ed25519 (RFC 8032, section 5.1): 32-byte seed as the secret key, 32-byte public key, 64-byte signature. */
export const ED25519_SIZES = Object.freeze({ publicKey: 32, secretKey: 32, signature: 64 } as const);

/** X-Wing (draft-connolly-cfrg-xwing-kem): ML-KEM-768 + X25519; the secret key is the 32-byte seed. */
export const X_WING_SIZES = Object.freeze({
  publicKey: 1216,
  secretKey: 32,
  cipherText: 1120,
  sharedSecret: 32,
  category: 3,
} as const);

/** FIPS 204 limits the context string to 255 bytes (Algorithms 2 and 3). */
export const MAX_CONTEXT_BYTES = 255;
