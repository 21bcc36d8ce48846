/** A library a user might pick instead of knhk, measured side by side (never selected). */
export interface Peer {
  readonly name: string;
  /** The operations it is measured on, as `capability.operation`. */
  readonly operations: readonly string[];
  /** An object with the measured methods, shaped like the capability's interface. */
  readonly impl: unknown;
}

/** A peer that could not be loaded, and why. */
export interface MissingPeer {
  readonly name: string;
  readonly reason: string;
}
