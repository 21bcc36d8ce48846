/**
 * The binary encoding of every Raft {@link Message} variant, pure. A message is a u8 type, the
 * `from` and `to` node ids, the u64 term, then the variant's fields in declaration order
 * (entries and snapshots as in `encoding/raft-encoding.ts`). Decoding checks every length and
 * value and rejects trailing bytes with `KNHK_E_CONSENSUS_MESSAGE_MALFORMED`.
 */
import { ByteReader, ByteWriter, DecodeError } from '../encoding/bytes.js';
import {
  readEntry,
  readNodeId,
  readSnapshot,
  writeEntry,
  writeNodeId,
  writeSnapshot,
} from '../encoding/raft-encoding.js';
import type { LogEntry, Message } from '../raft/types.js';
import { consensusError } from '../errors.js';

/** The type byte of each message variant; frozen, part of the wire format. */
export const MESSAGE_TYPES = Object.freeze({
  preVote: 1,
  vote: 2,
  preVoteResponse: 3,
  voteResponse: 4,
  append: 5,
  appendResponse: 6,
  heartbeat: 7,
  heartbeatResponse: 8,
  snapshot: 9,
  timeoutNow: 10,
} as const satisfies Record<Message['type'], number>);

const TYPE_NAMES = new Map<number, Message['type']>(
  Object.entries(MESSAGE_TYPES).map(([name, tag]) => [tag, name as Message['type']]),
);

/** The smallest encoded entry: term, index, change kind, data length. */
const ENTRY_BYTES_MIN = 8 + 8 + 1 + 4;

/** The bytes of `message`. Throws a RangeError for values no valid message holds (a programmer error). */
export function encodeMessage(message: Message): Uint8Array {
  const w = new ByteWriter(64);
  w.u8(MESSAGE_TYPES[message.type]);
  writeNodeId(w, message.from);
  writeNodeId(w, message.to);
  w.u64(message.term);
  switch (message.type) {
    case 'preVote':
    case 'vote':
      w.u64(message.lastIndex).u64(message.lastTerm).bool(message.force);
      break;
    case 'preVoteResponse':
    case 'voteResponse':
      w.bool(message.granted);
      break;
    case 'append':
      w.u64(message.prevIndex).u64(message.prevTerm).u64(message.commit).u32(message.entries.length);
      for (const entry of message.entries) writeEntry(w, entry);
      break;
    case 'appendResponse':
      w.bool(message.success).u64(message.index).u64(message.hint);
      break;
    case 'heartbeat':
      w.u64(message.commit).u64(message.seq);
      break;
    case 'heartbeatResponse':
      w.u64(message.seq);
      break;
    case 'snapshot':
      writeSnapshot(w, message.snapshot);
      break;
    case 'timeoutNow':
      break;
  }
  return w.finish();
}

/** The message in `bytes`; throws `KNHK_E_CONSENSUS_MESSAGE_MALFORMED` when they are not one. */
export function decodeMessage(bytes: Uint8Array): Message {
  try {
    const r = new ByteReader(bytes);
    const message = readMessage(r);
    r.end();
    return message;
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    throw consensusError('KNHK_E_CONSENSUS_MESSAGE_MALFORMED', `decodeMessage: ${error.message}`, {
      bytes: bytes.length,
    });
  }
}

function readMessage(r: ByteReader): Message {
  const tag = r.u8();
  const type = TYPE_NAMES.get(tag);
  if (type === undefined) throw new DecodeError(`unknown message type ${tag}`);
  const from = readNodeId(r);
  const to = readNodeId(r);
  const term = r.u64();
  switch (type) {
    case 'preVote':
    case 'vote':
      return { type, from, to, term, lastIndex: r.u64(), lastTerm: r.u64(), force: r.bool() };
    case 'preVoteResponse':
    case 'voteResponse':
      return { type, from, to, term, granted: r.bool() };
    case 'append': {
      const prevIndex = r.u64();
      const prevTerm = r.u64();
      const commit = r.u64();
      return { type, from, to, term, prevIndex, prevTerm, commit, entries: readEntries(r) };
    }
    case 'appendResponse':
      return { type, from, to, term, success: r.bool(), index: r.u64(), hint: r.u64() };
    case 'heartbeat':
      return { type, from, to, term, commit: r.u64(), seq: r.u64() };
    case 'heartbeatResponse':
      return { type, from, to, term, seq: r.u64() };
    case 'snapshot':
      return { type, from, to, term, snapshot: readSnapshot(r) };
    case 'timeoutNow':
      return { type, from, to, term };
  }
}

function readEntries(r: ByteReader): LogEntry[] {
  const count = r.u32();
  if (count > r.remaining / ENTRY_BYTES_MIN) throw new DecodeError(`entry count ${count} exceeds the bytes left`);
  const entries: LogEntry[] = [];
  for (let i = 0; i < count; i++) entries.push(readEntry(r));
  return entries;
}
