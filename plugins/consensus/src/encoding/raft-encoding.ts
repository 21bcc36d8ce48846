/**
 * Binary encodings of the Raft data types shared by the write-ahead log and the wire: log
 * entries (with their membership change), hard state and snapshots. Pure.
 *
 * - entry: u64 term, u64 index, u8 change (0 none, 1 add, 2 remove) [, str node], bytes data
 * - hard state: u64 term, u8 has-vote [, str vote], u64 commit
 * - snapshot: u64 index, u64 term, u32 voter count, str voter..., bytes data
 */
import type { HardState, LogEntry, MembershipChange, NodeId, Snapshot } from '../raft/types.js';
import { type ByteReader, type ByteWriter, DecodeError } from './bytes.js';

const CHANGE_NONE = 0;
const CHANGE_ADD = 1;
const CHANGE_REMOVE = 2;

/** Writes a node id: a non-empty UTF-8 string. */
export function writeNodeId(w: ByteWriter, id: NodeId): void {
  w.str(id);
}

/** Reads a node id; an empty one is malformed. */
export function readNodeId(r: ByteReader): NodeId {
  const id = r.str();
  if (id.length === 0) throw new DecodeError('empty node id');
  return id;
}

/** Writes a log entry. */
export function writeEntry(w: ByteWriter, entry: LogEntry): void {
  w.u64(entry.term).u64(entry.index);
  if (entry.change === undefined) w.u8(CHANGE_NONE);
  else {
    w.u8(entry.change.type === 'add' ? CHANGE_ADD : CHANGE_REMOVE);
    writeNodeId(w, entry.change.node);
  }
  w.bytes(entry.data);
}

/** Reads a log entry; throws {@link DecodeError}. */
export function readEntry(r: ByteReader): LogEntry {
  const term = r.u64();
  const index = r.u64();
  const kind = r.u8();
  let change: MembershipChange | undefined;
  if (kind === CHANGE_ADD) change = { type: 'add', node: readNodeId(r) };
  else if (kind === CHANGE_REMOVE) change = { type: 'remove', node: readNodeId(r) };
  else if (kind !== CHANGE_NONE) throw new DecodeError(`unknown membership change kind ${kind}`);
  const data = r.bytes();
  return change === undefined ? { term, index, data } : { term, index, data, change };
}

/** Writes a hard state. */
export function writeHardState(w: ByteWriter, hs: HardState): void {
  w.u64(hs.term);
  w.bool(hs.vote !== undefined);
  if (hs.vote !== undefined) writeNodeId(w, hs.vote);
  w.u64(hs.commit);
}

/** Reads a hard state; throws {@link DecodeError}. */
export function readHardState(r: ByteReader): HardState {
  const term = r.u64();
  const vote = r.bool() ? readNodeId(r) : undefined;
  const commit = r.u64();
  return { term, vote, commit };
}

/** Writes a snapshot (index, term, voters, data). */
export function writeSnapshot(w: ByteWriter, snapshot: Snapshot): void {
  w.u64(snapshot.index).u64(snapshot.term).u32(snapshot.voters.length);
  for (const voter of snapshot.voters) writeNodeId(w, voter);
  w.bytes(snapshot.data);
}

/** Reads a snapshot; throws {@link DecodeError}. */
export function readSnapshot(r: ByteReader): Snapshot {
  const index = r.u64();
  const term = r.u64();
  const count = r.u32();
  // Each voter takes at least 3 bytes: a bound on the count before allocating.
  if (count > r.remaining / 3) throw new DecodeError(`snapshot voter count ${count} exceeds the bytes left`);
  const voters: NodeId[] = [];
  for (let i = 0; i < count; i++) voters.push(readNodeId(r));
  const data = r.bytes();
  return { index, term, voters, data };
}
