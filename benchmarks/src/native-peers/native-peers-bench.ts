/**
 * Native peers, side by side in one run:
 * - memory bandwidth: a STREAM-style triad (a = b + s*c, f32) on 1 thread and on every core,
 *   and the framework's vector operations on 16M elements as a fraction of the all-core triad;
 * - pattern matching: the framework's `pattern` capability with 1,000 literal patterns over 64
 *   MB of generated text against Hyperscan (hs_compile_multi, every match reported) on the same
 *   data, in GB/s, with both match counts (they must agree).
 * Every figure is the best of `repeats` runs. Bytes moved count reads and writes of the
 * arrays (STREAM's convention: the triad and add move 12 bytes per element, fma 16).
 */
import os from 'node:os';
import { createFramework } from '@knhk/core';
import { type TriadFigures, type VectorRow, triadFigures, vectorRows } from '../measure/memory-bandwidth.js';
import { type KnhkPatternRow, type PatternRow, hyperscanPattern, knhkPattern } from '../measure/pattern-throughput.js';
import { loadPeersAddon } from '../peers/peers-addon.js';
import { patternCorpus } from './pattern-corpus.js';

export type { PatternRow } from '../measure/pattern-throughput.js';
export type { VectorRow } from '../measure/memory-bandwidth.js';

/** What to run. */
export interface NativePeersOptions {
  /** Elements of each vector (default 16M). */
  readonly elements?: number;
  /** Bytes of pattern data (default 64 MB). */
  readonly patternBytes?: number;
  /** Literal patterns (default 1000). */
  readonly patternCount?: number;
  /** Runs per figure; the best is kept (default 10). */
  readonly repeats?: number;
}

/** The whole report. */
export interface NativePeersReport {
  readonly machine: { readonly cpu: string; readonly cores: number };
  readonly elements: number;
  readonly triad: TriadFigures;
  readonly vector: readonly VectorRow[];
  readonly pattern: {
    readonly bytes: number;
    readonly patterns: number;
    readonly knhk: KnhkPatternRow;
    readonly hyperscan: PatternRow | { readonly missing: string };
    /** knhk's throughput over Hyperscan's (undefined without Hyperscan). */
    readonly ratio?: number;
  };
}

/** Runs both comparisons; throws when the peers addon is not built. */
export async function runNativePeers(options: NativePeersOptions = {}): Promise<NativePeersReport> {
  const load = loadPeersAddon();
  if (!load.ok) throw new Error(load.reason);
  const n = options.elements ?? 16 * 1024 * 1024;
  const repeats = options.repeats ?? 10;
  const knhk = await createFramework({ wisdomPath: false });
  try {
    const triad = triadFigures(load.addon, n, repeats);
    const vector = vectorRows(knhk, n, repeats, triad.allCoresGbPerS);
    const corpus = patternCorpus(options.patternBytes ?? 64 * 1024 * 1024, options.patternCount ?? 1000);
    const ours = knhkPattern(knhk, corpus.data, corpus.patterns, Math.max(3, repeats >> 1));
    const hyperscan = hyperscanPattern(load.addon, corpus.data, corpus.patterns, Math.max(3, repeats >> 1));
    return {
      machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.availableParallelism() },
      elements: n,
      triad,
      vector,
      pattern: {
        bytes: corpus.data.length,
        patterns: corpus.patterns.length,
        knhk: ours,
        hyperscan,
        ratio: 'gbPerS' in hyperscan ? ours.gbPerS / hyperscan.gbPerS : undefined,
      },
    };
  } finally {
    await knhk.dispose();
  }
}

const f2 = (x: number): string => x.toFixed(2);

/** The report as Markdown-ish text. */
export function formatNativePeers(r: NativePeersReport): string {
  const lines = [
    `native peers on ${r.machine.cpu} (${r.machine.cores} cores)`,
    '',
    `memory bandwidth, ${r.elements} f32 elements per array (best of runs):`,
    `  triad, 1 thread:          ${f2(r.triad.oneThreadGbPerS)} GB/s`,
    `  triad, ${r.triad.threads} threads:         ${f2(r.triad.allCoresGbPerS)} GB/s`,
    ...r.vector.map(
      (v) =>
        `  vector.${v.op.padEnd(4)} (${v.provider}): ${f2(v.gbPerS)} GB/s = ${f2(v.fractionOfTriad)} of the ${r.triad.threads}-thread triad (goal >= 0.80)`,
    ),
    '',
    `pattern matching, ${r.pattern.patterns} literal patterns over ${r.pattern.bytes} bytes:`,
    `  knhk (${r.pattern.knhk.provider}, ${r.pattern.knhk.strategy}): ${f2(r.pattern.knhk.gbPerS)} GB/s, ${r.pattern.knhk.matches} matches`,
  ];
  const h = r.pattern.hyperscan;
  if ('missing' in h) {
    lines.push(`  hyperscan: missing (${h.missing})`);
  } else {
    lines.push(`  hyperscan:            ${f2(h.gbPerS)} GB/s, ${h.matches} matches`);
    lines.push(`  knhk / hyperscan = ${f2(r.pattern.ratio ?? 0)} (goal >= 0.50)`);
    if (h.matches !== r.pattern.knhk.matches) lines.push('  MATCH COUNTS DIFFER: one of the two is wrong');
  }
  return lines.join('\n');
}
