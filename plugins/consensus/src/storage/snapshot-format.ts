/**
 * The on-disk format of snapshot files, pure (no I/O). A snapshot is
 * `snap-<index as 16 hex digits>-<term as 16 hex digits>.snap`: magic `KNHKSNP1`, u32 version,
 * u32 body length, u32 CRC-32C of the body, then the body (the snapshot's encoding, see
 * `encoding/raft-encoding.ts`). It is written to `<name>.tmp`, synced and renamed into place,
 * so a snapshot file is whole or absent; the log names the snapshot in force.
 */
import { ByteReader, ByteWriter, DecodeError } from '../encoding/bytes.js';
import { readSnapshot, writeSnapshot } from '../encoding/raft-encoding.js';
import type { Snapshot } from '../raft/types.js';
import { crc32c } from './crc32c.js';
import type { SnapshotMeta } from './wal-format.js';

export const SNAPSHOT_MAGIC = new TextEncoder().encode('KNHKSNP1');
export const SNAPSHOT_VERSION = 1;
const SNAPSHOT_HEADER_BYTES = 20;
const SNAPSHOT_NAME = /^snap-([0-9a-f]{16})-([0-9a-f]{16})\.snap$/;

/** The file name of the snapshot at (`index`, `term`). */
export function snapshotName(meta: SnapshotMeta): string {
  return `snap-${meta.index.toString(16).padStart(16, '0')}-${meta.term.toString(16).padStart(16, '0')}.snap`;
}

/** The index and term in a snapshot file name, or undefined when `name` is not one. */
export function parseSnapshotName(name: string): SnapshotMeta | undefined {
  const match = SNAPSHOT_NAME.exec(name);
  if (match === null) return undefined;
  return { index: Number.parseInt(match[1], 16), term: Number.parseInt(match[2], 16) };
}

/** The bytes of a snapshot file. */
export function encodeSnapshotFile(snapshot: Snapshot): Uint8Array {
  const body = new ByteWriter(64 + snapshot.data.length);
  writeSnapshot(body, snapshot);
  const bodyBytes = body.finish();
  return new ByteWriter(SNAPSHOT_HEADER_BYTES + bodyBytes.length)
    .raw(SNAPSHOT_MAGIC)
    .u32(SNAPSHOT_VERSION)
    .u32(bodyBytes.length)
    .u32(crc32c(bodyBytes))
    .raw(bodyBytes)
    .finish();
}

/** Decodes a snapshot file and checks it is the one `expected` names. Throws {@link DecodeError}. */
export function decodeSnapshotFile(bytes: Uint8Array, expected: SnapshotMeta): Snapshot {
  const r = new ByteReader(bytes);
  const magic = r.raw(SNAPSHOT_MAGIC.length);
  if (!magic.every((b, i) => b === SNAPSHOT_MAGIC[i])) throw new DecodeError('not a knhk snapshot file (bad magic)');
  const version = r.u32();
  if (version !== SNAPSHOT_VERSION) {
    throw new DecodeError(`snapshot version ${version}, this knhk reads version ${SNAPSHOT_VERSION}`);
  }
  const length = r.u32();
  const crc = r.u32();
  if (length !== r.remaining) throw new DecodeError(`body of ${r.remaining} bytes, the header says ${length}`);
  const body = r.raw(length);
  if (crc32c(body) !== crc) throw new DecodeError('body fails its checksum');
  const br = new ByteReader(body);
  const snapshot = readSnapshot(br);
  br.end();
  if (snapshot.index !== expected.index || snapshot.term !== expected.term) {
    throw new DecodeError(
      `holds index ${snapshot.index} term ${snapshot.term}, its name says ${expected.index}/${expected.term}`,
    );
  }
  return snapshot;
}
