/**
 * Pattern-matching throughput on the same data and patterns: the framework's `pattern`
 * capability (which builds the full match list) and Hyperscan through the benchmarks' peers
 * addon (block mode, every match reported to a counting callback). GB/s, the best of
 * `repeats` scans, with the match counts (they must agree).
 */
import type { Framework } from '@knhk/core';
import type { PeersAddon } from '../peers/peers-addon.js';
import { bestSeconds } from './timing.js';

/** One pattern matcher's figures. */
export interface PatternRow {
  readonly name: string;
  readonly gbPerS: number;
  readonly matches: number;
}

/** The framework's figures, with the provider and strategy that scanned. */
export type KnhkPatternRow = PatternRow & { readonly provider: string; readonly strategy: string };

/** Compiles `patterns` through the framework and scans `data` with them. */
export function knhkPattern(
  knhk: Framework,
  data: Uint8Array,
  patterns: Uint8Array[],
  repeats: number,
): KnhkPatternRow {
  const set = knhk.pattern.compile(patterns);
  try {
    let matches = 0;
    const seconds = bestSeconds(repeats, () => {
      matches = knhk.pattern.scan(set, data).count;
    });
    const strategy = (set as { strategy?: string }).strategy ?? 'aho-corasick (TypeScript)';
    return { name: 'knhk', provider: set.provider, strategy, gbPerS: data.length / seconds / 1e9, matches };
  } finally {
    knhk.pattern.release(set);
  }
}

/** The same through Hyperscan, or why Hyperscan is missing. */
export function hyperscanPattern(
  addon: PeersAddon,
  data: Uint8Array,
  patterns: Uint8Array[],
  repeats: number,
): PatternRow | { missing: string } {
  const status = addon.hyperscanStatus();
  if (!status.available) return { missing: status.reason };
  const database = addon.hyperscanCompile(patterns);
  try {
    let matches = 0;
    const seconds = bestSeconds(repeats, () => {
      matches = addon.hyperscanCount(database, data);
    });
    return { name: 'hyperscan', gbPerS: data.length / seconds / 1e9, matches };
  } finally {
    addon.hyperscanRelease(database);
  }
}

/**
 * Both matchers on the same data in interleaved rounds: each of `repeats` rounds scans once
 * with each, and each keeps its best, so a burst of load from elsewhere hits both alike.
 * Hyperscan is `{ missing }` when libhs cannot be opened (then only knhk is measured).
 */
export function interleavedPatternRows(
  knhk: Framework,
  addon: PeersAddon,
  data: Uint8Array,
  patterns: Uint8Array[],
  repeats: number,
): { readonly knhk: KnhkPatternRow; readonly hyperscan: PatternRow | { readonly missing: string } } {
  const status = addon.hyperscanStatus();
  const set = knhk.pattern.compile(patterns);
  const database = status.available ? addon.hyperscanCompile(patterns) : undefined;
  try {
    const best = { knhk: Infinity, hyperscan: Infinity };
    const matches = { knhk: 0, hyperscan: 0 };
    for (let round = 0; round < repeats; round++) {
      best.knhk = Math.min(
        best.knhk,
        bestSeconds(1, () => (matches.knhk = knhk.pattern.scan(set, data).count)),
      );
      if (database === undefined) continue;
      const seconds = bestSeconds(1, () => (matches.hyperscan = addon.hyperscanCount(database, data)));
      best.hyperscan = Math.min(best.hyperscan, seconds);
    }
    const strategy = (set as { strategy?: string }).strategy ?? 'aho-corasick (TypeScript)';
    const gbPerS = (seconds: number): number => data.length / seconds / 1e9;
    return {
      knhk: { name: 'knhk', provider: set.provider, strategy, gbPerS: gbPerS(best.knhk), matches: matches.knhk },
      hyperscan:
        database === undefined
          ? { missing: status.reason }
          : { name: 'hyperscan', gbPerS: gbPerS(best.hyperscan), matches: matches.hyperscan },
    };
  } finally {
    knhk.pattern.release(set);
    if (database !== undefined) addon.hyperscanRelease(database);
  }
}
