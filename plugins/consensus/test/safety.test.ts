import { expect } from 'chai';
import { RaftLog, SafetyMonitor, type LogEntry } from '../src/index.js';

const entry = (index: number, term: number, text = `t${term}`): LogEntry => ({
  index,
  term,
  data: new TextEncoder().encode(text),
});
const log = (entries: LogEntry[], committed = 0) =>
  new RaftLog({ index: 0, term: 0, voters: [], data: new Uint8Array(0) }, entries, committed);

describe('safety monitor', () => {
  it('reports two leaders in one term', () => {
    const m = new SafetyMonitor(10);
    m.observeLeader('a', 2, log([]), 1);
    m.observeLeader('a', 2, log([]), 2);
    expect(m.violations).to.deep.equal([]);
    m.observeLeader('b', 2, log([]), 3);
    expect(m.violations.map((v) => v.property)).to.deep.equal(['electionSafety']);
  });

  it('reports a leader missing a committed entry', () => {
    const m = new SafetyMonitor(10);
    const a = log([entry(1, 1), entry(2, 1)], 2);
    m.observeCommit('a', a, 0, 2, 1);
    m.observeLeader('b', 3, log([entry(1, 1), entry(2, 2)]), 2);
    expect(m.violations.map((v) => v.property)).to.deep.equal(['leaderCompleteness']);
  });

  it('reports different entries applied at one index', () => {
    const m = new SafetyMonitor(10);
    m.observeApply('a', entry(1, 1, 'x'), 1);
    m.observeApply('b', entry(1, 1, 'x'), 2);
    m.observeApply('c', entry(1, 1, 'y'), 3);
    expect(m.violations.map((v) => v.property)).to.deep.equal(['stateMachineSafety']);
  });

  it('reports logs that agree on a term at an index but not on the entry', () => {
    const m = new SafetyMonitor(10);
    const logs = new Map([
      ['a', log([entry(1, 1), entry(2, 2, 'p')])],
      ['b', log([entry(1, 1), entry(2, 2, 'q')])],
    ]);
    m.checkLogMatching(logs, 5);
    expect(m.violations.map((v) => v.property)).to.deep.equal(['logMatching']);
  });
});
