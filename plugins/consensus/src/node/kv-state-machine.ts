/**
 * The replicated key-value state machine of a {@link RaftNode}: a map of strings, changed only
 * by applying committed commands in log order, saved in snapshots as sorted JSON pairs.
 */
import type { KvCommand } from './kv-command.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The key-value map with the index of the last entry applied to it. */
export class KvStateMachine {
  private map = new Map<string, string>();
  /** The index of the last log entry applied (or of the snapshot restored). */
  appliedIndex = 0;

  get(key: string): string | null {
    return this.map.get(key) ?? null;
  }

  get size(): number {
    return this.map.size;
  }

  /** Every pair, sorted by key. */
  entries(): [string, string][] {
    return [...this.map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Applies the command of entry `index`; returns whether a delete removed a key. */
  apply(index: number, command: KvCommand | undefined): boolean {
    this.appliedIndex = index;
    if (command === undefined || command.kind === 'app') return false;
    if (command.kind === 'put') {
      this.map.set(command.key, command.value);
      return true;
    }
    return this.map.delete(command.key);
  }

  /** The state as snapshot bytes. */
  snapshot(): Uint8Array {
    return encoder.encode(JSON.stringify(this.entries()));
  }

  /** Replaces the state by a snapshot's, taken at `index`. */
  restore(index: number, data: Uint8Array): void {
    const pairs = data.length === 0 ? [] : (JSON.parse(decoder.decode(data)) as [string, string][]);
    this.map = new Map(pairs);
    this.appliedIndex = index;
  }
}
