/**
 * An Aho-Corasick automaton over bytes with a dense transition table: one Int32Array row of
 * 256 next states per state, so that scanning costs one table load per input byte.
 *
 * Each state lists the ids of the patterns that are exactly its path from the root (several
 * when patterns repeat) and links to the nearest proper suffix state that lists some; the
 * matches ending at a position are the lists along that chain.
 */
import { KnhkError, MAX_PATTERN_BYTES } from '@knhk/core';
import type { MatchListBuilder } from './match-list.js';

const ALPHABET = 256;
/**
 * Most states a set may compile to (the dense table takes 1 KiB per state): the root and one
 * per byte of the largest set core's `checkPatterns` lets through, 2^20.
 */
export const MAX_STATES = MAX_PATTERN_BYTES + 1;

/** The trie of the patterns: transitions to children (0 = none; the root is never a child) and the state of each pattern. */
interface Trie {
  readonly transitions: Int32Array;
  readonly stateCount: number;
  readonly terminals: Int32Array;
}

function tooLarge(op: string, states: number): KnhkError {
  return new KnhkError(
    'KNHK_E_ARG_RANGE',
    `${op}: the patterns need more than ${MAX_STATES} automaton states (${states} bytes in all); split them into smaller sets`,
    { op, limit: MAX_STATES },
  );
}

function buildTrie(op: string, patterns: readonly Uint8Array[]): Trie {
  const totalBytes = patterns.reduce((sum, p) => sum + p.length, 0);
  let capacity = Math.min(totalBytes + 1, 1024);
  let transitions = new Int32Array(capacity * ALPHABET);
  let stateCount = 1;
  const terminals = new Int32Array(patterns.length);
  patterns.forEach((pattern, id) => {
    let state = 0;
    for (const byte of pattern) {
      const at = state * ALPHABET + byte;
      if (transitions[at] === 0) {
        if (stateCount === MAX_STATES) throw tooLarge(op, totalBytes);
        if (stateCount === capacity) {
          capacity = Math.min(capacity * 2, totalBytes + 1, MAX_STATES);
          const grown = new Int32Array(capacity * ALPHABET);
          grown.set(transitions);
          transitions = grown;
        }
        transitions[at] = stateCount++;
      }
      state = transitions[at];
    }
    terminals[id] = state;
  });
  return { transitions: transitions.slice(0, stateCount * ALPHABET), stateCount, terminals };
}

/** Pattern ids per state, as offsets into one id array (ids ascending within a state). */
function ownIdsByState(trie: Trie): { readonly start: Int32Array; readonly ids: Uint32Array } {
  const start = new Int32Array(trie.stateCount + 1);
  for (const state of trie.terminals) start[state + 1]++;
  for (let s = 0; s < trie.stateCount; s++) start[s + 1] += start[s];
  const fill = start.slice(0, trie.stateCount);
  const ids = new Uint32Array(trie.terminals.length);
  trie.terminals.forEach((state, id) => {
    ids[fill[state]++] = id;
  });
  return { start, ids };
}

/**
 * Completes the trie into the automaton, breadth first: every missing transition goes where
 * the failure state's does, and each state's dictionary link is its nearest proper suffix
 * state that ends a pattern (-1 for none). Returns the dictionary links.
 */
function completeTransitions(transitions: Int32Array, stateCount: number, ownStart: Int32Array): Int32Array {
  const fail = new Int32Array(stateCount);
  const dictLink = new Int32Array(stateCount).fill(-1);
  const queue = new Int32Array(stateCount);
  let tail = 0;
  for (let c = 0; c < ALPHABET; c++) if (transitions[c] !== 0) queue[tail++] = transitions[c];
  for (let head = 0; head < tail; head++) {
    const s = queue[head];
    const f = fail[s];
    dictLink[s] = ownStart[f + 1] > ownStart[f] ? f : dictLink[f];
    const row = s * ALPHABET;
    const failRow = f * ALPHABET;
    for (let c = 0; c < ALPHABET; c++) {
      const child = transitions[row + c];
      if (child === 0) {
        transitions[row + c] = transitions[failRow + c];
      } else {
        fail[child] = transitions[failRow + c];
        queue[tail++] = child;
      }
    }
  }
  return dictLink;
}

/** A compiled set of byte patterns. Pattern ids are their positions in the list given to {@link AhoCorasick.build}. */
export class AhoCorasick {
  /** The state a scan starts in. */
  static readonly START = 0;

  private constructor(
    /** Next state times 256, by (state times 256) + byte. */
    private readonly table: Int32Array,
    private readonly ownStart: Int32Array,
    private readonly ownIds: Uint32Array,
    private readonly dictLink: Int32Array,
    /** 1 where the state or one of its suffixes ends a pattern. */
    private readonly reports: Uint8Array,
  ) {}

  /** Compiles non-empty byte patterns; more than {@link MAX_STATES} states is `KNHK_E_ARG_RANGE`. */
  static build(op: string, patterns: readonly Uint8Array[]): AhoCorasick {
    const trie = buildTrie(op, patterns);
    const own = ownIdsByState(trie);
    const dictLink = completeTransitions(trie.transitions, trie.stateCount, own.start);
    const table = trie.transitions;
    for (let i = 0; i < table.length; i++) table[i] *= ALPHABET;
    const reports = new Uint8Array(trie.stateCount);
    for (let s = 0; s < trie.stateCount; s++) reports[s] = own.start[s + 1] > own.start[s] || dictLink[s] >= 0 ? 1 : 0;
    return new AhoCorasick(table, own.start, own.ids, dictLink, reports);
  }

  /** Number of states. */
  get stateCount(): number {
    return this.reports.length;
  }

  /**
   * The transition table, for scanners on other devices: the entry at (state * 256) + byte is
   * the next state times 256. A view of the automaton's own table: do not change it.
   */
  get transitions(): Int32Array {
    return this.table;
  }

  /**
   * Every state's complete output, for scanners on other devices: the ids of the patterns
   * ending in state s (its own and its suffixes', ascending) are ids[start[s]] .. ids[start[s+1]-1].
   */
  completeOutputs(): { readonly start: Uint32Array; readonly ids: Uint32Array } {
    const start = new Uint32Array(this.stateCount + 1);
    const lists: number[][] = [];
    for (let s = 0; s < this.stateCount; s++) {
      const ids: number[] = [];
      if (this.reports[s] !== 0) {
        for (let t = s; t >= 0; t = this.dictLink[t]) {
          for (let i = this.ownStart[t]; i < this.ownStart[t + 1]; i++) ids.push(this.ownIds[i]);
        }
        ids.sort((x, y) => x - y);
      }
      lists.push(ids);
      start[s + 1] = start[s] + ids.length;
    }
    const ids = new Uint32Array(start[this.stateCount]);
    lists.forEach((list, s) => ids.set(list, start[s]));
    return { start, ids };
  }

  /**
   * Runs `data` from `state`, appending every match to `sink` with end offsets counted from
   * `base` (the stream offset of `data[0]`). Returns the state after the last byte.
   */
  scan(data: Uint8Array, state: number, base: number, sink: MatchListBuilder): number {
    const table = this.table;
    const reports = this.reports;
    let s = state * ALPHABET;
    for (let i = 0; i < data.length; i++) {
      s = table[s + data[i]];
      if (reports[s >> 8] !== 0) this.emit(s >> 8, base + i + 1, sink);
    }
    return s >> 8;
  }

  /** Appends the patterns ending in `state` (its own and its suffixes'), ids ascending. */
  private emit(state: number, end: number, sink: MatchListBuilder): void {
    const from = sink.count;
    let lists = 0;
    for (let s = state; s >= 0; s = this.dictLink[s]) {
      const lo = this.ownStart[s];
      const hi = this.ownStart[s + 1];
      if (lo === hi) continue;
      lists++;
      for (let i = lo; i < hi; i++) sink.push(this.ownIds[i], end);
    }
    if (lists > 1) sink.sortIdsFrom(from);
  }
}
