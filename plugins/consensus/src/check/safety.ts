/**
 * The Raft safety properties (Raft paper, figure 3), checked on a running simulation:
 * election safety, log matching, leader completeness and state-machine safety.
 */
import type { RaftLog } from '../raft/log.js';
import type { LogEntry } from '../raft/types.js';
import type { SafetyProperty, Violation } from './violation.js';

const decoder = new TextDecoder();

function identity(entry: LogEntry): string {
  const change = entry.change === undefined ? '' : `${entry.change.type}:${entry.change.node}`;
  return `${entry.term}|${change}|${decoder.decode(entry.data)}`;
}

/** Watches nodes of one simulation and records every broken safety property. */
export class SafetyMonitor {
  readonly violations: Violation[] = [];
  private readonly leaders = new Map<number, string>();
  /** index -> term of every entry any node has seen committed. */
  private readonly committed = new Map<number, number>();
  private maxCommitted = 0;
  /** index -> identity of the entry applied there. */
  private readonly applied = new Map<number, string>();

  constructor(readonly maxViolations: number) {}

  /** Records a violation, up to `maxViolations`. */
  report(property: SafetyProperty, timeMs: number, message: string): void {
    if (this.violations.length < this.maxViolations) this.violations.push({ property, timeMs, message });
  }

  /** A node is leader of `term`: at most one per term, and it holds every committed entry. */
  observeLeader(id: string, term: number, log: RaftLog, timeMs: number): void {
    const known = this.leaders.get(term);
    if (known !== undefined && known !== id) {
      this.report('electionSafety', timeMs, `term ${term} has two leaders: ${known} and ${id}`);
    }
    this.leaders.set(term, id);
    if (known === id) return;
    for (const [index, committedTerm] of this.committed) {
      if (index <= log.snapshot.index) continue;
      if (log.term(index) !== committedTerm) {
        const has = log.term(index) ?? 'nothing';
        this.report(
          'leaderCompleteness',
          timeMs,
          `leader ${id} of term ${term} has ${has} at committed ${index} (term ${committedTerm})`,
        );
        return;
      }
    }
  }

  /** A node's commit index moved from `from` to `to`: the entries between are committed. */
  observeCommit(id: string, log: RaftLog, from: number, to: number, timeMs: number): void {
    for (let index = Math.max(from + 1, log.firstIndex()); index <= to; index++) {
      const term = log.term(index)!;
      const known = this.committed.get(index);
      if (known !== undefined && known !== term) {
        this.report(
          'stateMachineSafety',
          timeMs,
          `${id} committed term ${term} at ${index}, another node term ${known}`,
        );
      }
      this.committed.set(index, term);
      this.maxCommitted = Math.max(this.maxCommitted, index);
    }
  }

  /** A node applied `entry`: every node applies the same entry at each index. */
  observeApply(id: string, entry: LogEntry, timeMs: number): void {
    const key = identity(entry);
    const known = this.applied.get(entry.index);
    if (known === undefined) this.applied.set(entry.index, key);
    else if (known !== key) {
      this.report('stateMachineSafety', timeMs, `${id} applied a different entry at ${entry.index}`);
    }
  }

  /** Log matching: equal (index, term) means equal entries and equal terms before. */
  checkLogMatching(logs: ReadonlyMap<string, RaftLog>, timeMs: number): void {
    const ids = [...logs.keys()].sort();
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) this.matchPair(ids[i], ids[j], logs, timeMs);
    }
  }

  private matchPair(a: string, b: string, logs: ReadonlyMap<string, RaftLog>, timeMs: number): void {
    const x = logs.get(a)!;
    const y = logs.get(b)!;
    const last = Math.min(x.lastIndex(), y.lastIndex());
    for (let index = Math.max(x.firstIndex(), y.firstIndex()); index <= last; index++) {
      const ex = x.entry(index)!;
      const ey = y.entry(index)!;
      if (ex.term !== ey.term) continue;
      const before = [x.term(index - 1), y.term(index - 1)];
      const prevDiffers = before[0] !== undefined && before[1] !== undefined && before[0] !== before[1];
      if (identity(ex) !== identity(ey) || prevDiffers) {
        this.report('logMatching', timeMs, `${a} and ${b} agree on term ${ex.term} at ${index} but not on the entries`);
        return;
      }
    }
  }
}
