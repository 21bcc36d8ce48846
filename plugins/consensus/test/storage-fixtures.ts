/**
 * Test fixtures of the storage tests: Readys, random valid Ready sequences (the same kinds a
 * Raft node produces: appends, overwrites of an uncommitted suffix, hard states, local
 * snapshots, snapshots installed from a leader, stale snapshots) and temporary directories.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '@knhk/core';
import { type LogEntry, MemoryStorage, type Ready, type Snapshot } from '../src/index.js';

/** A Ready with only the given persistence fields. */
export function ready(fields: Partial<Ready>): Ready {
  return {
    messages: [],
    entries: [],
    hardState: undefined,
    snapshot: undefined,
    installSnapshot: false,
    committedEntries: [],
    readStates: [],
    ...fields,
  };
}

export function entry(index: number, term: number, bytes = 4, change?: LogEntry['change']): LogEntry {
  const data = new Uint8Array(bytes).map((_, i) => (index * 31 + i) & 0xff);
  return change === undefined ? { index, term, data } : { index, term, data, change };
}

/** A fresh temporary directory; remove it with {@link removeDir}. */
export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `knhk-${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Generates valid Readys against a {@link MemoryStorage} model that it feeds as it goes. */
export class ReadyGenerator {
  readonly model = new MemoryStorage();
  private readonly random: SeededRandom;
  private term = 1;

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  /** The next Ready, already persisted into {@link model}. */
  next(): Ready {
    const rd = this.make();
    this.model.persist(rd);
    return rd;
  }

  private make(): Ready {
    const state = this.model.state();
    const base = state.snapshot?.index ?? 0;
    const last = base + state.entries.length;
    const commit = Math.max(state.hardState.commit, base);
    const roll = this.random.next();
    if (roll < 0.08) return this.install(base, last);
    if (roll < 0.16 && commit > base) return this.localSnapshot(base, commit, last);
    if (roll < 0.2 && state.snapshot !== undefined) return ready({ snapshot: state.snapshot });
    const overwrite = roll < 0.35 && last > commit;
    if (overwrite) this.term += 1;
    const from = overwrite ? commit + 1 + this.random.int(last - commit) : last + 1;
    const entries = this.entries(from, 1 + this.random.int(5));
    const newLast = from + entries.length - 1;
    const hardState =
      this.random.next() < 0.7
        ? {
            term: this.term,
            vote: this.random.next() < 0.5 ? undefined : `n${this.random.int(3)}`,
            commit: Math.min(newLast, commit + this.random.int(4)),
          }
        : undefined;
    return ready({ entries, hardState });
  }

  private entries(from: number, count: number): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = 0; i < count; i++) {
      const change = this.random.next() < 0.1 ? { type: 'add' as const, node: `n${this.random.int(9)}` } : undefined;
      out.push(entry(from + i, this.term, this.random.int(300), change));
    }
    return out;
  }

  private snapshot(index: number, term: number): Snapshot {
    const data = new Uint8Array(this.random.int(2000)).map((_, i) => (i * 7 + index) & 0xff);
    return { index, term, voters: ['n0', 'n1', 'n2'].slice(0, 1 + this.random.int(3)), data };
  }

  private localSnapshot(base: number, commit: number, last: number): Ready {
    const index = base + 1 + this.random.int(commit - base);
    const term = this.model.state().entries.find((e) => e.index === index)!.term;
    const entries = this.random.next() < 0.5 ? this.entries(last + 1, 1 + this.random.int(3)) : [];
    return ready({ snapshot: this.snapshot(index, term), entries });
  }

  private install(base: number, last: number): Ready {
    this.term += 1;
    const index = base + 1 + this.random.int(last - base + 10);
    return ready({
      snapshot: this.snapshot(index, this.term),
      installSnapshot: true,
      hardState: { term: this.term, vote: undefined, commit: index },
    });
  }
}
