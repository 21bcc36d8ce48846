/**
 * The `pattern` capability of the cpu backend: multi-pattern literal matching over bytes
 * with an Aho-Corasick automaton, in one scan or as a stream of chunks.
 */
import {
  KnhkError,
  type DeviceBuffer,
  type MatchList,
  type PatternMatcher,
  type PatternSet,
  type PatternStream,
  injectable,
  isHandle,
  checkPatterns,
  typeName,
} from '@knhk/core';
import { AhoCorasick, MatchListBuilder } from '@knhk/host';
import { CPU_PROVIDER, CpuHostMemory } from './host-memory.js';

/** A compiled pattern set of the cpu backend. */
export class CpuPatternSet implements PatternSet {
  readonly kind = 'pattern-set' as const;
  readonly provider = CPU_PROVIDER;
  private automatonValue: AhoCorasick | undefined;

  constructor(
    readonly count: number,
    automaton: AhoCorasick,
  ) {
    this.automatonValue = automaton;
  }

  /** True once released. */
  get released(): boolean {
    return this.automatonValue === undefined;
  }

  /** The automaton; undefined once released. */
  get automaton(): AhoCorasick | undefined {
    return this.automatonValue;
  }

  /** Drops the automaton. Called by {@link CpuPatternMatcher.release}. */
  markReleased(): void {
    this.automatonValue = undefined;
  }
}

/** A streaming scan: the automaton state and the stream offset carry over from chunk to chunk. */
export class CpuPatternStream implements PatternStream {
  private state = AhoCorasick.START;
  private written = 0;
  private closed = false;

  constructor(
    private readonly set: CpuPatternSet,
    private readonly bytesOf: (op: string, chunk: unknown) => Uint8Array,
  ) {}

  /** Bytes written so far. */
  get offset(): number {
    return this.written;
  }

  /** Scans the next chunk; match ends count from the start of the stream. */
  write(chunk: Uint8Array): MatchList {
    const op = 'pattern.stream.write';
    const automaton = this.set.automaton;
    if (this.closed || automaton === undefined) {
      const what = this.closed ? 'the stream was closed' : 'its pattern set was released';
      throw new KnhkError('KNHK_E_BUFFER_RELEASED', `${op}: ${what}`, { op });
    }
    const bytes = this.bytesOf(op, chunk);
    const sink = new MatchListBuilder();
    this.state = automaton.scan(bytes, this.state, this.written, sink);
    this.written += bytes.length;
    return sink.finish();
  }

  /** Ends the stream; closing again does nothing. */
  close(): void {
    this.closed = true;
  }
}

/** Aho-Corasick matching of byte patterns in Uint8Arrays and u8 cpu buffers. */
@injectable()
export class CpuPatternMatcher implements PatternMatcher {
  private readonly created = new WeakSet<CpuPatternSet>();

  constructor(private readonly memory: CpuHostMemory) {}

  /** Compiles the patterns (strings as UTF-8). No patterns at all is allowed and matches nothing. */
  compile(patterns: readonly (Uint8Array | string)[]): PatternSet {
    const op = 'pattern.compile';
    const bytes = checkPatterns(op, patterns);
    const set = new CpuPatternSet(bytes.length, AhoCorasick.build(op, bytes));
    this.created.add(set);
    return set;
  }

  /** Every match of the set in `data`, sorted by end offset, then id. */
  scan(set: PatternSet, data: Uint8Array | DeviceBuffer): MatchList {
    const op = 'pattern.scan';
    const automaton = this.automatonOf(op, set);
    const bytes = this.memory.u8(op, 'data', data);
    const sink = new MatchListBuilder();
    automaton.scan(bytes, AhoCorasick.START, 0, sink);
    return sink.finish();
  }

  /** A stream over the set; it fails with `KNHK_E_BUFFER_RELEASED` once the set is released. */
  openStream(set: PatternSet): PatternStream {
    const op = 'pattern.openStream';
    this.automatonOf(op, set);
    return new CpuPatternStream(set as CpuPatternSet, (name, chunk) => this.memory.u8(name, 'chunk', chunk));
  }

  /** Frees the set; releasing it again does nothing. */
  release(set: PatternSet): void {
    this.owned('pattern.release', set).markReleased();
  }

  private automatonOf(op: string, set: unknown): AhoCorasick {
    const automaton = this.owned(op, set).automaton;
    if (automaton === undefined) {
      throw new KnhkError('KNHK_E_BUFFER_RELEASED', `${op}: the pattern set was released`, { op });
    }
    return automaton;
  }

  private owned(op: string, set: unknown): CpuPatternSet {
    if (!isHandle(set)) {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: set must be a compiled pattern set, got ${typeName(set)}`, { op });
    }
    if (set.provider !== CPU_PROVIDER) {
      throw new KnhkError('KNHK_E_BUFFER_FOREIGN', `${op}: the pattern set belongs to provider "${set.provider}"`, {
        op,
      });
    }
    if (set.kind !== 'pattern-set') {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: set must be a pattern set, got a ${set.kind} handle`, { op });
    }
    if (!(set instanceof CpuPatternSet) || !this.created.has(set)) {
      throw new KnhkError('KNHK_E_BUFFER_FOREIGN', `${op}: the pattern set was compiled by another plugin instance`, {
        op,
      });
    }
    return set;
  }
}
