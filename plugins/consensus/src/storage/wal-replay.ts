/**
 * Replays the records of the write-ahead log into the state they describe, pure. The result is
 * what a {@link MemoryStorage} fed the same Readys holds, except that the snapshot is named by
 * index and term (its data is in the snapshot file).
 *
 * Entries follow the Raft append rule: an entry at index i replaces every stored entry from i
 * on. A state record that names a newer snapshot makes it current (and drops every entry when
 * the snapshot was installed from the leader); entries at or before the snapshot are dropped
 * at the end. Segments deleted by compaction only held entries at or before the snapshot, so
 * replaying from the first segment left gives the same state.
 */
import type { HardState, LogEntry } from '../raft/types.js';
import type { SnapshotMeta, WalRecord } from './wal-format.js';

/** What the log describes, and what the writer needs to go on appending to it. */
export interface ReplayedLog {
  readonly hardState: HardState;
  readonly snapshot: SnapshotMeta | undefined;
  /** Entries after the snapshot, contiguous. */
  readonly entries: readonly LogEntry[];
  /** Per segment, the largest entry index it holds (0 when none): compaction deletes by it. */
  readonly maxEntryIndex: readonly number[];
}

/** A replay failure: the records do not describe a valid log. */
export class ReplayError extends Error {
  constructor(
    readonly segment: number,
    readonly offset: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'ReplayError';
  }
}

/** Replays segments (each a list of records with offsets), oldest first. */
export function replaySegments(segments: readonly (readonly { offset: number; record: WalRecord }[])[]): ReplayedLog {
  let hardState: HardState = { term: 0, vote: undefined, commit: 0 };
  let snapshot: SnapshotMeta | undefined;
  const entries: LogEntry[] = [];
  const maxEntryIndex: number[] = [];
  segments.forEach((records, s) => {
    const first = records[0];
    if (first === undefined || first.record.kind !== 'state') {
      throw new ReplayError(s, first?.offset ?? 0, 'segment does not start with a state record');
    }
    let max = 0;
    for (const { offset, record } of records) {
      if (record.kind === 'entry') {
        while (entries.length > 0 && entries[entries.length - 1].index >= record.entry.index) entries.pop();
        entries.push(record.entry);
        max = Math.max(max, record.entry.index);
      } else if (record.kind === 'hardState') hardState = record.hardState;
      else {
        if (offset !== first.offset) throw new ReplayError(s, offset, 'state record inside a segment');
        hardState = record.hardState;
        const newer =
          record.snapshot !== undefined && (snapshot === undefined || record.snapshot.index > snapshot.index);
        if (s === 0 || newer) snapshot = record.snapshot;
        if (newer && record.install) entries.length = 0;
      }
    }
    maxEntryIndex.push(max);
  });
  return { hardState, snapshot, entries: afterSnapshot(entries, snapshot), maxEntryIndex };
}

function afterSnapshot(entries: readonly LogEntry[], snapshot: SnapshotMeta | undefined): LogEntry[] {
  const base = snapshot?.index ?? 0;
  const kept = entries.filter((e) => e.index > base);
  kept.forEach((e, i) => {
    if (e.index !== base + 1 + i) {
      throw new ReplayError(-1, 0, `log gap: entry ${base + 1 + i} is missing (found ${e.index})`);
    }
  });
  return kept;
}
