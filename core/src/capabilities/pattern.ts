import type { DeviceBuffer, KnhkHandle } from './handles.js';

/** A compiled set of literal byte patterns, owned by the provider that compiled it. */
export interface PatternSet extends KnhkHandle {
  readonly kind: 'pattern-set';
  /** Number of patterns; pattern ids are 0 .. count-1, in the order given to compile(). */
  readonly count: number;
}

/**
 * Matches, as two parallel arrays: match i is pattern `ids[i]` ending at byte offset
 * `ends[i]` (exclusive: the offset just past its last byte). Every occurrence of every
 * pattern is reported, overlapping ones included, sorted by end offset and then by id.
 */
export interface MatchList {
  readonly count: number;
  readonly ids: Uint32Array;
  readonly ends: Float64Array;
}

/** A scan over data that arrives in chunks. Offsets count from the start of the stream. */
export interface PatternStream {
  /** Scans the next chunk; returns the matches that end inside it, including those that began in earlier chunks. */
  write(chunk: Uint8Array): MatchList;
  /** Bytes written so far. */
  readonly offset: number;
  /** Ends the stream; writing afterwards throws `KNHK_E_BUFFER_RELEASED`. */
  close(): void;
}

/**
 * Multi-pattern literal matching. Patterns are byte strings (strings are taken as UTF-8);
 * an empty pattern is rejected with `KNHK_E_ARG_INVALID`.
 */
export interface PatternMatcher {
  /** Compiles patterns into a set owned by this provider. An empty list compiles an empty set, whose scans find nothing. */
  compile(patterns: readonly (Uint8Array | string)[]): PatternSet;
  /** Every match of the set in `data`. */
  scan(set: PatternSet, data: Uint8Array | DeviceBuffer): MatchList;
  /** Starts a streaming scan; matches that cross chunk boundaries are found. */
  openStream(set: PatternSet): PatternStream;
  /** Frees the set; releasing it again is harmless. */
  release(set: PatternSet): void;
}
