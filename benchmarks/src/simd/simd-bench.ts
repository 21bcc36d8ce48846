/**
 * The native SIMD benchmark: sgemm 512 x 512 x 512 f32 on one thread and on two, the
 * FMA peak of the same ISA on one core and on two (independent FMA chains in the addon, on
 * one thread and on two threads of the pool at once), OpenBLAS on
 * one thread (dlopen of libopenblas.so.0, a benchmark-only peer) and the element-wise add on
 * 16M elements on one thread and two, all measured in one run, in interleaved rounds, so
 * that the ratios compare figures taken side by side under the same machine load.
 */
import type { NativeAddon, NativeIsa } from '@knhk/native';
import { bestSeconds, median } from '../measure/timing.js';

/** The targets (they assume an AVX-512 machine). */
export const SIMD_TARGETS = Object.freeze({
  /** One-thread sgemm over the single-core FMA peak. */
  peakFraction: 0.6,
  /** One-thread sgemm over OpenBLAS on one thread. */
  overOpenblas: 5,
  /** Two-thread sgemm over one thread. */
  twoThreads: 1.8,
});

export interface SimdBenchOptions {
  /** Matrix size (default 512). */
  readonly size?: number;
  /** Elements of the vector add (default 16M). */
  readonly vectorLength?: number;
  /** Interleaved rounds (default 7); each figure is the median over rounds. */
  readonly rounds?: number;
  /** Calls per round and measurement (default 10; the round's figure is the fastest). */
  readonly repeats?: number;
}

/** One measured figure: the median over rounds of the best of each round. */
export interface Figure {
  readonly seconds: number;
  /** GFLOPS (sgemm, peak) or GB/s (vector add). */
  readonly rate: number;
}

export interface SimdReport {
  readonly isa: NativeIsa;
  readonly size: number;
  readonly vectorLength: number;
  readonly peak: Figure;
  /** The FMA peak on two threads at once: what the machine's two cores can do together. */
  readonly peak2: Figure;
  readonly sgemm1: Figure;
  readonly sgemm2: Figure;
  /** Undefined when OpenBLAS could not be loaded (then `openblasMissing` says why). */
  readonly openblas?: Figure;
  readonly openblasMissing?: string;
  readonly add1: Figure;
  readonly add2: Figure;
  readonly ratios: {
    readonly peakFraction: number;
    readonly overOpenblas?: number;
    readonly twoThreads: number;
    readonly addTwoThreads: number;
    /**
     * The two-core FMA peak over the one-core peak: the ceiling of `twoThreads` on this
     * machine (below 2 when the two threads share a physical core or the cores clock down).
     */
    readonly peakTwoThreads: number;
    /**
     * OpenBLAS on one thread over the one-core FMA peak: `overOpenblas` can be at most
     * 1 / this (when knhk's sgemm reached the peak).
     */
    readonly openblasPeakFraction?: number;
  };
}

function figure(seconds: readonly number[], work: number): Figure {
  const s = median(seconds);
  return { seconds: s, rate: work / s / 1e9 };
}

function filled(n: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
}

/** Runs the benchmark on the best ISA the addon supports (avx512, else avx2, else scalar). */
export function runSimdBench(addon: NativeAddon, options: SimdBenchOptions = {}): SimdReport {
  const size = options.size ?? 512;
  const vectorLength = options.vectorLength ?? 1 << 24;
  const rounds = options.rounds ?? 7;
  const repeats = options.repeats ?? 10;
  const isa = addon.choose(['avx2', 'avx512']);
  const k = addon.kernels(isa);
  const initialThreads = addon.threads();
  const [a, b, c] = [filled(size * size, 1), filled(size * size, 2), new Float32Array(size * size)];
  const [x, y, z] = [filled(vectorLength, 3), filled(vectorLength, 4), new Float32Array(vectorLength)];
  const openblasMissing = addon.openblasStatus() || undefined;
  const gemm = () => k.sgemm(a, b, c, size, size, size, 1, 0, false, false, size, size, size, 0, 0, 0);
  // About 1 ms per call: short enough that the fastest of the repeats is rarely preempted.
  const peakIterations = 500_000;
  const times = {
    peak: [] as number[],
    peak2: [] as number[],
    s1: [] as number[],
    s2: [] as number[],
    blas: [] as number[],
  };
  const adds = { one: [] as number[], two: [] as number[] };
  try {
    for (let round = 0; round <= rounds; round++) {
      // Round 0 warms up (page faults, packing buffers, turbo) and is not counted.
      const keep = round > 0;
      const peak = bestSeconds(repeats, () => k.fmaPeak(peakIterations));
      addon.setThreads(2);
      const peak2 = bestSeconds(repeats, () => k.fmaPeak(peakIterations, 2));
      addon.setThreads(1);
      const s1 = bestSeconds(repeats, gemm);
      const a1 = bestSeconds(repeats, () => k.add(x, y, z));
      addon.setThreads(2);
      const s2 = bestSeconds(repeats, gemm);
      const a2 = bestSeconds(repeats, () => k.add(x, y, z));
      const blas = openblasMissing ? NaN : bestSeconds(repeats, () => addon.openblasSgemm(a, b, c, size, size, size));
      if (!keep) continue;
      times.peak.push(peak);
      times.peak2.push(peak2);
      times.s1.push(s1);
      times.s2.push(s2);
      times.blas.push(blas);
      adds.one.push(a1);
      adds.two.push(a2);
    }
  } finally {
    addon.setThreads(initialThreads);
  }
  const flops = 2 * size ** 3;
  const peak = figure(times.peak, peakIterations * k.fmaPeakFlopsPerIteration);
  const peak2 = figure(times.peak2, 2 * peakIterations * k.fmaPeakFlopsPerIteration);
  const sgemm1 = figure(times.s1, flops);
  const sgemm2 = figure(times.s2, flops);
  const openblas = openblasMissing ? undefined : figure(times.blas, flops);
  const addBytes = 3 * 4 * vectorLength;
  const add1 = figure(adds.one, addBytes);
  const add2 = figure(adds.two, addBytes);
  return {
    isa,
    size,
    vectorLength,
    peak,
    peak2,
    sgemm1,
    sgemm2,
    openblas,
    openblasMissing,
    add1,
    add2,
    ratios: {
      peakFraction: sgemm1.rate / peak.rate,
      overOpenblas: openblas === undefined ? undefined : sgemm1.rate / openblas.rate,
      twoThreads: sgemm2.rate / sgemm1.rate,
      addTwoThreads: add2.rate / add1.rate,
      peakTwoThreads: peak2.rate / peak.rate,
      openblasPeakFraction: openblas === undefined ? undefined : openblas.rate / peak.rate,
    },
  };
}

function verdict(value: number | undefined, target: number): string {
  if (value === undefined) return 'not measured';
  return `${value.toFixed(2)} (target >= ${target}: ${value >= target ? 'met' : 'NOT met'})`;
}

/** The report as text: figures, then the ratios against the targets. */
export function formatSimdReport(r: SimdReport): string {
  const n = r.size;
  const lines = [
    `knhk native SIMD benchmark, ISA ${r.isa} (medians of interleaved rounds)`,
    `  FMA peak, one core:              ${r.peak.rate.toFixed(1)} GFLOPS`,
    `  FMA peak, two cores:             ${r.peak2.rate.toFixed(1)} GFLOPS`,
    `  sgemm ${n}^3 f32, 1 thread:      ${r.sgemm1.rate.toFixed(1)} GFLOPS (${(r.sgemm1.seconds * 1e3).toFixed(2)} ms)`,
    `  sgemm ${n}^3 f32, 2 threads:     ${r.sgemm2.rate.toFixed(1)} GFLOPS (${(r.sgemm2.seconds * 1e3).toFixed(2)} ms)`,
    r.openblas
      ? `  OpenBLAS sgemm ${n}^3, 1 thread: ${r.openblas.rate.toFixed(1)} GFLOPS (${(r.openblas.seconds * 1e3).toFixed(2)} ms)`
      : `  OpenBLAS: not measured: ${r.openblasMissing}`,
    `  vector add ${r.vectorLength} f32, 1 thread:  ${r.add1.rate.toFixed(1)} GB/s`,
    `  vector add ${r.vectorLength} f32, 2 threads: ${r.add2.rate.toFixed(1)} GB/s`,
    'ratios:',
    `  sgemm 1 thread / FMA peak:       ${verdict(r.ratios.peakFraction, SIMD_TARGETS.peakFraction)}`,
    `  sgemm 1 thread / OpenBLAS:       ${verdict(r.ratios.overOpenblas, SIMD_TARGETS.overOpenblas)}`,
    `  sgemm 2 threads / 1 thread:      ${verdict(r.ratios.twoThreads, SIMD_TARGETS.twoThreads)}`,
    `  vector add 2 threads / 1 thread: ${r.ratios.addTwoThreads.toFixed(2)}`,
    'ceilings on this machine:',
    `  FMA peak 2 cores / 1 core:       ${r.ratios.peakTwoThreads.toFixed(2)} (the most sgemm 2 threads / 1 thread can be)`,
    r.ratios.openblasPeakFraction === undefined
      ? '  OpenBLAS / FMA peak:             not measured'
      : `  OpenBLAS / FMA peak:             ${r.ratios.openblasPeakFraction.toFixed(2)} (sgemm / OpenBLAS is at most ${(1 / r.ratios.openblasPeakFraction).toFixed(2)})`,
  ];
  return lines.join('\n');
}
