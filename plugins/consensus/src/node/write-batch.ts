/**
 * Group commit for a running node: the Readies that arrive while a storage write is in flight
 * are gathered, then written as one Ready with one sync. Pure: no I/O here.
 */
import type { LogEntry, Message, Ready } from '../raft/types.js';

/** One Ready waiting for storage: what to write, and the messages that may leave only once it is durable. */
export interface QueuedWrite {
  /** The durable part of the Ready (entries, hard state, snapshot). */
  readonly rd: Ready;
  readonly held: readonly Message[];
}

/** The next batch to write: the longest prefix of `queue` that holds no snapshot, or a Ready with a snapshot alone. */
export function takeBatch(queue: QueuedWrite[]): QueuedWrite[] {
  if (queue.length === 0) return [];
  if (queue[0].rd.snapshot !== undefined) return queue.splice(0, 1);
  const end = queue.findIndex((w) => w.rd.snapshot !== undefined);
  return queue.splice(0, end < 0 ? queue.length : end);
}

/**
 * One Ready that persists what the Readies of `batch` persist, in order: later entries replace
 * earlier ones from their first index on (as storage does), the last hard state wins. A snapshot
 * is only ever alone in a batch ({@link takeBatch}), so it is carried over as is.
 */
export function mergeWrites(batch: readonly QueuedWrite[]): Ready {
  if (batch.length === 1) return batch[0].rd;
  let entries: LogEntry[] = [];
  let hardState: Ready['hardState'];
  for (const { rd } of batch) {
    if (rd.entries.length > 0) {
      const first = rd.entries[0].index;
      const keep = entries.length === 0 ? 0 : Math.max(0, Math.min(entries.length, first - entries[0].index));
      entries = [...entries.slice(0, keep), ...rd.entries];
    }
    if (rd.hardState !== undefined) hardState = rd.hardState;
  }
  return {
    messages: [],
    entries,
    hardState,
    snapshot: undefined,
    installSnapshot: false,
    committedEntries: [],
    readStates: [],
  };
}

/** The last log position a written Ready makes durable: its last entry, else its snapshot. */
export function lastWritten(rd: Ready): { index: number; term: number } | undefined {
  if (rd.entries.length > 0) return rd.entries[rd.entries.length - 1];
  return rd.snapshot;
}
