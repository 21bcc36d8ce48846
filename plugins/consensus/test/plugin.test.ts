import { expect } from 'chai';
import { isKnhkError } from '@knhk/core';
import plugin, { LocalRaftConsensus } from '../src/index.js';

describe('consensus plugin', () => {
  it('is a module plugin named consensus providing the consensus capability', () => {
    expect(plugin.manifest).to.include({ name: 'consensus', kind: 'module', version: '0.1.0' });
    expect(plugin.manifest.capabilities).to.deep.equal(['consensus']);
  });

  it('the local Raft group commits proposals and streams them in index order', async () => {
    const consensus = new LocalRaftConsensus({ nodes: 3, seed: 5 });
    expect(consensus.faultModel).to.equal('crash');
    expect(consensus.members()).to.deep.equal(['n1', 'n2', 'n3']);
    const seen: string[] = [];
    const stop = consensus.onCommit((e) => seen.push(`${e.index}:${new TextDecoder().decode(e.data)}`));
    const a = await consensus.propose(new TextEncoder().encode('a'));
    const b = await consensus.propose(new TextEncoder().encode('b'));
    stop();
    await consensus.propose(new TextEncoder().encode('c'));
    expect(b.index).to.equal(a.index + 1);
    expect(seen).to.deep.equal([`${a.index}:a`, `${b.index}:b`]);
    const status = consensus.status();
    expect(status).to.include({ role: 'leader', commitIndex: b.index + 1 });
    expect(status.leader).to.equal(status.id);
  });

  it('rejects a group size out of range', () => {
    expect(() => new LocalRaftConsensus({ nodes: 0 }))
      .to.throw()
      .that.satisfies((e: unknown) => isKnhkError(e, 'KNHK_E_CONSENSUS_CONFIG'));
  });
});
