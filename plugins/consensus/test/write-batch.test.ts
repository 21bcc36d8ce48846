import { expect } from 'chai';
import { SeededRandom } from '@knhk/core';
import { WalStorage } from '../src/index.js';
import { lastWritten, mergeWrites, takeBatch, type QueuedWrite } from '../src/node/write-batch.js';
import { ReadyGenerator, entry, ready, removeDir, tempDir } from './storage-fixtures.js';

const queued = (rd: ReturnType<typeof ready>): QueuedWrite => ({ rd, held: [] });

describe('consensus node: group commit of storage writes', () => {
  const dirs: string[] = [];
  const dir = (label: string) => {
    const d = tempDir(label);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach(removeDir));

  it('takes the Readies up to the next snapshot as one batch, and a Ready with a snapshot alone', () => {
    const snap = { index: 2, term: 1, voters: ['a'], data: new Uint8Array(1) };
    const queue = [
      queued(ready({ entries: [entry(1, 1)] })),
      queued(ready({ entries: [entry(2, 1)] })),
      queued(ready({ snapshot: snap })),
      queued(ready({ entries: [entry(3, 1)] })),
    ];
    expect(takeBatch(queue).map((w) => w.rd.entries[0].index)).to.deep.equal([1, 2]);
    expect(takeBatch(queue).map((w) => w.rd.snapshot)).to.deep.equal([snap]);
    expect(takeBatch(queue)).to.have.length(1);
    expect(queue).to.deep.equal([]);
  });

  it('merges entries as storage applies them (a later entry replaces the ones from its index on), last hard state wins', () => {
    const merged = mergeWrites([
      queued(ready({ entries: [entry(5, 1), entry(6, 1), entry(7, 1)], hardState: { term: 1, vote: 'a', commit: 4 } })),
      queued(ready({ entries: [entry(6, 2)] })),
      queued(ready({ hardState: { term: 2, vote: undefined, commit: 5 } })),
      queued(ready({ entries: [entry(7, 2), entry(8, 2)] })),
    ]);
    expect(merged.entries.map((e) => `${e.index}/${e.term}`)).to.deep.equal(['5/1', '6/2', '7/2', '8/2']);
    expect(merged.hardState).to.deep.equal({ term: 2, vote: undefined, commit: 5 });
    expect(lastWritten(merged)).to.include({ index: 8, term: 2 });
    const earlier = mergeWrites([queued(ready({ entries: [entry(5, 1)] })), queued(ready({ entries: [entry(3, 2)] }))]);
    expect(earlier.entries.map((e) => e.index)).to.deep.equal([3]);
  });

  it('random Readies written in random batches by persistAsync restart to what MemoryStorage holds', async () => {
    const d = dir('wal-group-commit');
    const storage = new WalStorage({ dir: d, segmentBytesMax: 8192 });
    storage.load();
    const generator = new ReadyGenerator(7);
    const random = new SeededRandom(11);
    const queue: QueuedWrite[] = [];
    for (let i = 0; i < 400; i++) {
      queue.push(queued(generator.next()));
      if (random.next() < 0.3) continue;
      while (queue.length > 0) await storage.persistAsync(mergeWrites(takeBatch(queue)));
    }
    while (queue.length > 0) await storage.persistAsync(mergeWrites(takeBatch(queue)));
    storage.close();
    const again = new WalStorage({ dir: d, segmentBytesMax: 8192 });
    expect(again.load()).to.deep.equal(generator.model.state());
    again.close();
  });

  it('persistAsync: one write at a time, and close lets the write in flight finish', async () => {
    const d = dir('wal-async');
    const storage = new WalStorage({ dir: d });
    storage.load();
    const first = storage.persistAsync(ready({ entries: [entry(1, 1)] }));
    const second = storage.persistAsync(ready({ entries: [entry(2, 1)] })).then(
      () => undefined,
      (error: Error) => error,
    );
    await first;
    const refused = await second;
    expect(refused?.message).to.match(/in flight/);
    const third = storage.persistAsync(ready({ entries: [entry(2, 1)], hardState: { term: 1, vote: 'a', commit: 1 } }));
    storage.close();
    await third;
    const again = new WalStorage({ dir: d });
    const state = again.load();
    expect(state.entries.map((e) => e.index)).to.deep.equal([1, 2]);
    expect(state.hardState).to.deep.equal({ term: 1, vote: 'a', commit: 1 });
    again.close();
  });
});
