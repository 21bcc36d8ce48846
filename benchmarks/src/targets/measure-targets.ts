/**
 * Measuring the native backends' performance targets (issue 4) inside `knhk bench`, each
 * pair side by side in one run:
 * - sgemm 512^3 f32 on one thread against the single-core FMA peak (>= 0.6) and against
 *   OpenBLAS on one thread (>= 5x), and on two threads against one (>= 1.8x): the SIMD
 *   benchmark's interleaved rounds (simd/simd-bench.ts) on the best native ISA;
 * - vector.dot of 1024 f32 through the framework against simsimd, time per call (<= 0.6x):
 *   alternating rounds, on Float32Arrays and on the chosen provider's device buffers;
 * - vector.add, vector.mul and vector.fma on 16M f32 through the framework against the
 *   memory bandwidth a STREAM triad measures on every core (>= 0.8), interleaved;
 * - 1,000 literal patterns through the framework's `pattern` against Hyperscan on the same
 *   generated text (>= 0.5x its throughput; 64 MB, 8 MB with --quick), interleaved.
 * A side that cannot run (no addon, no OpenBLAS, no libhs, no simsimd) makes its rows
 * `not measured` with the reason.
 */
import type { Framework, MeasureBudget } from '@knhk/core';
import { loadNative } from '@knhk/native';
import { interleavedVectorRows } from '../measure/memory-bandwidth.js';
import { interleavedPatternRows } from '../measure/pattern-throughput.js';
import { measureSideBySide } from '../measure/side-by-side.js';
import { patternCorpus } from '../native-peers/pattern-corpus.js';
import { type PeersAddon, loadPeersAddon } from '../peers/peers-addon.js';
import { loadSimsimd } from '../peers/simsimd.js';
import { SIMD_TARGETS, runSimdBench } from '../simd/simd-bench.js';
import { type TargetRow, type TargetsReport, measuredRow, unmeasuredRow } from './target-row.js';

/** Sizes and repetitions per effort. */
interface TargetPlan {
  readonly sgemmSize: number;
  readonly sgemmRounds: number;
  readonly sgemmRepeats: number;
  readonly dotSize: number;
  readonly dotRounds: number;
  readonly dotBudget: MeasureBudget;
  readonly vectorElements: number;
  readonly vectorRepeats: number;
  readonly patternBytes: number;
  readonly patternCount: number;
  readonly patternRepeats: number;
}

/** Every figure at the sizes, except a smaller pattern corpus with --quick. */
export const TARGET_PLANS: Readonly<Record<'quick' | 'thorough', TargetPlan>> = Object.freeze({
  quick: {
    sgemmSize: 512,
    sgemmRounds: 3,
    sgemmRepeats: 5,
    dotSize: 1024,
    dotRounds: 5,
    dotBudget: { timeMs: 20, warmupMs: 5, minSamples: 10 },
    vectorElements: 1 << 24,
    vectorRepeats: 5,
    patternBytes: 8 << 20,
    patternCount: 1000,
    patternRepeats: 3,
  },
  thorough: {
    sgemmSize: 512,
    sgemmRounds: 7,
    sgemmRepeats: 10,
    dotSize: 1024,
    dotRounds: 11,
    dotBudget: { timeMs: 40, warmupMs: 10, minSamples: 10 },
    vectorElements: 1 << 24,
    vectorRepeats: 10,
    patternBytes: 64 << 20,
    patternCount: 1000,
    patternRepeats: 5,
  },
});

/** The goals for the ratios. */
export const TARGET_GOALS = Object.freeze({
  peakFraction: { comparison: '>=', value: SIMD_TARGETS.peakFraction },
  overOpenblas: { comparison: '>=', value: SIMD_TARGETS.overOpenblas },
  twoThreads: { comparison: '>=', value: SIMD_TARGETS.twoThreads },
  dotOverSimsimd: { comparison: '<=', value: 0.6 },
  fractionOfTriad: { comparison: '>=', value: 0.8 },
  overHyperscan: { comparison: '>=', value: 0.5 },
} as const);

const MB = 1024 * 1024;

function sgemmRows(plan: TargetPlan, load: ReturnType<typeof loadNative>): TargetRow[] {
  const n = plan.sgemmSize;
  const bases = [
    {
      id: 'sgemm-peak',
      what: `sgemm ${n}^3 f32, 1 thread, over the single-core FMA peak`,
      target: TARGET_GOALS.peakFraction,
    },
    {
      id: 'sgemm-openblas',
      what: `sgemm ${n}^3 f32, 1 thread, over OpenBLAS on 1 thread`,
      target: TARGET_GOALS.overOpenblas,
    },
    { id: 'sgemm-two-threads', what: `sgemm ${n}^3 f32, 2 threads over 1 thread`, target: TARGET_GOALS.twoThreads },
  ];
  if (!load.ok) return bases.map((b) => unmeasuredRow(b, `the @knhk/native addon is not available: ${load.reason}`));
  const r = runSimdBench(load.addon, {
    size: n,
    vectorLength: 1 << 16,
    rounds: plan.sgemmRounds,
    repeats: plan.sgemmRepeats,
  });
  const gflops = (name: string, rate: number) => ({ name, value: rate, unit: 'GFLOPS' });
  const one = gflops(`${r.isa} sgemm, 1 thread`, r.sgemm1.rate);
  const blasFraction = r.ratios.openblasPeakFraction;
  return [
    measuredRow(bases[0], one, gflops(`${r.isa} FMA peak, 1 core`, r.peak.rate)),
    r.openblas === undefined || blasFraction === undefined
      ? unmeasuredRow(bases[1], `OpenBLAS: ${r.openblasMissing ?? 'missing'}`, one)
      : {
          ...measuredRow(bases[1], one, gflops('OpenBLAS sgemm, 1 thread', r.openblas.rate)),
          ceiling: `OpenBLAS runs at ${blasFraction.toFixed(2)} of the FMA peak here, so the ratio is at most ${(1 / blasFraction).toFixed(2)}`,
        },
    {
      ...measuredRow(bases[2], gflops(`${r.isa} sgemm, 2 threads`, r.sgemm2.rate), one),
      ceiling: `the FMA peak on 2 cores is ${r.ratios.peakTwoThreads.toFixed(2)}x the peak on 1 (${r.peak2.rate.toFixed(1)} GFLOPS): the most this ratio can be here`,
    },
  ];
}

/**
 * The dot product of two 1024-element operands through `framework.vector`, against simsimd
 * on Float32Arrays: once with Float32Arrays (each call inspects both arrays at the N-API
 * boundary, as simsimd's does) and once with device buffers of the chosen provider, the
 * framework's way to keep data that is used again where the kernels are (no typed array is
 * inspected per call). Both rows use the same simsimd figure, measured alternately with each.
 */
async function dotRows(framework: Framework, plan: TargetPlan): Promise<TargetRow[]> {
  const n = plan.dotSize;
  const bases = [
    {
      id: 'dot-simsimd',
      what: `vector.dot of ${n} f32 (Float32Arrays) through the framework, time per call over simsimd's`,
      target: TARGET_GOALS.dotOverSimsimd,
    },
    {
      id: 'dot-simsimd-buffers',
      what: `vector.dot of ${n} f32 (device buffers) through the framework, time per call over simsimd's`,
      target: TARGET_GOALS.dotOverSimsimd,
    },
  ];
  const simsimd = await loadSimsimd();
  if (!('impl' in simsimd)) return bases.map((b) => unmeasuredRow(b, `simsimd: ${simsimd.reason}`));
  const peer = simsimd.impl as { dot(a: Float32Array, b: Float32Array): number };
  const a = Float32Array.from({ length: n }, (_, i) => ((i * 7) % 13) / 13 - 0.5);
  const b = Float32Array.from({ length: n }, (_, i) => ((i * 5) % 11) / 11 - 0.5);
  const vector = framework.vector;
  const provider = framework.selected('vector', 'dot', n);
  const options = { rounds: plan.dotRounds, budget: plan.dotBudget };
  const arrays = await measureSideBySide(
    () => void vector.dot(a, b),
    () => void peer.dot(a, b),
    options,
  );
  const simsimdFigure = (ns: number) => ({ name: 'simsimd (Float32Arrays)', value: ns, unit: 'ns/call' });
  const rows = [
    measuredRow(
      bases[0],
      { name: `knhk (${provider})`, value: arrays.firstNs, unit: 'ns/call' },
      simsimdFigure(arrays.secondNs),
    ),
  ];
  const memory = framework.backend(provider).get('memory');
  const [ba, bb] = [memory.allocate(n), memory.allocate(n)];
  try {
    memory.copyToDevice(ba, a);
    memory.copyToDevice(bb, b);
    await memory.synchronize();
    const buffers = await measureSideBySide(
      () => void vector.dot(ba, bb),
      () => void peer.dot(a, b),
      options,
    );
    rows.push(
      measuredRow(
        bases[1],
        { name: `knhk (${provider} buffers)`, value: buffers.firstNs, unit: 'ns/call' },
        simsimdFigure(buffers.secondNs),
      ),
    );
  } finally {
    memory.free(ba);
    memory.free(bb);
  }
  return rows;
}

function vectorTargetRows(framework: Framework, plan: TargetPlan, addon: PeersAddon | string): TargetRow[] {
  const n = plan.vectorElements;
  const label = n === 1 << 24 ? '16M' : String(n);
  const bases = ['add', 'mul', 'fma'].map((op) => ({
    id: `vector-${op}-triad`,
    what: `vector.${op} of ${label} f32 through the framework, over the all-core triad's bandwidth`,
    target: TARGET_GOALS.fractionOfTriad,
  }));
  if (typeof addon === 'string') return bases.map((b) => unmeasuredRow(b, addon));
  const { triad, rows } = interleavedVectorRows(addon, framework, n, plan.vectorRepeats);
  const peer = { name: `triad, ${triad.threads} threads`, value: triad.gbPerS, unit: 'GB/s' };
  return rows.map((row, i) =>
    measuredRow(bases[i], { name: `knhk (${row.provider})`, value: row.gbPerS, unit: 'GB/s' }, peer),
  );
}

function patternRow(framework: Framework, plan: TargetPlan, addon: PeersAddon | string): TargetRow {
  const base = {
    id: 'pattern-hyperscan',
    what: `${plan.patternCount} literal patterns over ${plan.patternBytes / MB} MB through the framework, over Hyperscan's throughput`,
    target: TARGET_GOALS.overHyperscan,
  };
  if (typeof addon === 'string') return unmeasuredRow(base, `Hyperscan: ${addon}`);
  const corpus = patternCorpus(plan.patternBytes, plan.patternCount);
  const both = interleavedPatternRows(framework, addon, corpus.data, corpus.patterns, plan.patternRepeats);
  const ours = both.knhk;
  const theirs = both.hyperscan;
  const oursFigure = { name: `knhk (${ours.provider}, ${ours.strategy})`, value: ours.gbPerS, unit: 'GB/s' };
  if ('missing' in theirs) return unmeasuredRow(base, `Hyperscan: ${theirs.missing}`, oursFigure);
  const differ =
    theirs.matches === ours.matches
      ? undefined
      : `match counts differ (knhk ${ours.matches}, Hyperscan ${theirs.matches}): one of the two is wrong`;
  return measuredRow(base, oursFigure, { name: 'Hyperscan', value: theirs.gbPerS, unit: 'GB/s' }, differ);
}

function peersAddon(): PeersAddon | string {
  const load = loadPeersAddon();
  return load.ok ? load.addon : load.reason;
}

/** Measures every target with the framework's current selection (adopt the bench's wisdom first). */
export async function measureTargets(framework: Framework, effort: 'quick' | 'thorough'): Promise<TargetsReport> {
  const plan = TARGET_PLANS[effort];
  const addon = peersAddon();
  const rows = [
    ...sgemmRows(plan, loadNative()),
    ...(await dotRows(framework, plan)),
    ...vectorTargetRows(framework, plan, addon),
    patternRow(framework, plan, addon),
  ];
  const note =
    effort === 'quick'
      ? `quick: fewer rounds and repeats, and the pattern corpus is ${plan.patternBytes / MB} MB instead of 64 MB; run \`knhk bench\` without --quick for the issue's sizes`
      : "thorough: the issue's sizes (pattern corpus 64 MB)";
  return { effort, note, rows };
}
