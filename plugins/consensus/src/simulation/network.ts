/**
 * The simulated network: each message is dropped, delayed, or duplicated at random, which
 * also reorders them; partitions block delivery between groups of nodes.
 */
import type { SeededRandom } from '@knhk/core';

/** Fault rates and delays of the network. */
export interface NetworkOptions {
  readonly dropRate: number;
  readonly duplicateRate: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
}

/** Decides the fate of each message; partitions are groups, nodes in different groups cannot talk. */
export class SimNetwork {
  private groups = new Map<string, number>();
  dropped = 0;
  duplicated = 0;

  constructor(
    private readonly options: NetworkOptions,
    private readonly random: SeededRandom,
  ) {}

  /** Delivery delays for one message: none (dropped), one, or two (duplicated). */
  delaysMs(): number[] {
    if (this.random.next() < this.options.dropRate) {
      this.dropped++;
      return [];
    }
    const { minDelayMs, maxDelayMs } = this.options;
    const delay = () => minDelayMs + this.random.int(maxDelayMs - minDelayMs + 1);
    if (this.random.next() < this.options.duplicateRate) {
      this.duplicated++;
      return [delay(), delay()];
    }
    return [delay()];
  }

  /** Splits the nodes into groups (group number per node); unnamed nodes are in group 0. */
  partition(groups: ReadonlyMap<string, number>): void {
    this.groups = new Map(groups);
  }

  heal(): void {
    this.groups.clear();
  }

  connected(from: string, to: string): boolean {
    return (this.groups.get(from) ?? 0) === (this.groups.get(to) ?? 0);
  }
}
