/**
 * What a node has persisted, kept in memory: the hard state, the latest snapshot and the
 * entries after it. The simulator's "disk": a crashed node restarts from exactly this.
 */
import { invariant } from './assert.js';
import type { HardState, LogEntry, PersistedState, Ready, Snapshot } from './types.js';

/** Persisted Raft state in memory, updated from each Ready before its messages are sent. */
export class MemoryStorage {
  private hardState: HardState = { term: 0, vote: undefined, commit: 0 };
  private snapshot: Snapshot | undefined;
  private entries: LogEntry[] = [];

  /** Empty storage, or storage holding `initial`. */
  constructor(initial?: PersistedState) {
    if (initial === undefined) return;
    this.hardState = initial.hardState;
    this.snapshot = initial.snapshot;
    this.entries = [...initial.entries];
  }

  /** Persists the snapshot, entries and hard state of a Ready, in that order. */
  persist(rd: Ready): void {
    if (rd.snapshot !== undefined) this.persistSnapshot(rd.snapshot, rd.installSnapshot);
    if (rd.entries.length > 0) this.append(rd.entries);
    if (rd.hardState !== undefined) this.hardState = rd.hardState;
  }

  private persistSnapshot(snapshot: Snapshot, install: boolean): void {
    if (this.snapshot !== undefined && snapshot.index <= this.snapshot.index) return;
    this.entries = install ? [] : this.entries.filter((e) => e.index > snapshot.index);
    this.snapshot = snapshot;
  }

  private append(entries: readonly LogEntry[]): void {
    const base = this.snapshot?.index ?? 0;
    const first = entries[0].index;
    invariant(first <= base + this.entries.length + 1, `persisted log gap at ${first}`);
    const keep = Math.max(first - base - 1, 0);
    this.entries.length = Math.min(this.entries.length, keep);
    for (const entry of entries) if (entry.index > base) this.entries.push(entry);
  }

  /** A copy of what was persisted: the input of a restart. */
  state(): PersistedState {
    return { hardState: this.hardState, snapshot: this.snapshot, entries: [...this.entries] };
  }
}
