import { expect } from 'chai';
import { isKnhkError } from '@knhk/core';
import type { Ready } from '../src/index.js';
import { TestCluster } from './cluster.js';

const coded = (code: Parameters<typeof isKnhkError>[1]) => (e: unknown) => isKnhkError(e, code);

describe('raft: snapshots, membership and ReadIndex', () => {
  it('compacts the log and installs a snapshot on a follower that fell behind it', () => {
    const c = new TestCluster(['a', 'b', 'c']);
    c.elect('a');
    c.isolate('c');
    for (let i = 0; i < 20; i++) c.propose('a', `v${i}`);
    const a = c.node('a');
    const applied = a.log.applied;
    a.compact(applied, new TextEncoder().encode('state@' + applied));
    c.drain();
    expect(a.log.firstIndex()).to.equal(applied + 1);
    expect(c.storage.get('a')!.state().snapshot?.index).to.equal(applied);
    const installed: Ready[] = [];
    const node = c.node('c');
    const ready = node.ready.bind(node);
    node.ready = () => {
      const rd = ready();
      if (rd.installSnapshot) installed.push(rd);
      return rd;
    };
    c.heal();
    c.propose('a', 'after');
    c.tickAll(5);
    expect(installed).to.have.length(1);
    expect(new TextDecoder().decode(installed[0].snapshot!.data)).to.equal('state@' + applied);
    expect(node.log.committed).to.equal(a.log.committed);
    expect(c.appliedText('c')).to.deep.equal(['after']);
  });

  it('restarts from persisted state, keeping term, vote and log', () => {
    const c = new TestCluster(['a', 'b', 'c']);
    c.elect('a');
    for (let i = 0; i < 3; i++) c.propose('a', `v${i}`);
    const before = c.node('b').status();
    c.start('b', 99);
    const after = c.node('b');
    expect(after.term).to.equal(before.term);
    expect(after.log.lastIndex()).to.equal(before.lastIndex);
    expect(after.role).to.equal('follower');
  });

  it('adds a voter, one change at a time, and removes one', () => {
    const c = new TestCluster(['a', 'b', 'c']);
    c.elect('a');
    c.propose('a', 'x');
    c.start('d', 4, ['a', 'b', 'c']);
    const a = c.node('a');
    a.proposeMembership({ type: 'add', node: 'd' });
    expect(() => a.proposeMembership({ type: 'remove', node: 'c' }))
      .to.throw()
      .that.satisfies(coded('KNHK_E_CONSENSUS_MEMBERSHIP'));
    c.drain();
    c.tickAll(5);
    expect(a.status().voters).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(c.node('d').status().voters).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(c.appliedText('d')).to.deep.equal(['x']);
    expect(() => a.proposeMembership({ type: 'add', node: 'd' }))
      .to.throw()
      .that.satisfies(coded('KNHK_E_CONSENSUS_MEMBERSHIP'));
    a.proposeMembership({ type: 'remove', node: 'a' });
    c.drain();
    expect(a.role).to.equal('follower');
    c.tickAll(40);
    const leaders = c.leaders();
    expect(leaders).to.have.length(1);
    expect(c.node(leaders[0]).status().voters).to.deep.equal(['b', 'c', 'd']);
  });

  it('ReadIndex answers after a quorum confirms leadership, and not without one', () => {
    const c = new TestCluster(['a', 'b', 'c']);
    c.elect('a');
    c.propose('a', 'x');
    c.node('a').readIndex(7);
    c.drain();
    expect(c.reads.get('a')).to.deep.equal([7]);
    c.isolate('a');
    c.node('a').readIndex(8);
    c.drain();
    expect(c.reads.get('a')).to.deep.equal([7]);
    expect(() => c.node('b').readIndex(9))
      .to.throw()
      .that.satisfies(coded('KNHK_E_CONSENSUS_NOT_LEADER'));
  });

  it('a new leader holds reads until it has committed an entry of its term', () => {
    const c = new TestCluster(['a', 'b', 'c']);
    c.filter = (m) => !(m.type === 'appendResponse');
    c.elect('a');
    c.node('a').readIndex(1);
    c.drain();
    expect(c.reads.get('a')).to.equal(undefined);
    c.filter = () => true;
    c.tickAll(2);
    expect(c.reads.get('a')).to.deep.equal([1]);
  });
});
