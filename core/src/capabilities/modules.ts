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

/** Key encapsulation (ML-KEM, X-Wing, ...). */
export interface Kem {
  readonly algorithms: readonly string[];
  keygen(algorithm: string, seed?: Uint8Array): KeyPair;
  encapsulate(algorithm: string, publicKey: Uint8Array): { cipherText: Uint8Array; sharedSecret: Uint8Array };
  decapsulate(algorithm: string, cipherText: Uint8Array, secretKey: Uint8Array): Uint8Array;
}

/** Digital signatures (ML-DSA, Ed25519, hybrids, ...). */
export interface SignatureScheme {
  readonly algorithms: readonly string[];
  keygen(algorithm: string, seed?: Uint8Array): KeyPair;
  sign(algorithm: string, secretKey: Uint8Array, message: Uint8Array, context?: Uint8Array): Uint8Array;
  verify(
    algorithm: string,
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
    context?: Uint8Array,
  ): boolean;
}

/** Faults a consensus protocol tolerates. */
export type FaultModel = 'crash' | 'byzantine';

/** A replicated log (Raft, PBFT, HotStuff, ...). */
export interface Consensus {
  readonly faultModel: FaultModel;
  propose(data: Uint8Array): Promise<{ index: number }>;
  onCommit(listener: (entry: { index: number; data: Uint8Array }) => void): () => void;
  members(): readonly string[];
  status(): { readonly id: string; readonly role: string; readonly commitIndex: number };
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
