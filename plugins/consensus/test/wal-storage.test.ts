import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpSync, mkdirSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isKnhkError } from '@knhk/core';
import { MemoryStorage, type PersistedState, WalStorage, segmentName, snapshotName } from '../src/index.js';
import { ReadyGenerator, entry, ready, removeDir, tempDir } from './storage-fixtures.js';

/** Opens `dir` afresh and returns what it loads. */
function reload(dir: string, segmentBytesMax?: number): { state: PersistedState; storage: WalStorage } {
  const storage = new WalStorage({ dir, segmentBytesMax });
  return { state: storage.load(), storage };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('consensus storage: WalStorage', () => {
  const dirs: string[] = [];
  const dir = (label: string) => {
    const d = tempDir(label);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach(removeDir));

  it('starts empty, and round-trips entries, membership changes, hard state and a snapshot', () => {
    const d = dir('wal-roundtrip');
    const s = new WalStorage({ dir: join(d, 'a', 'b') });
    expect(s.load()).to.deep.equal({
      hardState: { term: 0, vote: undefined, commit: 0 },
      snapshot: undefined,
      entries: [],
    });
    const model = new MemoryStorage();
    const readys = [
      ready({
        entries: [entry(1, 1), entry(2, 1, 0, { type: 'add', node: 'n4' })],
        hardState: { term: 1, vote: 'n1', commit: 1 },
      }),
      ready({ entries: [entry(2, 2, 10), entry(3, 2, 1000, { type: 'remove', node: 'n2' })] }),
      ready({ snapshot: { index: 2, term: 2, voters: ['n1', 'n3'], data: new Uint8Array([1, 2, 3]) } }),
      ready({ hardState: { term: 2, vote: undefined, commit: 3 } }),
    ];
    for (const rd of readys) {
      s.persist(rd);
      model.persist(rd);
    }
    s.close();
    const again = reload(join(d, 'a', 'b'));
    expect(again.state).to.deep.equal(model.state());
    expect(again.storage.recovery()).to.deep.equal({ truncatedBytes: 0 });
    again.storage.close();
  });

  it('restarts to the same PersistedState as MemoryStorage fed the same random Readys (overwrites, snapshots, installs)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const d = dir('wal-property');
      const gen = new ReadyGenerator(seed);
      let s = new WalStorage({ dir: d, segmentBytesMax: 4096 });
      s.load();
      for (let step = 0; step < 150; step++) {
        s.persist(gen.next());
        if (step % 37 === 36) {
          s.close();
          const reopened = reload(d, 4096);
          expect(reopened.state, `seed ${seed} step ${step}`).to.deep.equal(gen.model.state());
          s = reopened.storage;
        }
      }
      s.close();
      const final = reload(d, 4096);
      expect(final.state, `seed ${seed}`).to.deep.equal(gen.model.state());
      final.storage.close();
    }
  });

  it('after kill -9 at a random moment, loads the state of the last persist that returned (or of the one under way)', async () => {
    const child = fileURLToPath(new URL('./wal-crash-child.js', import.meta.url));
    for (let seed = 1; seed <= 6; seed++) {
      const d = dir('wal-kill');
      const proc = spawn(process.execPath, [child, d, String(seed)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const target = 20 + seed * 15;
      await new Promise<void>((resolve, reject) => {
        proc.stdout.on('data', () => out.split('\n').length > target && resolve());
        proc.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      });
      proc.kill('SIGKILL');
      await new Promise((resolve) => proc.once('close', resolve));
      const lines = out.trim().split('\n');
      const acknowledged = Number(lines[lines.length - 1]);
      const gen = new ReadyGenerator(seed);
      for (let step = 0; step <= acknowledged; step++) gen.next();
      const { state, storage } = reload(d, 4096);
      storage.close();
      const acked = gen.model.state();
      gen.next();
      expect([acked, gen.model.state()], `seed ${seed} after step ${acknowledged}`).to.deep.include(state);
    }
  });

  it('truncates a torn tail at every byte offset of the last record, and appends after it', () => {
    const d = dir('wal-torn');
    const s = new WalStorage({ dir: d });
    s.load();
    const model = new MemoryStorage();
    const before = [ready({ entries: [entry(1, 1), entry(2, 1)], hardState: { term: 1, vote: 'a', commit: 1 } })];
    for (const rd of before) {
      s.persist(rd);
      model.persist(rd);
    }
    const file = join(d, segmentName(0));
    const start = statSync(file).size;
    s.persist(ready({ entries: [entry(3, 1, 40)] }));
    s.close();
    const end = statSync(file).size;
    const expected = model.state();
    for (let cut = start; cut < end; cut++) {
      const copy = dir('wal-torn-copy');
      cpSync(d, copy, { recursive: true });
      truncateSync(join(copy, segmentName(0)), cut);
      const { state, storage } = reload(copy);
      expect(state, `cut at ${cut}`).to.deep.equal(expected);
      expect(storage.recovery().truncatedBytes, `cut at ${cut}`).to.equal(cut - start);
      if (cut > start) expect(storage.recovery().reason).to.include(segmentName(0));
      expect(statSync(join(copy, segmentName(0))).size).to.equal(start);
      const next = ready({ entries: [entry(3, 2)], hardState: { term: 2, vote: undefined, commit: 2 } });
      storage.persist(next);
      storage.close();
      const m = new MemoryStorage(expected);
      m.persist(next);
      expect(reload(copy).state).to.deep.equal(m.state());
      removeDir(copy);
    }
  });

  it('treats a zero-filled tail as torn, and garbage at the end of a complete record as corruption', () => {
    const d = dir('wal-zero');
    const s = new WalStorage({ dir: d });
    s.load();
    s.persist(ready({ entries: [entry(1, 1)] }));
    s.close();
    const file = join(d, segmentName(0));
    const size = statSync(file).size;
    writeFileSync(file, new Uint8Array(100), { flag: 'a' });
    const { state, storage } = reload(d);
    expect(state.entries).to.have.length(1);
    expect(storage.recovery().truncatedBytes).to.equal(100);
    storage.close();
    expect(statSync(file).size).to.equal(size);
    writeFileSync(file, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]), { flag: 'a' });
    const error = thrown(() => reload(d));
    expect(isKnhkError(error, 'KNHK_E_CONSENSUS_WAL_CORRUPT'), String(error)).to.equal(true);
  });

  it('stops on a corrupt record before the tail with KNHK_E_CONSENSUS_WAL_CORRUPT naming the file and offset', () => {
    const d = dir('wal-corrupt');
    const s = new WalStorage({ dir: d });
    s.load();
    const file = join(d, segmentName(0));
    const offsets: number[] = [];
    for (let i = 1; i <= 4; i++) {
      offsets.push(statSync(file).size);
      s.persist(ready({ entries: [entry(i, 1, 16)] }));
    }
    s.close();
    const pristine = readFileSync(file);
    // A flipped payload byte, a flipped length byte and a flipped checksum byte of record 2 (of 4).
    for (const delta of [20, 0, 9]) {
      const bytes = Buffer.from(pristine);
      bytes[offsets[1] + delta] ^= 0x40;
      writeFileSync(file, bytes);
      const error = thrown(() => reload(d));
      expect(isKnhkError(error, 'KNHK_E_CONSENSUS_WAL_CORRUPT'), String(error)).to.equal(true);
      expect((error as Error).message)
        .to.include(file)
        .and.include(`offset ${offsets[1]}`);
      expect((error as { details: { offset: number } }).details.offset).to.equal(offsets[1]);
    }
    writeFileSync(file, pristine);
    expect(reload(d).state.entries).to.have.length(4);
  });

  it('stops on a bad record at the end of a segment that is not the last one', () => {
    const d = dir('wal-corrupt-sealed');
    const s = new WalStorage({ dir: d, segmentBytesMax: 4096 });
    s.load();
    for (let i = 1; i <= 30; i++) s.persist(ready({ entries: [entry(i, 1, 300)] }));
    s.close();
    expect(readdirSync(d).filter((n) => n.endsWith('.log')).length).to.be.greaterThan(2);
    const file = join(d, segmentName(0));
    truncateSync(file, statSync(file).size - 5);
    const error = thrown(() => reload(d, 4096));
    expect(isKnhkError(error, 'KNHK_E_CONSENSUS_WAL_CORRUPT'), String(error)).to.equal(true);
    expect((error as Error).message).to.include(file);
  });

  it('reports a missing segment and a missing or damaged snapshot file as corruption', () => {
    const d = dir('wal-missing');
    const s = new WalStorage({ dir: d, segmentBytesMax: 4096 });
    s.load();
    for (let i = 1; i <= 30; i++) s.persist(ready({ entries: [entry(i, 1, 300)] }));
    s.persist(ready({ snapshot: { index: 1, term: 1, voters: ['a'], data: new Uint8Array(10) } }));
    s.close();
    const snap = join(d, snapshotName({ index: 1, term: 1 }));
    const bytes = readFileSync(snap);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(snap, bytes);
    const damaged = thrown(() => reload(d, 4096));
    expect(isKnhkError(damaged, 'KNHK_E_CONSENSUS_WAL_CORRUPT'), String(damaged)).to.equal(true);
    expect((damaged as Error).message).to.include(snap);
    removeDir(snap);
    expect((thrown(() => reload(d, 4096)) as Error).message).to.include('missing');
    const segments = readdirSync(d)
      .filter((n) => n.endsWith('.log'))
      .sort();
    removeDir(join(d, segments[1]));
    const gap = thrown(() => reload(d, 4096));
    expect(isKnhkError(gap, 'KNHK_E_CONSENSUS_WAL_CORRUPT'), String(gap)).to.equal(true);
    expect((gap as Error).message).to.include('segment is missing');
  });

  it('writes snapshots atomically: a leftover temp file and an unreferenced snapshot are ignored and removed', () => {
    const d = dir('wal-snap-atomic');
    const s = new WalStorage({ dir: d });
    s.load();
    const model = new MemoryStorage();
    for (const rd of [
      ready({ entries: [entry(1, 1), entry(2, 1), entry(3, 1)], hardState: { term: 1, vote: 'a', commit: 3 } }),
      ready({ snapshot: { index: 2, term: 1, voters: ['a', 'b'], data: new Uint8Array([7]) } }),
    ]) {
      s.persist(rd);
      model.persist(rd);
    }
    s.close();
    // A crash while writing snapshot 3: its temp file half written; and one renamed but not yet in the log.
    const newer = snapshotName({ index: 3, term: 1 });
    writeFileSync(join(d, `${newer}.tmp`), new Uint8Array([1, 2, 3]));
    writeFileSync(join(d, snapshotName({ index: 9, term: 9 })), new Uint8Array([4, 5, 6]));
    writeFileSync(join(d, `${segmentName(1)}.tmp`), new Uint8Array([7, 8]));
    const { state, storage } = reload(d);
    expect(state).to.deep.equal(model.state());
    expect(readdirSync(d).sort()).to.deep.equal(
      [snapshotName({ index: 2, term: 1 }), segmentName(0), segmentName(1)].sort(),
    );
    storage.close();
  });

  it('compacts: a snapshot deletes the segments that only hold entries at or before it, and older snapshots', () => {
    const d = dir('wal-compact');
    const s = new WalStorage({ dir: d, segmentBytesMax: 4096 });
    s.load();
    const model = new MemoryStorage();
    const persist = (rd: ReturnType<typeof ready>) => {
      s.persist(rd);
      model.persist(rd);
    };
    for (let i = 1; i <= 60; i++)
      persist(ready({ entries: [entry(i, 1, 300)], hardState: { term: 1, vote: 'a', commit: i } }));
    const segmentsBefore = s.segmentFiles();
    expect(segmentsBefore.length).to.be.greaterThan(4);
    persist(ready({ snapshot: { index: 30, term: 1, voters: ['a'], data: new Uint8Array(50) } }));
    const afterFirst = s.segmentFiles();
    expect(afterFirst.length).to.be.lessThan(segmentsBefore.length);
    expect(afterFirst[0] > segmentsBefore[0]).to.equal(true);
    persist(ready({ snapshot: { index: 60, term: 1, voters: ['a'], data: new Uint8Array(50) } }));
    expect(s.segmentFiles()).to.have.length(1);
    expect(s.snapshotFiles()).to.deep.equal([snapshotName({ index: 60, term: 1 })]);
    persist(ready({ entries: [entry(61, 2)], hardState: { term: 2, vote: undefined, commit: 61 } }));
    s.close();
    expect(reload(d, 4096).state).to.deep.equal(model.state());
  });

  it('refuses a Ready that would leave a gap in the log, as MemoryStorage does, and writes nothing', () => {
    const d = dir('wal-gap');
    const s = new WalStorage({ dir: d });
    s.load();
    s.persist(ready({ entries: [entry(1, 1), entry(2, 1)] }));
    const size = statSync(join(d, segmentName(0))).size;
    expect(() => s.persist(ready({ entries: [entry(4, 1)] }))).to.throw(/gap at 4/);
    expect(() => new MemoryStorage(reload(d).state).persist(ready({ entries: [entry(4, 1)] }))).to.throw(/gap at 4/);
    expect(() => s.persist(ready({ entries: [entry(3, 1), entry(5, 1)] }))).to.throw(/not contiguous/);
    expect(statSync(join(d, segmentName(0))).size).to.equal(size);
    s.persist(ready({ entries: [entry(3, 1)] }));
    s.close();
    expect(reload(d).state.entries.map((e) => e.index)).to.deep.equal([1, 2, 3]);
  });

  it('throws coded errors for bad options and use after close', () => {
    expect(
      isKnhkError(
        thrown(() => new WalStorage({ dir: '' })),
        'KNHK_E_CONSENSUS_CONFIG',
      ),
    ).to.equal(true);
    const badSize = thrown(() => new WalStorage({ dir: '/tmp/x', segmentBytesMax: 10 }));
    expect(isKnhkError(badSize, 'KNHK_E_CONSENSUS_CONFIG')).to.equal(true);
    const d = dir('wal-closed');
    const s = new WalStorage({ dir: d });
    s.load();
    s.close();
    s.close();
    expect(
      isKnhkError(
        thrown(() => s.persist(ready({ entries: [entry(1, 1)] }))),
        'KNHK_E_CONSENSUS_STORAGE_IO',
      ),
    ).to.equal(true);
  });

  describe('on a full disk (a 256 KiB tmpfs; needs root, as CI runs)', () => {
    let mountPoint: string;
    let mounted = false;
    before(() => {
      mountPoint = tempDir('wal-tmpfs');
      mkdirSync(mountPoint, { recursive: true });
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint], { stdio: 'pipe' });
      } catch (error) {
        throw new Error(
          `this test needs to mount a small tmpfs (run the tests as root with CAP_SYS_ADMIN, as CI does): ${String(error)}`,
        );
      }
      mounted = true;
    });
    after(() => {
      if (mounted) execFileSync('umount', [mountPoint]);
      removeDir(mountPoint);
    });

    it('persist throws KNHK_E_CONSENSUS_STORAGE_FULL and what was persisted before stays intact and readable', () => {
      const d = join(mountPoint, 'full');
      const filler = join(mountPoint, 'filler');
      writeFileSync(filler, new Uint8Array(64 << 10));
      const s = new WalStorage({ dir: d, segmentBytesMax: 64 << 10 });
      s.load();
      const model = new MemoryStorage();
      let error: unknown;
      for (let i = 1; i < 1000 && error === undefined; i++) {
        const rd = ready({ entries: [entry(i, 1, 3000)], hardState: { term: 1, vote: 'a', commit: i - 1 } });
        try {
          s.persist(rd);
          model.persist(rd);
        } catch (e) {
          error = e;
        }
      }
      expect(isKnhkError(error, 'KNHK_E_CONSENSUS_STORAGE_FULL'), String(error)).to.equal(true);
      expect(model.state().entries.length).to.be.greaterThan(10);
      // A snapshot too big for the disk fails the same way and changes nothing.
      const bigSnapshot = ready({ snapshot: { index: 5, term: 1, voters: ['a'], data: new Uint8Array(200 << 10) } });
      expect(
        isKnhkError(
          thrown(() => s.persist(bigSnapshot)),
          'KNHK_E_CONSENSUS_STORAGE_FULL',
        ),
      ).to.equal(true);
      // Once there is room again, the same storage goes on from where it was.
      removeDir(filler);
      const last = model.state().entries.length;
      for (const rd of [
        ready({ entries: [entry(last + 1, 2, 3000)], hardState: { term: 2, vote: 'b', commit: last } }),
        ready({ snapshot: { index: last, term: 1, voters: ['a'], data: new Uint8Array(100) } }),
      ]) {
        s.persist(rd);
        model.persist(rd);
      }
      s.close();
      const { state, storage } = reload(d, 64 << 10);
      expect(state).to.deep.equal(model.state());
      expect(storage.recovery().truncatedBytes).to.equal(0);
      storage.close();
    });

    it('persistAsync rejects with KNHK_E_CONSENSUS_STORAGE_FULL and leaves what was persisted before intact', async () => {
      const d = join(mountPoint, 'full-async');
      const filler = join(mountPoint, 'filler-async');
      writeFileSync(filler, new Uint8Array(64 << 10));
      const s = new WalStorage({ dir: d, segmentBytesMax: 64 << 10 });
      s.load();
      const model = new MemoryStorage();
      let error: unknown;
      for (let i = 1; i < 1000 && error === undefined; i++) {
        const rd = ready({ entries: [entry(i, 1, 3000)], hardState: { term: 1, vote: 'a', commit: i - 1 } });
        try {
          await s.persistAsync(rd);
          model.persist(rd);
        } catch (e) {
          error = e;
        }
      }
      expect(isKnhkError(error, 'KNHK_E_CONSENSUS_STORAGE_FULL'), String(error)).to.equal(true);
      expect(model.state().entries.length).to.be.greaterThan(10);
      removeDir(filler);
      const rd = ready({ entries: [entry(model.state().entries.length + 1, 2, 3000)] });
      await s.persistAsync(rd);
      model.persist(rd);
      s.close();
      const { state, storage } = reload(d, 64 << 10);
      expect(state).to.deep.equal(model.state());
      expect(storage.recovery().truncatedBytes).to.equal(0);
      storage.close();
      removeDir(d);
    });
  });
});
