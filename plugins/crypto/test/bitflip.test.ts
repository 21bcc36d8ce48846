import { expect } from 'chai';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { NobleSignatures } from '../src/index.js';
import type { FlipJob, FlipResult } from './bitflip-worker.js';

const TOTAL_FLIPS = 10_000;

/** The flips spread evenly across every signature algorithm, the remainder to the first ones. */
function plan(algorithms: readonly string[]): FlipJob[] {
  const each = Math.floor(TOTAL_FLIPS / algorithms.length);
  const extra = TOTAL_FLIPS - each * algorithms.length;
  return algorithms.map((algorithm, i) => ({ algorithm, flips: each + (i < extra ? 1 : 0), seed: 0x5eed + i }));
}

function runWorker(jobs: FlipJob[]): Promise<FlipResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./bitflip-worker.js', import.meta.url), { workerData: jobs });
    worker.once('message', (results: FlipResult[]) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`bit-flip worker exited with ${code}`));
    });
  });
}

describe('10,000 random single-bit flips of valid signatures', function () {
  this.timeout(300_000);

  it('none verifies, across every signature algorithm', async () => {
    const jobs = plan(new NobleSignatures().algorithms);
    const workers = Math.max(1, Math.min(availableParallelism(), 4));
    const shares: FlipJob[][] = Array.from({ length: workers }, () => []);
    jobs.forEach((job, i) => shares[i % workers].push(job));
    const results = (await Promise.all(shares.filter((s) => s.length > 0).map(runWorker))).flat();
    expect(results.map((r) => r.algorithm).sort()).to.deep.equal(jobs.map((j) => j.algorithm).sort());
    expect(results.reduce((n, r) => n + r.flips, 0)).to.equal(TOTAL_FLIPS);
    for (const r of results) {
      expect(r.originalsVerified, `${r.algorithm}: the unflipped signatures verify`).to.equal(true);
      expect(r.verified, `${r.algorithm}: flipped signatures that verified`).to.equal(0);
      expect(r.distinctBits, `${r.algorithm}: distinct (signature, bit) positions`).to.equal(r.flips);
    }
  });
});
