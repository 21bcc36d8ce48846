/**
 * The Raft log of one node: a snapshot base, the entries after it, the commit and applied
 * indexes, and the first index not yet handed out for persistence.
 */
import { invariant } from './assert.js';
import type { LogEntry, Snapshot } from './types.js';

/** Bytes an entry counts for in message size limits. */
export function entryBytes(entry: LogEntry): number {
  return entry.data.length + 24;
}

/** The replicated log with its snapshot base. */
export class RaftLog {
  snapshot: Snapshot;
  private entries: LogEntry[];
  committed: number;
  applied: number;
  /** Entries from this index on have not been handed out for persistence. */
  unstableFrom: number;
  /**
   * Entries up to this index are known to be durable on this node (reported through
   * `Raft.stableTo` or a persisted `advance`); at most the last index.
   */
  durable: number;

  constructor(snapshot: Snapshot, entries: readonly LogEntry[], committed: number) {
    this.snapshot = snapshot;
    this.entries = [...entries];
    invariant(entries.length === 0 || entries[0].index === snapshot.index + 1, 'stored entries follow the snapshot');
    this.committed = Math.max(committed, snapshot.index);
    this.applied = snapshot.index;
    this.unstableFrom = this.lastIndex() + 1;
    this.durable = this.lastIndex();
    invariant(this.committed <= this.lastIndex(), 'commit index within the log');
  }

  /** The first index still held as an entry. */
  firstIndex(): number {
    return this.snapshot.index + 1;
  }

  lastIndex(): number {
    return this.snapshot.index + this.entries.length;
  }

  lastTerm(): number {
    return this.term(this.lastIndex()) ?? 0;
  }

  /** The term at `index`, or undefined when compacted away or beyond the end. */
  term(index: number): number | undefined {
    if (index === this.snapshot.index) return this.snapshot.term;
    if (index < this.snapshot.index || index > this.lastIndex()) return undefined;
    return this.entries[index - this.snapshot.index - 1].term;
  }

  /** The entry at `index`, or undefined when compacted away or beyond the end. */
  entry(index: number): LogEntry | undefined {
    if (index <= this.snapshot.index || index > this.lastIndex()) return undefined;
    return this.entries[index - this.snapshot.index - 1];
  }

  matchTerm(index: number, term: number): boolean {
    return this.term(index) === term;
  }

  /** Raft's up-to-date rule (§5.4.1): a candidate's log at least as recent as ours. */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const ours = this.lastTerm();
    return lastTerm > ours || (lastTerm === ours && lastIndex >= this.lastIndex());
  }

  /** Entries in [lo, hi], at most `maxCount` and about `maxBytes` (always at least one). */
  slice(lo: number, hi: number, maxCount: number, maxBytes: number): LogEntry[] {
    invariant(lo > this.snapshot.index, `slice from ${lo} is compacted (snapshot at ${this.snapshot.index})`);
    const out: LogEntry[] = [];
    let bytes = 0;
    for (let i = lo; i <= Math.min(hi, this.lastIndex()) && out.length < maxCount; i++) {
      const entry = this.entries[i - this.snapshot.index - 1];
      bytes += entryBytes(entry);
      if (out.length > 0 && bytes > maxBytes) break;
      out.push(entry);
    }
    return out;
  }

  /** Appends entries that start at or before the end, truncating any conflicting suffix. */
  append(entries: readonly LogEntry[]): void {
    if (entries.length === 0) return;
    const first = entries[0].index;
    invariant(first > this.committed, `append at ${first} would overwrite committed ${this.committed}`);
    invariant(first <= this.lastIndex() + 1, `append at ${first} leaves a gap after ${this.lastIndex()}`);
    this.entries.length = first - this.snapshot.index - 1;
    for (const entry of entries) this.entries.push(entry);
    this.unstableFrom = Math.min(this.unstableFrom, first);
    this.durable = Math.min(this.durable, first - 1);
  }

  /**
   * A follower's append (§5.3): when (prevIndex, prevTerm) matches, keeps the matching prefix,
   * appends from the first conflict, and commits up to `commit`; returns the last new index,
   * or undefined when the previous entry does not match.
   */
  maybeAppend(prevIndex: number, prevTerm: number, commit: number, entries: readonly LogEntry[]): number | undefined {
    if (!this.matchTerm(prevIndex, prevTerm)) return undefined;
    const lastNew = prevIndex + entries.length;
    const conflict = entries.findIndex((e) => !this.matchTerm(e.index, e.term));
    if (conflict >= 0) this.append(entries.slice(conflict));
    this.commitTo(Math.min(commit, lastNew));
    return lastNew;
  }

  /** Raises the commit index; never lowers it. */
  commitTo(index: number): void {
    if (index <= this.committed) return;
    invariant(index <= this.lastIndex(), `commit ${index} beyond last index ${this.lastIndex()}`);
    this.committed = index;
  }

  /** Entries committed and not yet applied, at most `maxCount`. */
  nextCommitted(maxCount: number): LogEntry[] {
    if (this.committed <= this.applied) return [];
    return this.slice(this.applied + 1, this.committed, maxCount, Number.MAX_SAFE_INTEGER);
  }

  /** Entries not yet handed out for persistence. */
  unstable(): LogEntry[] {
    if (this.unstableFrom > this.lastIndex()) return [];
    return this.entries.slice(this.unstableFrom - this.snapshot.index - 1);
  }

  /** Replaces the whole log by a snapshot from the leader. */
  restore(snapshot: Snapshot): void {
    invariant(snapshot.index > this.committed, 'a restored snapshot is ahead of the commit index');
    this.snapshot = snapshot;
    this.entries = [];
    this.committed = snapshot.index;
    this.applied = snapshot.index;
    this.unstableFrom = snapshot.index + 1;
    // Nothing of the new log is known durable until the snapshot is reported persisted.
    this.durable = 0;
  }

  /** Records that the entries up to `index`, whose last has `term`, are durable; false when the log moved on. */
  stableTo(index: number, term: number): boolean {
    if (index <= this.durable || this.term(index) !== term) return false;
    this.durable = index;
    return true;
  }

  /** Drops entries up to `snapshot.index`, which the application has applied. */
  compact(snapshot: Snapshot): void {
    invariant(snapshot.index <= this.applied, 'compaction only of applied entries');
    invariant(snapshot.index > this.snapshot.index, 'compaction moves forward');
    invariant(this.term(snapshot.index) === snapshot.term, 'the snapshot term matches the log');
    this.entries = this.entries.slice(snapshot.index - this.snapshot.index);
    this.snapshot = snapshot;
  }
}
