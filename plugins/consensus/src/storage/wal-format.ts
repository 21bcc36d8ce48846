/**
 * The on-disk format of the write-ahead log, pure (no I/O): segment names and headers, record
 * framing with checksums, and the scan that tells a torn tail (what a crash mid-write leaves)
 * from corruption.
 *
 * A segment is `wal-<seq as 16 hex digits>.log`: a 24-byte header (magic `KNHKWAL1`, u32
 * version, u64 seq, u32 CRC-32C of the first 20 bytes), then records. A record is a 12-byte
 * frame header (u32 payload length, u32 CRC-32C of those 4 length bytes, u32 CRC-32C of the
 * type and payload), a u8 type and the payload. Integers are little-endian.
 */
import { ByteReader, ByteWriter, DecodeError } from '../encoding/bytes.js';
import { readEntry, readHardState, writeEntry, writeHardState } from '../encoding/raft-encoding.js';
import type { HardState, LogEntry } from '../raft/types.js';
import { crc32c, crc32cUpdate } from './crc32c.js';

export const WAL_MAGIC = new TextEncoder().encode('KNHKWAL1');
export const WAL_VERSION = 1;
export const SEGMENT_HEADER_BYTES = 24;
export const RECORD_HEADER_BYTES = 12;
/** The largest record payload the scanner accepts (a larger length is corruption). */
export const RECORD_PAYLOAD_BYTES_MAX = 1 << 30;

/** Record types. */
export const RecordType = Object.freeze({ state: 1, entry: 2, hardState: 3 });

/** The index and term of a snapshot, as the log records it (the data is in the snapshot file). */
export interface SnapshotMeta {
  readonly index: number;
  readonly term: number;
}

/**
 * The first record of every segment: the hard state and snapshot in force when the segment
 * was created. A segment created for a new snapshot carries it here; `install` says that the
 * snapshot came from the leader and replaces every entry before it.
 */
export interface StateRecord {
  readonly kind: 'state';
  readonly hardState: HardState;
  readonly snapshot: SnapshotMeta | undefined;
  readonly install: boolean;
}

export type WalRecord =
  | StateRecord
  | { readonly kind: 'entry'; readonly entry: LogEntry }
  | { readonly kind: 'hardState'; readonly hardState: HardState };

const SEGMENT_NAME = /^wal-([0-9a-f]{16})\.log$/;

/** The file name of segment `seq`. */
export function segmentName(seq: number): string {
  return `wal-${seq.toString(16).padStart(16, '0')}.log`;
}

/** The seq of a segment file name, or undefined when `name` is not one. */
export function parseSegmentName(name: string): number | undefined {
  const match = SEGMENT_NAME.exec(name);
  return match === null ? undefined : Number.parseInt(match[1], 16);
}

/** The header of segment `seq`. */
export function encodeSegmentHeader(seq: number): Uint8Array {
  const w = new ByteWriter(SEGMENT_HEADER_BYTES).raw(WAL_MAGIC).u32(WAL_VERSION).u64(seq);
  const checked = w.finish().slice();
  return new ByteWriter(SEGMENT_HEADER_BYTES).raw(checked).u32(crc32c(checked)).finish();
}

/** Checks a segment header; returns why it is bad, or undefined when it is good. */
export function checkSegmentHeader(bytes: Uint8Array, seq: number): string | undefined {
  if (bytes.length < SEGMENT_HEADER_BYTES) return `segment header has ${bytes.length} of ${SEGMENT_HEADER_BYTES} bytes`;
  const expected = encodeSegmentHeader(seq);
  for (let i = 0; i < WAL_MAGIC.length; i++) if (bytes[i] !== WAL_MAGIC[i]) return 'not a knhk WAL segment (bad magic)';
  const r = new ByteReader(bytes.subarray(8, SEGMENT_HEADER_BYTES));
  const version = r.u32();
  if (version !== WAL_VERSION) return `WAL version ${version}, this knhk reads version ${WAL_VERSION}`;
  for (let i = 0; i < SEGMENT_HEADER_BYTES; i++) {
    if (bytes[i] !== expected[i]) return `segment header does not match segment ${seq} (seq or checksum)`;
  }
  return undefined;
}

/** Frames one record: header, type, payload. */
export function encodeRecord(record: WalRecord): Uint8Array {
  const body = new ByteWriter(64);
  body.u8(RecordType[record.kind]);
  if (record.kind === 'state') {
    writeHardState(body, record.hardState);
    body.bool(record.snapshot !== undefined);
    if (record.snapshot !== undefined) body.u64(record.snapshot.index).u64(record.snapshot.term);
    body.bool(record.install);
  } else if (record.kind === 'entry') writeEntry(body, record.entry);
  else writeHardState(body, record.hardState);
  const bodyBytes = body.finish();
  const payloadLength = bodyBytes.length - 1;
  if (payloadLength > RECORD_PAYLOAD_BYTES_MAX) {
    throw new RangeError(`a WAL record of ${payloadLength} bytes exceeds ${RECORD_PAYLOAD_BYTES_MAX}`);
  }
  const lengthBytes = new ByteWriter(4).u32(payloadLength).finish();
  return new ByteWriter(RECORD_HEADER_BYTES + bodyBytes.length)
    .raw(lengthBytes)
    .u32(crc32c(lengthBytes))
    .u32(crc32c(bodyBytes))
    .raw(bodyBytes)
    .finish();
}

/** Frames records one after the other, as one write. */
export function encodeRecords(records: readonly WalRecord[]): Uint8Array {
  const encoded = records.map(encodeRecord);
  const bytes = new Uint8Array(encoded.reduce((sum, r) => sum + r.length, 0));
  let at = 0;
  for (const r of encoded) {
    bytes.set(r, at);
    at += r.length;
  }
  return bytes;
}

/** Decodes a record's type and payload (already checksummed). Throws {@link DecodeError}. */
export function decodeRecordBody(body: Uint8Array): WalRecord {
  const r = new ByteReader(body);
  const type = r.u8();
  let record: WalRecord;
  if (type === RecordType.state) {
    const hardState = readHardState(r);
    const snapshot = r.bool() ? { index: r.u64(), term: r.u64() } : undefined;
    record = { kind: 'state', hardState, snapshot, install: r.bool() };
  } else if (type === RecordType.entry) record = { kind: 'entry', entry: readEntry(r) };
  else if (type === RecordType.hardState) record = { kind: 'hardState', hardState: readHardState(r) };
  else throw new DecodeError(`unknown record type ${type}`);
  r.end();
  return record;
}

/** A record found by {@link scanSegment}, with its byte offset in the segment. */
export interface ScannedRecord {
  readonly offset: number;
  readonly record: WalRecord;
}

/** The result of scanning one segment. */
export interface SegmentScan {
  readonly records: readonly ScannedRecord[];
  /** The end of the last good record: the length to truncate a torn segment to. */
  readonly validBytes: number;
  /** Why the bytes after `validBytes` are a torn tail; undefined when there are none. */
  readonly tornReason: string | undefined;
}

/** Corruption found by {@link scanSegment}: not a torn tail. */
export class SegmentCorruption extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${reason} at offset ${offset}`);
    this.name = 'SegmentCorruption';
  }
}

function allZero(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * Reads every record of a segment whose header was checked. Only the last segment may have a
 * torn tail: a partial frame header, a payload cut short, or a last record whose checksum
 * fails with nothing but zeros after it (a crash between extending the file and writing it).
 * Anything else that fails a check throws {@link SegmentCorruption} with the record's offset.
 */
export function scanSegment(bytes: Uint8Array, isLast: boolean): SegmentScan {
  const records: ScannedRecord[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = SEGMENT_HEADER_BYTES;
  const torn = (reason: string): SegmentScan => {
    if (!isLast) throw new SegmentCorruption(offset, `${reason} in a segment that is not the last`);
    return { records, validBytes: offset, tornReason: `${reason} at offset ${offset}` };
  };
  while (offset < bytes.length) {
    const left = bytes.length - offset;
    if (left < RECORD_HEADER_BYTES) return torn(`partial record header (${left} bytes)`);
    const length = view.getUint32(offset, true);
    const lengthCrc = view.getUint32(offset + 4, true);
    const bodyCrc = view.getUint32(offset + 8, true);
    if (crc32cUpdate(0, bytes, offset, offset + 4) !== lengthCrc || length > RECORD_PAYLOAD_BYTES_MAX) {
      if (allZero(bytes, offset)) return torn('zero-filled tail');
      throw new SegmentCorruption(offset, 'record length fails its checksum');
    }
    const end = offset + RECORD_HEADER_BYTES + 1 + length;
    if (end > bytes.length) return torn(`record cut short (${left} of ${end - offset} bytes)`);
    if (crc32cUpdate(0, bytes, offset + RECORD_HEADER_BYTES, end) !== bodyCrc) {
      if (allZero(bytes, end)) return torn('last record fails its checksum');
      throw new SegmentCorruption(offset, 'record fails its checksum');
    }
    try {
      records.push({ offset, record: decodeRecordBody(bytes.subarray(offset + RECORD_HEADER_BYTES, end)) });
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      throw new SegmentCorruption(offset, `record does not decode (${error.message})`);
    }
    offset = end;
  }
  return { records, validBytes: offset, tornReason: undefined };
}
