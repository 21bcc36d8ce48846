import { expect } from 'chai';
import { isKnhkError } from '@knhk/core';
import { raftConfig } from '../src/index.js';
import { TestCluster } from './cluster.js';

describe('raft: configuration and elections', () => {
  it('rejects invalid configuration with KNHK_E_CONSENSUS_CONFIG', () => {
    const bad = [
      { electionTicks: 0 },
      { heartbeatTicks: 10, electionTicks: 10 },
      { maxInflightMessages: 1.5 },
      { voters: ['a', 'a'] },
      { id: '' },
    ];
    for (const override of bad) {
      expect(() => raftConfig({ id: 'a', voters: ['a'], seed: 1, ...override }))
        .to.throw()
        .that.satisfies((e: unknown) => isKnhkError(e, 'KNHK_E_CONSENSUS_CONFIG'));
    }
  });

  it('elects exactly one leader, which all others follow', () => {
    const c = new TestCluster(['a', 'b', 'c']);
    c.tickAll(40);
    const leaders = c.leaders();
    expect(leaders).to.have.length(1);
    const { term } = c.node(leaders[0]).status();
    for (const node of c.nodes.values()) {
      expect(node.status().leader).to.equal(leaders[0]);
      expect(node.status().term).to.equal(term);
    }
  });

  it('a single node elects itself and commits alone', () => {
    const c = new TestCluster(['a']);
    c.tickAll(25);
    expect(c.leaders()).to.deep.equal(['a']);
    c.propose('a', 'x');
    expect(c.appliedText('a')).to.deep.equal(['x']);
  });

  it('pre-vote stops a partitioned node from raising its term and disrupting the leader', () => {
    const c = new TestCluster(['a', 'b', 'c']);
    c.elect('a');
    const term = c.node('a').term;
    c.isolate('c');
    c.tickAll(100);
    expect(c.node('c').term).to.equal(term);
    c.heal();
    c.tickAll(30);
    expect(c.leaders()).to.deep.equal(['a']);
    expect(c.node('a').term).to.equal(term);
  });

  it('without pre-vote the same partition raises the term and deposes the leader', () => {
    const c = new TestCluster(['a', 'b', 'c'], { preVote: false, checkQuorum: false });
    c.elect('a');
    const term = c.node('a').term;
    c.isolate('c');
    c.tickAll(100);
    expect(c.node('c').term).to.be.greaterThan(term + 2);
    c.heal();
    c.tickAll(30);
    expect(c.node('a').term).to.be.greaterThan(term);
  });

  it('check-quorum makes a leader cut off from the majority step down', () => {
    const c = new TestCluster(['a', 'b', 'c']);
    c.elect('a');
    c.isolate('a');
    c.tick('a', 25);
    expect(c.node('a').role).to.equal('follower');
    c.tickAll(40);
    const leaders = c.leaders();
    expect(leaders).to.have.length(1);
    expect(leaders[0]).to.not.equal('a');
  });

  it('a follower in a leader lease ignores vote requests; a transfer overrides it', () => {
    const c = new TestCluster(['a', 'b', 'c']);
    c.elect('a');
    const term = c.node('a').term;
    c.node('c').startElection(false);
    c.drain();
    expect(c.leaders()).to.deep.equal(['a']);
    c.node('a').transferLeadership('b');
    c.drain();
    expect(c.leaders()).to.deep.equal(['b']);
    expect(c.node('b').term).to.be.greaterThan(term);
  });

  it('leadership transfer catches the target up first, and the old leader refuses proposals meanwhile', () => {
    const c = new TestCluster(['a', 'b', 'c']);
    c.elect('a');
    c.isolate('b');
    for (let i = 0; i < 5; i++) c.propose('a', `v${i}`);
    c.heal();
    c.node('a').transferLeadership('b');
    expect(() => c.node('a').propose(new Uint8Array([1])))
      .to.throw()
      .that.satisfies((e: unknown) => isKnhkError(e, 'KNHK_E_CONSENSUS_NOT_LEADER'));
    c.drain();
    expect(c.leaders()).to.deep.equal(['b']);
    c.propose('b', 'after');
    c.tickAll(3);
    for (const id of ['a', 'b', 'c']) expect(c.appliedText(id)).to.deep.equal(['v0', 'v1', 'v2', 'v3', 'v4', 'after']);
  });
});
