import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMarketplace } from '../src/index.js';

const CHILD = fileURLToPath(new URL('./fixtures/ingest-child.js', import.meta.url));
const TOTAL = 100_000;
const BATCH = 1000;

/** Runs the client; kills it with SIGKILL after `killAfterAcks` acknowledgements (never, when undefined). */
function runClient(
  file: string,
  from: number,
  killAfterAcks?: number,
): Promise<{ acked: [number, number][]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, file, `${from}`, `${TOTAL}`, `${BATCH}`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked: [number, number][] = [];
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [, first, end] = line.split(' ');
        acked.push([Number(first), Number(end)]);
        if (killAfterAcks !== undefined && acked.length === killAfterAcks) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ acked, killed: signal === 'SIGKILL' }));
  });
}

describe('marketplace metering: kill -9', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'knhk-market-kill9-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('every acknowledged event survives SIGKILL and, after client retries, counts exactly once', async function () {
    this.timeout(120_000);
    const file = path.join(dir, 'market.db');
    const setup = await openMarketplace(file);
    await setup.billing.createAccount({ customerId: 'acme', planId: 'starter' });
    await setup.close();

    const first = await runClient(file, 0, 23);
    expect(first.killed, 'the client was killed mid-way').to.equal(true);
    const ackedEnd = first.acked[first.acked.length - 1][1];
    expect(ackedEnd)
      .to.be.at.least(23 * BATCH)
      .and.below(TOTAL);

    // After the crash, before any retry: every acknowledged event is there, exactly once.
    const check = await openMarketplace(file);
    const stored = await check.store.eventCount('acme');
    expect(stored).to.be.at.least(ackedEnd); // an unacknowledged in-flight batch may have committed too
    expect(stored % BATCH, 'a batch is all or nothing').to.equal(0);
    await check.close();

    // The client retries from its last acknowledged batch (re-sending it: duplicates must not count).
    const retry = await runClient(file, ackedEnd - BATCH);
    expect(retry.killed).to.equal(false);
    expect(retry.acked[retry.acked.length - 1][1]).to.equal(TOTAL);

    const final = await openMarketplace(file);
    expect(await final.store.eventCount('acme')).to.equal(TOTAL);
    const sum = await final.metering.aggregate({
      customerId: 'acme',
      meter: 'api_calls',
      fromMs: 0,
      toMs: Date.parse('2027-01-01T00:00:00Z'),
      kind: 'sum',
    });
    expect(sum).to.equal(BigInt(TOTAL) * 1_000_000n);
    await final.close();
  });
});
