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
import { type Framework, createFramework } from '@knhk/core';
import { type PeersAddon, loadPeersAddon } from './peers-addon.js';
import { patternCorpus } from './pattern-corpus.js';

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

/** One vector operation through the framework. */
export interface VectorRow {
  readonly op: string;
  readonly provider: string;
  readonly gbPerS: number;
  /** Its bandwidth over the all-core triad's. */
  readonly fractionOfTriad: number;
}

/** One pattern matcher's figures. */
export interface PatternRow {
  readonly name: string;
  readonly gbPerS: number;
  readonly matches: number;
}

/** The whole report. */
export interface NativePeersReport {
  readonly machine: { readonly cpu: string; readonly cores: number };
  readonly elements: number;
  readonly triad: { readonly oneThreadGbPerS: number; readonly allCoresGbPerS: number; readonly threads: number };
  readonly vector: readonly VectorRow[];
  readonly pattern: {
    readonly bytes: number;
    readonly patterns: number;
    readonly knhk: PatternRow & { readonly provider: string; readonly strategy: string };
    readonly hyperscan: PatternRow | { readonly missing: string };
    /** knhk's throughput over Hyperscan's (undefined without Hyperscan). */
    readonly ratio?: number;
  };
}

function bestSeconds(repeats: number, run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return best;
}

function filled(n: number, value: number): Float32Array {
  return new Float32Array(n).fill(value);
}

function triadFigures(addon: PeersAddon, n: number, repeats: number): NativePeersReport['triad'] {
  const [a, b, c] = [filled(n, 0), filled(n, 1), filled(n, 2)];
  const threads = os.availableParallelism();
  const best = (t: number): number => {
    let seconds = Infinity;
    for (let i = 0; i < repeats; i++) seconds = Math.min(seconds, addon.triad(a, b, c, 3, t));
    return (12 * n) / seconds / 1e9;
  };
  return { oneThreadGbPerS: best(1), allCoresGbPerS: best(threads), threads };
}

function vectorRows(knhk: Framework, n: number, repeats: number, triadGbPerS: number): VectorRow[] {
  const [a, b, c, out] = [filled(n, 1.5), filled(n, 2.5), filled(n, 0.5), new Float32Array(n)];
  const ops: { op: string; bytes: number; run: () => void }[] = [
    { op: 'add', bytes: 12 * n, run: () => knhk.vector.add(a, b, out) },
    { op: 'mul', bytes: 12 * n, run: () => knhk.vector.mul(a, b, out) },
    { op: 'fma', bytes: 16 * n, run: () => knhk.vector.fma(a, b, c, out) },
  ];
  return ops.map(({ op, bytes, run }) => {
    const gbPerS = bytes / bestSeconds(repeats, run) / 1e9;
    return { op, provider: knhk.explain('vector', op, n).chosen ?? '?', gbPerS, fractionOfTriad: gbPerS / triadGbPerS };
  });
}

function knhkPattern(knhk: Framework, data: Uint8Array, patterns: Uint8Array[], repeats: number) {
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

function hyperscanPattern(
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
