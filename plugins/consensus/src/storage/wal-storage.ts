/**
 * {@link RaftStorage} on disk: a segmented write-ahead log and snapshot files in one directory.
 *
 * `persist` appends the Ready's records to the active segment and syncs it before returning;
 * `persistAsync` does the same with the sync on libuv's thread pool, one write at a time.
 * A Ready with a newer snapshot first writes the snapshot file (temp file, sync, rename, sync
 * the directory), then starts a new segment whose state record names it, then deletes the
 * segments that only hold entries at or before it (log compaction) and the older snapshot
 * files. A failed `persist` (a full disk, an I/O error) undoes its partial writes, so the
 * directory holds exactly what it held before, and throws a coded error.
 *
 * `load` checks every record: a torn tail of the last segment is truncated (and reported by
 * `recovery`), anything else that fails a check throws `KNHK_E_CONSENSUS_WAL_CORRUPT` naming
 * the file and the byte offset. The record formats are in `wal-format.ts` and
 * `snapshot-format.ts`; the replay rules in `wal-replay.ts`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DecodeError } from '../encoding/bytes.js';
import { invariant } from '../raft/assert.js';
import type { RaftStorage } from '../node/ports.js';
import type { HardState, LogEntry, PersistedState, Ready, Snapshot } from '../raft/types.js';
import { decodeSnapshotFile, encodeSnapshotFile, parseSnapshotName, snapshotName } from './snapshot-format.js';
import { storageError } from './storage-errors.js';
import {
  SegmentCorruption,
  type SnapshotMeta,
  type WalRecord,
  checkSegmentHeader,
  encodeRecord,
  encodeRecords,
  encodeSegmentHeader,
  parseSegmentName,
  scanSegment,
  segmentName,
} from './wal-format.js';
import { ReplayError, replaySegments } from './wal-replay.js';
import { consensusError } from '../errors.js';

/** Options of a {@link WalStorage}. */
export interface WalStorageOptions {
  /** The data directory; created (with its parents) when missing. */
  readonly dir: string;
  /** A segment at or above this size is closed and a new one started. Default 64 MiB. */
  readonly segmentBytesMax?: number;
}

export const WAL_STORAGE_DEFAULTS = Object.freeze({ segmentBytesMax: 64 << 20 });

interface Segment {
  readonly seq: number;
  readonly file: string;
  /** The largest entry index written to it (0 when none). */
  maxEntryIndex: number;
}

interface ActiveSegment extends Segment {
  readonly fd: number;
  bytes: number;
}

/** The writer's view of the log on disk. */
interface OpenLog {
  sealed: Segment[];
  active: ActiveSegment;
  hardState: HardState;
  snapshot: SnapshotMeta | undefined;
  /** The last index stored (the snapshot's when no entry follows it). */
  lastIndex: number;
}

/** A Ready written but not yet synced: what `finish` or `undo` needs. */
interface PendingWrite {
  readonly log: OpenLog;
  readonly previous: ActiveSegment;
  readonly previousBytes: number;
  readonly snapshotFile: string | undefined;
  readonly snapshot: Snapshot | undefined;
  readonly lastIndex: number;
}

const TEMP_SUFFIX = '.tmp';

/** Durable Raft storage in a directory: see the module comment for the guarantees. */
export class WalStorage implements RaftStorage {
  private readonly dir: string;
  private readonly segmentBytesMax: number;
  private closed = false;
  /** True while a `persistAsync` sync is in flight (its file must stay open). */
  private syncing = false;
  /** Set when undoing a failed write failed too: nothing more may be written. */
  private broken: string | undefined;
  private open: OpenLog | undefined;
  private repaired: { truncatedBytes: number; reason?: string } = { truncatedBytes: 0 };

  constructor(options: WalStorageOptions) {
    if (typeof options?.dir !== 'string' || options.dir.length === 0) {
      throw consensusError('KNHK_E_CONSENSUS_CONFIG', 'WalStorage: dir must be a non-empty path', { option: 'dir' });
    }
    const segmentBytesMax = options.segmentBytesMax ?? WAL_STORAGE_DEFAULTS.segmentBytesMax;
    if (!Number.isSafeInteger(segmentBytesMax) || segmentBytesMax < 4096) {
      throw consensusError(
        'KNHK_E_CONSENSUS_CONFIG',
        `WalStorage: segmentBytesMax must be an integer of at least 4096, got ${String(segmentBytesMax)}`,
        { option: 'segmentBytesMax' },
      );
    }
    this.dir = path.resolve(options.dir);
    this.segmentBytesMax = segmentBytesMax;
  }

  /** Opens the directory (again), repairs a torn tail and returns what was persisted. */
  load(): PersistedState {
    this.checkUsable();
    this.closeFiles();
    this.repaired = { truncatedBytes: 0 };
    this.ensureDir();
    try {
      removeTempFiles(this.dir);
    } catch (error) {
      throw storageError(error, 'remove the temporary files of', this.dir);
    }
    const seqs = this.segmentSeqs();
    if (seqs.length === 0) closeQuietly(this.createSegment(0, emptyState()).fd);
    return this.openLog(seqs.length === 0 ? [0] : seqs);
  }

  persist(rd: Ready): void {
    const write = this.write(rd);
    if (write === undefined) return;
    try {
      fs.fdatasyncSync(write.log.active.fd);
    } catch (error) {
      this.undo(write.previous, write.previousBytes, write.snapshotFile);
      throw storageError(error, 'persist to', write.log.active.file);
    }
    this.finish(rd, write);
  }

  /**
   * {@link persist} with the sync off the event loop: the records are written at once (into the
   * page cache), then `fdatasync` runs on libuv's thread pool and the promise resolves once they
   * are durable. One at a time: call it again only once the previous promise has settled. A
   * failure undoes the partial write, as `persist` does, and rejects with the same coded errors.
   */
  async persistAsync(rd: Ready): Promise<void> {
    const write = this.write(rd);
    if (write === undefined) return;
    this.syncing = true;
    try {
      await new Promise<void>((resolve, reject) =>
        fs.fdatasync(write.log.active.fd, (error) => (error === null ? resolve() : reject(error))),
      );
    } catch (error) {
      this.syncing = false;
      if (this.closed) this.closeFiles();
      else this.undo(write.previous, write.previousBytes, write.snapshotFile);
      throw storageError(error, 'persist to', write.log.active.file);
    }
    this.syncing = false;
    if (this.closed) {
      this.closeFiles();
      return;
    }
    this.finish(rd, write);
  }

  /** Writes a Ready's records (and snapshot) without syncing the segment; undefined when it holds nothing to write. */
  private write(rd: Ready): PendingWrite | undefined {
    invariant(!this.syncing, 'WalStorage: a persistAsync is still in flight; wait for it before writing again');
    const log = this.writable();
    const snapshot =
      rd.snapshot !== undefined && (log.snapshot === undefined || rd.snapshot.index > log.snapshot.index)
        ? rd.snapshot
        : undefined;
    const lastIndex = checkAppend(rd, snapshot, log);
    const records: WalRecord[] = rd.entries.map((entry) => ({ kind: 'entry', entry }));
    if (rd.hardState !== undefined) records.push({ kind: 'hardState', hardState: rd.hardState });
    if (snapshot === undefined && records.length === 0) return undefined;
    const bytes = encodeRecords(records);
    const previous = log.active;
    const previousBytes = previous.bytes;
    let snapshotFile: string | undefined;
    try {
      if (snapshot !== undefined) snapshotFile = this.writeSnapshotFile(snapshot);
      if (snapshot !== undefined || previous.bytes >= this.segmentBytesMax) {
        const meta = snapshot === undefined ? log.snapshot : { index: snapshot.index, term: snapshot.term };
        const install = snapshot !== undefined && rd.installSnapshot;
        log.active = this.createSegment(previous.seq + 1, {
          kind: 'state',
          hardState: log.hardState,
          snapshot: meta,
          install,
        });
      }
      this.append(log.active, bytes);
    } catch (error) {
      this.undo(previous, previousBytes, snapshotFile);
      throw storageError(error, 'persist to', log.active.file);
    }
    return { log, previous, previousBytes, snapshotFile, snapshot, lastIndex };
  }

  /** Records a written and synced Ready in the writer's view; compacts after a newer snapshot. */
  private finish(rd: Ready, write: PendingWrite): void {
    const { log, previous, snapshot } = write;
    if (log.active !== previous) {
      closeQuietly(previous.fd);
      log.sealed.push({ seq: previous.seq, file: previous.file, maxEntryIndex: previous.maxEntryIndex });
    }
    for (const entry of rd.entries) log.active.maxEntryIndex = Math.max(log.active.maxEntryIndex, entry.index);
    log.lastIndex = write.lastIndex;
    if (rd.hardState !== undefined) log.hardState = rd.hardState;
    if (snapshot !== undefined) {
      log.snapshot = { index: snapshot.index, term: snapshot.term };
      this.compact();
    }
  }

  /** The open log, ready for appending (loading it first when needed). */
  private writable(): OpenLog {
    this.checkUsable();
    if (this.broken !== undefined) {
      throw consensusError(
        'KNHK_E_CONSENSUS_STORAGE_IO',
        `WalStorage ${this.dir}: an earlier failure left it unusable (${this.broken})`,
      );
    }
    if (this.open === undefined) this.load();
    return this.open!;
  }

  recovery(): { readonly truncatedBytes: number; readonly reason?: string } {
    return this.repaired;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.syncing) this.closeFiles(); // else the write in flight closes them when its sync ends
  }

  /** The segment files in the directory, oldest first (for tests and tools). */
  segmentFiles(): string[] {
    return this.segmentSeqs().map(segmentName);
  }

  /** The snapshot files in the directory (for tests and tools). */
  snapshotFiles(): string[] {
    return fs
      .readdirSync(this.dir)
      .filter((name) => parseSnapshotName(name) !== undefined)
      .sort();
  }

  private checkUsable(): void {
    if (this.closed) throw consensusError('KNHK_E_CONSENSUS_STORAGE_IO', `WalStorage ${this.dir} was closed`);
  }

  private closeFiles(): void {
    if (this.open !== undefined) closeQuietly(this.open.active.fd);
    this.open = undefined;
  }

  private ensureDir(): void {
    try {
      if (fs.existsSync(this.dir)) return;
      fs.mkdirSync(this.dir, { recursive: true });
      syncDir(path.dirname(this.dir));
    } catch (error) {
      throw storageError(error, 'create the data directory', this.dir);
    }
  }

  private segmentSeqs(): number[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch (error) {
      throw storageError(error, 'list', this.dir);
    }
    const seqs: number[] = [];
    for (const name of names) {
      const seq = parseSegmentName(name);
      if (seq !== undefined) seqs.push(seq);
    }
    return seqs.sort((a, b) => a - b);
  }

  /** Scans and replays the segments, truncates a torn tail, opens the last one for appending. */
  private openLog(seqs: readonly number[]): PersistedState {
    seqs.forEach((seq, i) => {
      if (i > 0 && seq !== seqs[i - 1] + 1) this.corrupt(segmentName(seqs[i - 1] + 1), 0, 'segment is missing');
    });
    const scans = seqs.map((seq, i) => this.scan(seq, i === seqs.length - 1));
    let replayed;
    try {
      replayed = replaySegments(scans.map((s) => s.records));
    } catch (error) {
      if (!(error instanceof ReplayError)) throw error;
      const file = error.segment >= 0 ? segmentName(seqs[error.segment]) : segmentName(seqs[seqs.length - 1]);
      this.corrupt(file, error.offset, error.message);
    }
    const last = scans[scans.length - 1];
    const lastSeq = seqs[seqs.length - 1];
    const lastFile = path.join(this.dir, segmentName(lastSeq));
    const fd = this.openForAppend(lastFile, last.validBytes, last.bytes - last.validBytes);
    if (last.tornReason !== undefined) {
      this.repaired = {
        truncatedBytes: last.bytes - last.validBytes,
        reason: `${segmentName(lastSeq)}: ${last.tornReason}`,
      };
    }
    const sealed = seqs.slice(0, -1).map((seq, i) => ({
      seq,
      file: path.join(this.dir, segmentName(seq)),
      maxEntryIndex: replayed.maxEntryIndex[i],
    }));
    const active = {
      seq: lastSeq,
      file: lastFile,
      fd,
      bytes: last.validBytes,
      maxEntryIndex: replayed.maxEntryIndex[seqs.length - 1],
    };
    let snapshot: Snapshot | undefined;
    try {
      snapshot = replayed.snapshot === undefined ? undefined : this.readSnapshotFile(replayed.snapshot);
    } catch (error) {
      closeQuietly(fd);
      throw error;
    }
    const lastIndex = (replayed.snapshot?.index ?? 0) + replayed.entries.length;
    this.open = { sealed, active, hardState: replayed.hardState, snapshot: replayed.snapshot, lastIndex };
    this.removeStaleSnapshots();
    return { hardState: replayed.hardState, snapshot, entries: replayed.entries as LogEntry[] };
  }

  private scan(
    seq: number,
    isLast: boolean,
  ): {
    records: ReturnType<typeof scanSegment>['records'];
    validBytes: number;
    bytes: number;
    tornReason: string | undefined;
  } {
    const name = segmentName(seq);
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(path.join(this.dir, name));
    } catch (error) {
      throw storageError(error, 'read', path.join(this.dir, name));
    }
    const headerProblem = checkSegmentHeader(bytes, seq);
    if (headerProblem !== undefined) this.corrupt(name, 0, headerProblem);
    try {
      const result = scanSegment(bytes, isLast);
      return { ...result, bytes: bytes.length };
    } catch (error) {
      if (!(error instanceof SegmentCorruption)) throw error;
      return this.corrupt(name, error.offset, error.reason);
    }
  }

  private corrupt(name: string, offset: number, reason: string): never {
    const file = path.join(this.dir, name);
    throw consensusError('KNHK_E_CONSENSUS_WAL_CORRUPT', `${file} at offset ${offset}: ${reason}`, {
      file,
      offset,
      reason,
    });
  }

  /** Opens the last segment for appending, first cutting a torn tail of `tornBytes` off. */
  private openForAppend(file: string, validBytes: number, tornBytes: number): number {
    try {
      const fd = fs.openSync(file, 'r+');
      if (tornBytes > 0) {
        fs.ftruncateSync(fd, validBytes);
        fs.fsyncSync(fd);
      }
      return fd;
    } catch (error) {
      throw storageError(error, 'open for appending', file);
    }
  }

  private readSnapshotFile(meta: SnapshotMeta): Snapshot {
    const name = snapshotName(meta);
    const file = path.join(this.dir, name);
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(file);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT')
        this.corrupt(name, 0, 'the snapshot the log names is missing');
      throw storageError(error, 'read', file);
    }
    try {
      return decodeSnapshotFile(bytes, meta);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      return this.corrupt(name, 0, `snapshot file: ${error.message}`);
    }
  }

  /** Writes a snapshot file atomically; returns its path. */
  private writeSnapshotFile(snapshot: Snapshot): string {
    const file = path.join(this.dir, snapshotName(snapshot));
    writeFileAtomically(file, encodeSnapshotFile(snapshot));
    return file;
  }

  /** Creates segment `seq` holding its header and `state`, atomically; returns it open for appending. */
  private createSegment(seq: number, state: WalRecord): ActiveSegment {
    const file = path.join(this.dir, segmentName(seq));
    const header = encodeSegmentHeader(seq);
    const record = encodeRecord(state);
    const bytes = new Uint8Array(header.length + record.length);
    bytes.set(header);
    bytes.set(record, header.length);
    writeFileAtomically(file, bytes);
    try {
      const fd = fs.openSync(file, 'r+');
      return { seq, file, fd, bytes: bytes.length, maxEntryIndex: 0 };
    } catch (error) {
      fs.rmSync(file, { force: true });
      throw storageError(error, 'open', file);
    }
  }

  /** Appends encoded records to `segment` (the caller syncs it). */
  private append(segment: ActiveSegment, bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    writeAll(segment.fd, bytes, segment.bytes);
    segment.bytes += bytes.length;
  }

  /** Undoes a failed persist: drops a segment it created, cuts what it appended, removes its snapshot file. */
  private undo(previous: ActiveSegment, previousBytes: number, snapshotFile: string | undefined): void {
    const log = this.open!;
    try {
      if (log.active !== previous) {
        closeQuietly(log.active.fd);
        fs.rmSync(log.active.file, { force: true });
        log.active = previous;
      }
      fs.ftruncateSync(previous.fd, previousBytes);
      fs.fsyncSync(previous.fd);
      previous.bytes = previousBytes;
      if (snapshotFile !== undefined) fs.rmSync(snapshotFile, { force: true });
      syncDir(this.dir);
    } catch (error) {
      this.broken = `undoing a failed write: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Deletes the oldest sealed segments whose entries are all at or before the snapshot, and older snapshots. */
  private compact(): void {
    const log = this.open!;
    const index = log.snapshot?.index ?? 0;
    try {
      while (log.sealed.length > 0 && log.sealed[0].maxEntryIndex <= index) {
        fs.rmSync(log.sealed[0].file, { force: true });
        log.sealed.shift();
      }
      this.removeStaleSnapshots();
      syncDir(this.dir);
    } catch (error) {
      throw storageError(error, 'the Ready was persisted, but compacting failed in', this.dir);
    }
  }

  /** Removes every snapshot file but the current one (older ones, and any written before a crash). */
  private removeStaleSnapshots(): void {
    const current = this.open?.snapshot;
    const keep = current === undefined ? undefined : snapshotName(current);
    try {
      let removed = false;
      for (const name of fs.readdirSync(this.dir)) {
        if (parseSnapshotName(name) === undefined || name === keep) continue;
        fs.rmSync(path.join(this.dir, name), { force: true });
        removed = true;
      }
      if (removed) syncDir(this.dir);
    } catch (error) {
      throw storageError(error, 'remove old snapshots from', this.dir);
    }
  }
}

/**
 * Checks the Ready's entries against the log (contiguous, no gap after the last index; the
 * same contract as MemoryStorage, a programmer error when broken) and returns the last index
 * once it is persisted.
 */
function checkAppend(rd: Ready, snapshot: Snapshot | undefined, log: OpenLog): number {
  const base = snapshot?.index ?? log.snapshot?.index ?? 0;
  let last = log.lastIndex;
  if (snapshot !== undefined) last = rd.installSnapshot ? snapshot.index : Math.max(last, snapshot.index);
  if (rd.entries.length === 0) return last;
  const first = rd.entries[0].index;
  invariant(first <= last + 1, `persisted log gap at ${first} (last index ${last})`);
  rd.entries.forEach((e, i) => invariant(e.index === first + i, `entries not contiguous at ${e.index}`));
  return Math.max(rd.entries[rd.entries.length - 1].index, base);
}

function emptyState(): WalRecord {
  return { kind: 'state', hardState: { term: 0, vote: undefined, commit: 0 }, snapshot: undefined, install: false };
}

/** Writes `bytes` at `position`, looping over short writes. */
function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) {
    done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
  }
}

/** Writes `<file>.tmp`, syncs it, renames it to `file` and syncs the directory. */
function writeFileAtomically(file: string, bytes: Uint8Array): void {
  const temp = file + TEMP_SUFFIX;
  let fd: number | undefined;
  let renamed = false;
  try {
    fd = fs.openSync(temp, 'w');
    writeAll(fd, bytes, 0);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, file);
    renamed = true;
    syncDir(path.dirname(file));
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    fs.rmSync(renamed ? file : temp, { force: true });
    throw storageError(error, 'write', file);
  }
}

/** Makes the directory's entries (created, renamed, removed files) durable. */
function syncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function removeTempFiles(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith(TEMP_SUFFIX)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Already closed: nothing to release.
  }
}
