/** The client-visible history of a simulated key-value store, the input of the linearizability check. */

/** One client operation: called at `callMs`, answered at `returnMs` (Infinity: outcome unknown). */
export interface KvOperation {
  readonly client: number;
  readonly kind: 'put' | 'get';
  readonly key: string;
  /** put: the value written; get: the value read (null: absent). */
  readonly value: string | null;
  readonly callMs: number;
  readonly returnMs: number;
}
