/**
 * The benchmark peers: every known peer is loaded or missing with a reason; OpenBLAS and
 * Hyperscan (libopenblas0 and libhyperscan5: without them their suites are not run, with CI
 * set they are required; `npm install` builds the peers addon) give the same answers as
 * knhk's cpu backend on the calls the workloads make, and refuse what they are not wired for
 * with coded errors.
 */
import { expect } from 'chai';
import { CpuHostMemory, CpuPatternMatcher } from '@knhk/backend-cpu';
import { type SgemmParams, isKnhkError } from '@knhk/core';
import { SYSTEM_PACKAGES, isSystemPackageInstalled } from '@knhk/plugin-sdk';
import { describeWithSystemPackages } from '@knhk/plugin-sdk/mocha';
import { type MissingPeer, type Peer, loadPeers } from '../src/index.js';
import { patternCorpus } from '../src/native-peers/pattern-corpus.js';
import { loadHyperscan } from '../src/peers/hyperscan.js';
import { loadOpenblas } from '../src/peers/openblas.js';

function required(peer: Peer | MissingPeer): Peer {
  if (!('impl' in peer)) throw new Error(`${peer.name} must be available for this test: ${peer.reason}`);
  return peer;
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isKnhkError(error) ? error.code : `not a KnhkError: ${String(error)}`;
  }
  return undefined;
}

describe('@knhk/benchmarks peers', () => {
  it('lists simsimd, openblas and hyperscan, each loaded with its operations or missing with a reason', async () => {
    const { peers, missing } = await loadPeers();
    const names = [...peers.map((p) => p.name), ...missing.map((p) => p.name)].sort();
    expect(names).to.deep.equal(['hyperscan', 'openblas', 'simsimd']);
    for (const p of missing) expect(p.reason).to.be.a('string').and.not.equal('');
    for (const p of peers) expect(p.operations.length).to.be.greaterThan(0);
    // OpenBLAS and Hyperscan load exactly when their system packages are installed.
    const reason = (name: string) => missing.find((p) => p.name === name)?.reason;
    const openblas = peers.find((p) => p.name === 'openblas');
    expect(openblas !== undefined, reason('openblas')).to.equal(isSystemPackageInstalled(SYSTEM_PACKAGES.openblas));
    if (openblas !== undefined) expect(openblas.operations).to.deep.equal(['matmul.sgemm']);
    const hyperscan = peers.find((p) => p.name === 'hyperscan');
    expect(hyperscan !== undefined, reason('hyperscan')).to.equal(isSystemPackageInstalled(SYSTEM_PACKAGES.hyperscan));
    if (hyperscan !== undefined) expect(hyperscan.operations).to.deep.equal(['pattern.compile']);
  });

  it('hyperscan is missing, with how to build the peers addon, when the addon is not built', () => {
    const missing = loadHyperscan('/nonexistent/knhk-peers-build');
    expect(missing).to.not.have.property('impl');
    expect((missing as MissingPeer).reason).to.match(
      /peers addon is not built.*node native\/scripts\/build\.mjs benchmarks\/native/s,
    );
  });

  describeWithSystemPackages('@knhk/benchmarks peers: OpenBLAS', [SYSTEM_PACKAGES.openblas], () => {
    it('openblas: C = A * B as the matmul workload calls it, and a coded refusal of other shapes', () => {
      const sgemm = (required(loadOpenblas()).impl as { sgemm(p: SgemmParams): Float32Array }).sgemm;
      const [m, n, k] = [5, 7, 3];
      const a = Float32Array.from({ length: m * k }, (_, i) => (i % 5) - 2);
      const b = Float32Array.from({ length: k * n }, (_, i) => (i % 3) - 1);
      const c = new Float32Array(m * n).fill(99);
      sgemm({ m, n, k, a, b, c });
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
          expect(c[i * n + j], `c[${i}][${j}]`).to.equal(sum);
        }
      }
      expect(codeOf(() => sgemm({ m, n, k, a, b, c, transA: true }))).to.equal('KNHK_E_ARG_INVALID');
      expect(codeOf(() => sgemm({ m, n, k, a, b, c, beta: 1 }))).to.equal('KNHK_E_ARG_INVALID');
      expect(codeOf(() => sgemm({ m, n, k, a: [1, 2] as unknown as Float32Array, b, c }))).to.equal('KNHK_E_ARG_TYPE');
    });
  });

  describeWithSystemPackages('@knhk/benchmarks peers: Hyperscan', [SYSTEM_PACKAGES.hyperscan], () => {
    it("hyperscan: the cpu backend's match count on the pattern corpus, and coded errors for foreign sets", () => {
      const matcher = required(loadHyperscan()).impl as {
        compile(p: readonly (Uint8Array | string)[]): object;
        scan(set: object, data: Uint8Array): { count: number };
        release(set: object): void;
      };
      const { data, patterns } = patternCorpus(300_000, 200, 11);
      const cpu = new CpuPatternMatcher(new CpuHostMemory());
      const expected = cpu.scan(cpu.compile(patterns), data).count;
      expect(expected).to.be.greaterThan(0);
      const set = matcher.compile(patterns);
      expect(matcher.scan(set, data).count).to.equal(expected);
      expect(matcher.scan(matcher.compile(['aa', 'a']), new TextEncoder().encode('aaa')).count).to.equal(5);
      matcher.release(set);
      expect(codeOf(() => matcher.scan(set, data))).to.equal('KNHK_E_BUFFER_RELEASED');
      expect(codeOf(() => matcher.scan(cpu.compile(patterns), data))).to.equal('KNHK_E_BUFFER_FOREIGN');
    });
  });
});
