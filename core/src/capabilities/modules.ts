/**
 * Capabilities of the knhk modules (crypto, consensus, marketplace). They are declared here
 * so that plugins can be written against stable names and tokens; their issues fill in the
 * providers and may extend these interfaces in a compatible way.
 */

/** A key pair; keys are raw encodings as the algorithm's standard defines them. */
export interface KeyPair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

/**
 * Key encapsulation (ML-KEM, X-Wing, ...). Every call names its algorithm (`'ML-KEM-768'`,
 * `'X-Wing'`, ...); a provider lists the ones it offers in `algorithms`, and several providers
 * may offer the same ones (the framework chooses among them by measurement). An unknown name
 * throws `KNHK_E_CRYPTO_ALGORITHM_UNKNOWN` (the crypto plugin's catalogue); a key, seed or
 * ciphertext that is not a Uint8Array throws `KNHK_E_ARG_TYPE`, and one of the wrong length
 * `KNHK_E_ARG_LENGTH`.
 */
export interface Kem {
  readonly algorithms: readonly string[];
  /** A key pair; `seed` makes it deterministic (ML-KEM: the 64 bytes d || z of FIPS 203; X-Wing: 32 bytes). */
  keygen(algorithm: string, seed?: Uint8Array): KeyPair;
  /**
   * A fresh shared secret and its ciphertext for `publicKey`. `message` (ML-KEM: the 32-byte m
   * of FIPS 203 Algorithm 17; X-Wing: 64 bytes of randomness) makes it deterministic, for tests only.
   */
  encapsulate(
    algorithm: string,
    publicKey: Uint8Array,
    message?: Uint8Array,
  ): { cipherText: Uint8Array; sharedSecret: Uint8Array };
  /** The shared secret; a tampered ciphertext gives the implicit-rejection secret, never an error. */
  decapsulate(algorithm: string, cipherText: Uint8Array, secretKey: Uint8Array): Uint8Array;
}

/** Options of {@link SignatureScheme.sign}. */
export interface SignOptions {
  /** Deterministic signing (FIPS 204: rnd = 0^32). Default false: hedged, with fresh randomness. */
  readonly deterministic?: boolean;
  /** The 32 bytes of signing randomness (FIPS 204 rnd), for tests; overrides `deterministic`. */
  readonly random?: Uint8Array;
  /** Pre-hash algorithm of HashML-DSA (ACVP names: `SHA2-512`, `SHA3-256`, `SHAKE-128`, ...). */
  readonly hash?: string;
}

/** Options of {@link SignatureScheme.verify}. */
export interface VerifyOptions {
  /** Pre-hash algorithm of HashML-DSA; must be the one the signature was made with. */
  readonly hash?: string;
}

/**
 * Digital signatures (ML-DSA, HashML-DSA, Ed25519, hybrids, composites). Every call names its
 * algorithm (`'ML-DSA-65'`, `'Ed25519'`, `'MLDSA65-Ed25519-SHA512'`, ...); see {@link Kem} for
 * how providers list and share algorithms. A context string over 255 bytes throws
 * `KNHK_E_CRYPTO_CONTEXT_LENGTH` and an unknown algorithm `KNHK_E_CRYPTO_ALGORITHM_UNKNOWN`
 * (the crypto plugin's catalogue); a key or seed that is not a Uint8Array throws
 * `KNHK_E_ARG_TYPE`, one of the wrong length `KNHK_E_ARG_LENGTH`; a signature of the wrong
 * length, or a tampered one, verifies false.
 */
export interface SignatureScheme {
  readonly algorithms: readonly string[];
  /** A key pair; `seed` makes it deterministic (32 bytes for ML-DSA and Ed25519, 64 for hybrids and composites). */
  keygen(algorithm: string, seed?: Uint8Array): KeyPair;
  sign(
    algorithm: string,
    secretKey: Uint8Array,
    message: Uint8Array,
    context?: Uint8Array,
    options?: SignOptions,
  ): Uint8Array;
  verify(
    algorithm: string,
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
    context?: Uint8Array,
    options?: VerifyOptions,
  ): boolean;
}

/** Faults a consensus protocol tolerates. */
export type FaultModel = 'crash' | 'byzantine';

/** What a consensus node reports about itself; `term` and `leader` where the protocol has them. */
export interface ConsensusStatus {
  readonly id: string;
  /** Protocol-specific, e.g. `leader`, `follower` (Raft) or `primary`, `backup` (PBFT). */
  readonly role: string;
  readonly commitIndex: number;
  readonly term?: number;
  readonly leader?: string;
}

/**
 * A replicated log (Raft, PBFT, HotStuff, ...), with no assumption on the protocol:
 * `propose` resolves once the entry is committed; `onCommit` streams committed entries in
 * index order; `faultModel` says which faults it tolerates (crash: f of 2f+1 nodes;
 * byzantine: f of 3f+1). A node that cannot accept a proposal throws
 * `KNHK_E_CONSENSUS_NOT_LEADER`.
 */
export interface Consensus {
  readonly faultModel: FaultModel;
  propose(data: Uint8Array): Promise<{ index: number }>;
  onCommit(listener: (entry: { index: number; data: Uint8Array }) => void): () => void;
  members(): readonly string[];
  status(): ConsensusStatus;
}

/** Validity of a license. */
export type LicenseState = 'Active' | 'Expired' | 'NotYetValid' | 'Revoked' | 'Invalid';

/** The outcome of validating a license: its state, a stable reason code and a reason for people. */
export interface LicenseValidation {
  readonly state: LicenseState;
  readonly reason: string;
  /** Machine-readable reason, e.g. `VALID`, `EXPIRED`, `BAD_SIGNATURE`. */
  readonly code?: string;
}

/** License validation. */
export interface Licensing {
  validate(license: string): LicenseValidation;
  isFeatureAllowed(license: string, feature: string): boolean;
}

/** A usage event. Ingestion is idempotent by `id`. */
export interface UsageEvent {
  readonly id: string;
  readonly customerId: string;
  readonly meter: string;
  /** A non-negative decimal string in the meter's unit. */
  readonly quantity: string;
  /** ISO 8601 UTC instant. */
  readonly timestamp: string;
  /** Optional dimensions, e.g. the field a unique-count aggregation counts. */
  readonly properties?: Readonly<Record<string, string>>;
}

/** Usage metering. */
export interface Metering {
  ingest(events: readonly UsageEvent[]): Promise<{ readonly accepted: number; readonly duplicates: number }>;
}

/** Usage-based billing. Amounts are decimal strings, never floating point. */
export interface Billing {
  generateInvoice(customerId: string, period: string): Promise<{ readonly id: string; readonly total: string }>;
}

/** Tenant isolation. */
export interface Tenancy {
  tenantOf(customerId: string): Promise<string>;
}

/** Deployment of knhk services. */
export interface Deployment {
  deploy(target: string, version: string): Promise<{ readonly id: string; readonly state: string }>;
}
