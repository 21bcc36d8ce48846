import type { CapabilityName } from '../capabilities/names.js';
import type { MeasuredFigure } from './crossover.js';

/** What is being chosen for: one operation of one capability at one problem size. */
export interface SelectionQuery {
  readonly capability: CapabilityName;
  readonly operation: string;
  /** Problem size in the operation's own unit (elements, m*n*k, bytes, ...). */
  readonly size: number;
}

/** A provider that could serve the query. */
export interface Candidate {
  readonly name: string;
  readonly version: string;
  readonly priority: number;
}

/** How a policy ranked the candidates. */
export interface Ranking {
  /** Best first. Every candidate given appears once, unless the policy excluded it. */
  readonly order: readonly Candidate[];
  /** What the order rests on. */
  readonly basis: 'priority' | 'measured' | 'pinned';
  /** For people: why this order, e.g. "declared priority: avx2 (50) > cpu (0)". */
  readonly reason: string;
  /** Providers the policy left out, with why. */
  readonly excluded?: readonly Exclusion[];
  /** Measured figures per provider name (median ns and its 95% interval), when the policy measured. */
  readonly figures?: Readonly<Record<string, MeasuredFigure>>;
}

/** A provider that was not considered, and why. */
export interface Exclusion {
  readonly provider: string;
  readonly reason: string;
}

/**
 * Orders the candidates for a query. The framework asks once per (capability, operation,
 * size bucket) and caches the answer until plugins, pins or the policy change.
 */
export interface SelectionPolicy {
  readonly name: string;
  rank(query: SelectionQuery, candidates: readonly Candidate[]): Ranking;
}

/** The size bucket of a problem size: floor(log2(size)), 0 for sizes up to 1. Choices are made per bucket. */
export function sizeBucket(size: number): number {
  if (size <= 1) return 0;
  return size < 0x80000000 ? 31 - Math.clz32(size) : Math.floor(Math.log2(size));
}

/** The smallest and largest sizes of a bucket. */
export function bucketRange(bucket: number): { readonly min: number; readonly max: number } {
  return bucket === 0 ? { min: 0, max: 1 } : { min: 2 ** bucket, max: 2 ** (bucket + 1) - 1 };
}

/**
 * Ranks by declared priority (higher first), then by name. Measures nothing: FFTW's
 * "estimate" effort.
 */
export class PriorityPolicy implements SelectionPolicy {
  readonly name = 'priority';

  rank(_query: SelectionQuery, candidates: readonly Candidate[]): Ranking {
    const order = [...candidates].sort((x, y) => y.priority - x.priority || x.name.localeCompare(y.name));
    const reason =
      order.length <= 1
        ? `only provider: ${order[0]?.name ?? 'none'}`
        : `declared priority: ${order.map((c) => `${c.name} (${c.priority})`).join(' > ')}`;
    return { order, basis: 'priority', reason };
  }
}
