import { expect } from 'chai';
import { runSeeds, runSimulation } from '../src/index.js';

describe('deterministic simulation', function () {
  this.timeout(60_000);

  it('replays a seed exactly: same seed, same history and trace', () => {
    const a = runSimulation({ seed: 42 });
    const b = runSimulation({ seed: 42 });
    expect(b.traceHash).to.equal(a.traceHash);
    expect(b.stats).to.deep.equal(a.stats);
    expect(JSON.stringify(b.history)).to.equal(JSON.stringify(a.history));
    expect(a.history.length).to.be.greaterThan(20);
    expect(runSimulation({ seed: 43 }).traceHash).to.not.equal(a.traceHash);
  });

  it('injects every fault it promises, over 20 seeds, and still commits', () => {
    const total = { crashes: 0, partitions: 0, transfers: 0, reconfigurations: 0, dropped: 0, duplicated: 0 };
    for (let seed = 1; seed <= 20; seed++) {
      const { stats } = runSimulation({ seed });
      expect(stats.committed, `seed ${seed}`).to.be.greaterThan(10);
      for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += stats[key];
    }
    for (const [key, count] of Object.entries(total)) expect(count, key).to.be.greaterThan(3);
  });

  it('1,000 seeds with faults: no safety or linearizability violation', () => {
    const sweep = runSeeds(1, 1000);
    expect(sweep.failures).to.deep.equal([]);
    expect(sweep.unknown).to.deep.equal([]);
    expect(sweep.operations).to.be.greaterThan(10_000);
  });

  it('100 seeds of a harsher network (one entry per message, 20% loss): no violation', () => {
    const sweep = runSeeds(1000, 100, {
      maxEntriesPerMessage: 1,
      network: { dropRate: 0.2, duplicateRate: 0.05, minDelayMs: 1, maxDelayMs: 40 },
      faultIntervalMs: 100,
      crashOnCommitRate: 0.1,
    });
    expect(sweep.failures).to.deep.equal([]);
  });

  it('300 seeds with lagging storage writes (a leader sends before its own write is durable): no violation', () => {
    const lagging = runSeeds(2000, 200, { persistLagMs: 20 });
    expect(lagging.failures).to.deep.equal([]);
    expect(lagging.unknown).to.deep.equal([]);
    expect(lagging.operations).to.be.greaterThan(2_000);
    const harsh = runSeeds(3000, 100, { nodes: 3, persistLagMs: 60, crashOnCommitRate: 0.5, faultIntervalMs: 100 });
    expect(harsh.failures).to.deep.equal([]);
  });

  it('catches a leader that counts its own entries before they are durable, once its writes lag', () => {
    const options = { nodes: 3, persistLagMs: 60, crashOnCommitRate: 0.5, faultIntervalMs: 100 };
    const broken = runSeeds(1, 100, { ...options, raftFaults: { leaderCountsUndurable: true }, maxFailures: 1 });
    expect(broken.failures).to.have.length(1);
    expect(broken.failures[0].violations[0].property).to.be.oneOf(['leaderCompleteness', 'stateMachineSafety']);
    // Without lag (every write durable before anything leaves) the same shortcut is harmless.
    const synchronous = runSeeds(1, broken.seeds, {
      ...options,
      persistLagMs: 0,
      raftFaults: { leaderCountsUndurable: true },
    });
    expect(synchronous.failures).to.deep.equal([]);
  });

  it('catches a broken ReadIndex (reads answered without a quorum) as a linearizability violation', () => {
    const broken = runSeeds(1, 100, { checkQuorum: false, raftFaults: { readWithoutQuorum: true }, maxFailures: 1 });
    expect(broken.failures).to.have.length(1);
    expect(broken.failures[0].violations.map((v) => v.property)).to.deep.equal(['linearizability']);
    const correct = runSeeds(1, broken.seeds, { checkQuorum: false });
    expect(correct.failures).to.deep.equal([]);
  });

  it('catches a deliberately broken Raft (votes without the log check) within 50 seeds', () => {
    const sweep = runSeeds(1, 50, { raftFaults: { voteIgnoringLog: true }, maxFailures: 1 });
    expect(sweep.failures).to.have.length(1);
    const [failure] = sweep.failures;
    expect(failure.violations[0].property).to.be.oneOf(['leaderCompleteness', 'stateMachineSafety', 'invariant']);
    // The failing seed replays to the same violation.
    const replay = runSimulation({ seed: failure.seed, raftFaults: { voteIgnoringLog: true } });
    expect(replay.violations).to.deep.equal(failure.violations);
  });
});
