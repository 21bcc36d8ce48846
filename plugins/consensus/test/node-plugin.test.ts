import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFramework, type Consensus } from '@knhk/core';
import plugin, { RaftNode } from '../src/index.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('consensus plugin with a running node', function () {
  this.timeout(30_000);

  it('offers the RaftNode named by pluginOptions as the consensus capability, and stops it on dispose', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'knhk-plugin-node-'));
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error() {} };
    const args = [
      '--id',
      'n1',
      '--peers',
      'n1=127.0.0.1:0',
      '--client-port',
      '0',
      '--data-dir',
      dir,
      '--tick-ms',
      '10',
    ];
    const knhk = await createFramework({
      plugins: [plugin],
      discover: false,
      wisdomPath: false,
      logger,
      pluginOptions: { consensus: { node: args } },
    });
    try {
      const consensus = knhk.get('consensus') as Consensus;
      expect(consensus).to.be.instanceOf(RaftNode);
      expect(warnings.join('\n')).to.contain('DEVELOPMENT cluster key');
      for (let i = 0; i < 200 && consensus.status().role !== 'leader'; i++) await sleep(10);
      const seen: number[] = [];
      consensus.onCommit((entry) => seen.push(entry.data[0]));
      const { index } = await consensus.propose(Uint8Array.of(42));
      expect(index).to.be.above(0);
      expect(seen).to.deep.equal([42]);
      expect(consensus.members()).to.deep.equal(['n1']);
    } finally {
      await knhk.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
