import { expect } from 'chai';
import { MemoryStorage, Raft, SafetyMonitor, raftConfig, type LogEntry, type Message } from '../src/index.js';
import { TestCluster } from './cluster.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('raft: replication and the commit rule', () => {
  it('replicates proposals to every node, in order', () => {
    const c = new TestCluster(['a', 'b', 'c']);
    c.elect('a');
    for (let i = 0; i < 10; i++) c.propose('a', `v${i}`);
    c.tickAll(2);
    const expected = Array.from({ length: 10 }, (_, i) => `v${i}`);
    for (const id of ['a', 'b', 'c']) expect(c.appliedText(id)).to.deep.equal(expected);
  });

  it('batches at most maxEntriesPerMessage and keeps at most maxInflightMessages in flight', () => {
    const c = new TestCluster(['a', 'b', 'c'], { maxEntriesPerMessage: 3, maxInflightMessages: 2 });
    c.elect('a');
    c.propose('a', 'warm');
    const appendsToB: Message[] = [];
    c.filter = (m) => {
      if (m.from === 'a' && m.to === 'b' && m.type === 'append' && m.entries.length > 0) appendsToB.push(m);
      return !(m.from === 'b' && m.type === 'appendResponse');
    };
    for (let i = 0; i < 20; i++) c.node('a').propose(bytes(`v${i}`));
    c.drain();
    expect(appendsToB.length).to.equal(2);
    for (const m of appendsToB) expect(m.type === 'append' && m.entries.length).to.be.at.most(3);
    c.filter = () => true;
    c.transform = (m) => m;
    c.tickAll(10);
    expect(c.appliedText('b')).to.have.length(21);
  });

  it('a leader sends its appends before its own write, and counts its entry only once durable (stableTo)', () => {
    const c = new TestCluster(['a', 'b', 'c']);
    c.elect('a');
    c.propose('a', 'warm');
    c.isolate('c');
    const a = c.node('a');
    const index = a.propose(bytes('x'));
    const rd = a.ready();
    expect(rd.entries.map((e) => e.index)).to.deep.equal([index]);
    expect(rd.messages.some((m) => m.type === 'append' && m.to === 'b' && m.entries.length === 1)).to.equal(true);
    a.advance(rd, { persisted: false });
    c.inbox.push(...rd.messages);
    c.drain();
    // b holds it durably, but a's copy is still being written: one of three is no quorum.
    expect(a.log.committed).to.equal(index - 1);
    expect(c.appliedText('b')).to.not.include('x');
    c.storage.get('a')!.persist(rd);
    a.stableTo(index, rd.entries[0].term);
    expect(a.log.committed).to.equal(index);
    c.drain();
    expect(c.appliedText('a')).to.deep.equal(['warm', 'x']);
    c.tickAll(2);
    expect(c.appliedText('b')).to.deep.equal(['warm', 'x']);
  });

  it('stableTo ignores an entry the log no longer holds (overwritten since it was written)', () => {
    const c = new TestCluster(['a', 'b', 'c']);
    c.elect('a');
    c.propose('a', 'warm');
    const b = c.node('b');
    const before = b.log.durable;
    b.stableTo(before + 1, b.term);
    expect(b.log.durable).to.equal(before);
    b.stableTo(before, b.term + 1);
    expect(b.log.durable).to.equal(before);
  });

  it('a lagging follower with a divergent log is repaired by the leader', () => {
    const c = new TestCluster(['a', 'b', 'c']);
    c.elect('a');
    c.isolate('a');
    for (let i = 0; i < 3; i++) c.node('a').propose(bytes(`lost${i}`));
    c.drain();
    c.tickAll(40);
    const [leader] = c.leaders();
    expect(leader).to.be.oneOf(['b', 'c']);
    c.propose(leader, 'kept');
    c.heal();
    c.tickAll(15);
    expect(c.appliedText('a')).to.deep.equal(['kept']);
    expect(c.node('a').log.lastIndex()).to.equal(c.node(leader).log.lastIndex());
  });

  /** Figure 8 of the Raft paper: s1 leads term 4 holding index 2 of term 2; s5 holds index 2 of term 3. */
  function figure8(unsafe: boolean): TestCluster {
    const entry = (index: number, term: number): LogEntry => ({ index, term, data: bytes(`t${term}`) });
    const logs: Record<string, LogEntry[]> = {
      s1: [entry(1, 1), entry(2, 2)],
      s2: [entry(1, 1)],
      s3: [entry(1, 1)],
      s4: [entry(1, 1)],
      s5: [entry(1, 1), entry(2, 3)],
    };
    const ids = Object.keys(logs);
    const c = new TestCluster([]);
    for (const [i, id] of ids.entries()) {
      const config = raftConfig({ id, voters: ids, seed: i + 1, preVote: false, checkQuorum: false });
      const faulty = { ...config, faults: { commitPriorTermByCount: unsafe } };
      const state = { hardState: { term: 3, vote: undefined, commit: 1 }, snapshot: undefined, entries: logs[id] };
      c.nodes.set(id, new Raft(faulty, state));
      c.storage.set(id, new MemoryStorage(state));
      c.applied.set(id, [entry(1, 1)]);
      c.nodes.get(id)!.log.applied = 1;
    }
    // s1 wins term 4, but only index 2 (term 2) reaches s2 and s3; index 3 (term 4) is lost.
    c.filter = (m) =>
      m.from !== 's1' || m.type === 'vote' || (m.type === 'append' && m.commit <= 1 && ['s2', 's3'].includes(m.to));
    c.transform = (m) => (m.type === 'append' ? { ...m, entries: m.entries.filter((e) => e.index <= 2) } : m);
    c.node('s1').startElection(false);
    c.drain();
    expect(c.leaders()).to.deep.equal(['s1']);
    expect(c.node('s2').log.term(2)).to.equal(2);
    expect(c.node('s3').log.term(2)).to.equal(2);
    return c;
  }

  it('figure 8: a leader does not commit an entry of an earlier term by counting replicas', () => {
    const c = figure8(false);
    expect(c.node('s1').log.committed).to.equal(1);
    // s1 crashes; s5 is elected with s2, s3 and s4, and overwrites index 2 safely.
    c.nodes.delete('s1');
    c.filter = () => true;
    c.transform = (m) => m;
    c.node('s5').startElection(false);
    c.drain();
    expect(c.leaders()).to.deep.equal(['s5']);
    c.tickAll(5);
    for (const id of ['s2', 's3', 's4', 's5']) expect(c.node(id).log.term(2)).to.equal(3);
    expect(c.node('s5').log.committed).to.equal(3);
  });

  it('figure 8: once an entry of its own term is on a majority, the leader commits both', () => {
    const c = figure8(false);
    c.filter = () => true;
    c.transform = (m) => m;
    c.tickAll(3);
    expect(c.node('s1').log.committed).to.equal(3);
    expect(c.node('s5').log.term(2)).to.equal(2);
  });

  it('figure 8 with the unsafe commit rule: a committed entry is lost', () => {
    const c = figure8(true);
    expect(c.node('s1').log.committed).to.equal(2);
    c.flush();
    const s1Applied = c.applied.get('s1')!.find((e) => e.index === 2)!;
    const monitor = new SafetyMonitor(10);
    monitor.observeCommit('s1', c.node('s1').log, 1, 2, 0);
    c.nodes.delete('s1');
    c.filter = () => true;
    c.transform = (m) => m;
    c.node('s5').startElection(false);
    c.drain();
    monitor.observeLeader('s5', c.node('s5').term, c.node('s5').log, 1);
    expect(monitor.violations.map((v) => v.property)).to.deep.equal(['leaderCompleteness']);
    c.tickAll(5);
    const s2Applied = c.applied.get('s2')!.find((e) => e.index === 2)!;
    expect(s1Applied.term).to.equal(2);
    expect(s2Applied.term).to.equal(3);
  });
});
