/**
 * The `pattern` capability over the native pattern sets of one ISA: Teddy (this ISA's
 * kernel) for up to 16 patterns, a hashed-prefix filter for larger sets of patterns of 3
 * bytes or more, Aho-Corasick otherwise; exact verification always. Matches equal the cpu
 * backend's: every occurrence, overlapping ones included, sorted by end offset, then id.
 */
import {
  KnhkError,
  type DeviceBuffer,
  type MatchList,
  type PatternMatcher,
  type PatternSet,
  type PatternStream,
  isHandle,
  checkPatterns,
  typeName,
} from '@knhk/core';
import type { NativeBufferStore } from './buffer-store.js';
import type {
  NativeKernels,
  NativePatternDb,
  NativePatternStrategy,
  NativePatternStreamHandle,
} from './addon-types.js';

/** A pattern set compiled by a native backend: a handle to the addon's set. */
export class NativePatternSet implements PatternSet {
  readonly kind = 'pattern-set' as const;
  private releasedValue = false;

  constructor(
    readonly provider: string,
    readonly count: number,
    /** The addon's set. */
    readonly db: NativePatternDb,
    /** How the addon scans it. */
    readonly strategy: NativePatternStrategy,
  ) {}

  /** True once released. */
  get released(): boolean {
    return this.releasedValue;
  }

  /** Marks the set released. Called by {@link NativePatternMatcher.release}. */
  markReleased(): void {
    this.releasedValue = true;
  }
}

/** A streaming scan: the addon carries the automaton state or the bytes a match may still need. */
export class NativePatternStream implements PatternStream {
  private written = 0;
  private closed = false;

  constructor(
    private readonly kernels: NativeKernels,
    private readonly set: NativePatternSet,
    private readonly handle: NativePatternStreamHandle,
    private readonly store: NativeBufferStore,
  ) {}

  /** Bytes written so far. */
  get offset(): number {
    return this.written;
  }

  /** Scans the next chunk; match ends count from the start of the stream. */
  write(chunk: Uint8Array): MatchList {
    const op = 'pattern.stream.write';
    if (this.closed || this.set.released) {
      const what = this.closed ? 'the stream was closed' : 'its pattern set was released';
      throw new KnhkError('KNHK_E_BUFFER_RELEASED', `${op}: ${what}`, { op });
    }
    const bytes = this.store.u8(op, 'chunk', chunk);
    const list = this.kernels.patternStreamWrite(this.handle, bytes);
    this.written += bytes.length;
    return list;
  }

  /** Ends the stream and frees its native state; closing again does nothing. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.kernels.patternStreamClose(this.handle);
  }
}

/**
 * Multi-literal matching on the native kernels of one ISA, over host Uint8Arrays and the
 * backend's own u8 buffers (scanned in place).
 */
export class NativePatternMatcher implements PatternMatcher {
  private readonly created = new WeakSet<NativePatternSet>();

  /**
   * @param kernels the kernels of one ISA; @param provider the backend name, for handles and
   * messages; @param store the backend's buffers, which scans accept besides host arrays.
   */
  constructor(
    private readonly kernels: NativeKernels,
    private readonly provider: string,
    private readonly store: NativeBufferStore,
  ) {}

  /** Compiles the patterns (strings as UTF-8). No patterns at all is allowed and matches nothing. */
  compile(patterns: readonly (Uint8Array | string)[]): PatternSet {
    const op = 'pattern.compile';
    const bytes = checkPatterns(op, patterns);
    const db = this.kernels.compilePatterns(bytes);
    const set = new NativePatternSet(this.provider, bytes.length, db, this.kernels.patternStrategy(db));
    this.created.add(set);
    return set;
  }

  /** Every match of the set in `data`, sorted by end offset, then id. */
  scan(set: PatternSet, data: Uint8Array | DeviceBuffer): MatchList {
    const op = 'pattern.scan';
    const own = this.live(op, set);
    return this.kernels.patternScan(own.db, this.store.u8(op, 'data', data));
  }

  /** A stream over the set; it fails with `KNHK_E_BUFFER_RELEASED` once the set is released. */
  openStream(set: PatternSet): PatternStream {
    const own = this.live('pattern.openStream', set);
    return new NativePatternStream(this.kernels, own, this.kernels.patternOpenStream(own.db), this.store);
  }

  /** Frees the set's native memory; releasing it again does nothing. */
  release(set: PatternSet): void {
    const own = this.owned('pattern.release', set);
    if (own.released) return;
    own.markReleased();
    this.kernels.patternRelease(own.db);
  }

  private live(op: string, set: unknown): NativePatternSet {
    const own = this.owned(op, set);
    if (own.released) throw new KnhkError('KNHK_E_BUFFER_RELEASED', `${op}: the pattern set was released`, { op });
    return own;
  }

  private owned(op: string, set: unknown): NativePatternSet {
    if (!isHandle(set)) {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: set must be a compiled pattern set, got ${typeName(set)}`, { op });
    }
    if (set.provider !== this.provider) {
      throw new KnhkError('KNHK_E_BUFFER_FOREIGN', `${op}: the pattern set belongs to provider "${set.provider}"`, {
        op,
      });
    }
    if (set.kind !== 'pattern-set') {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: set must be a pattern set, got a ${set.kind} handle`, { op });
    }
    if (!(set instanceof NativePatternSet) || !this.created.has(set)) {
      throw new KnhkError('KNHK_E_BUFFER_FOREIGN', `${op}: the pattern set was compiled by another plugin instance`, {
        op,
      });
    }
    return set;
  }
}
