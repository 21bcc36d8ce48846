/**
 * Memory bandwidth: a STREAM-style triad (a = b + s*c, f32, in the benchmarks' peers addon) on
 * one thread and on every core, and the framework's element-wise vector operations as a
 * fraction of the all-core triad. Bytes count reads and writes (STREAM's convention: the
 * triad and add move 12 bytes per element, fma 16). Every figure is the best of `repeats` runs.
 */
import os from 'node:os';
import type { Framework } from '@knhk/core';
import type { PeersAddon } from '../peers/peers-addon.js';
import { bestSeconds } from './timing.js';

/** The triad's bandwidth on one thread and on `threads` (every core). */
export interface TriadFigures {
  readonly oneThreadGbPerS: number;
  readonly allCoresGbPerS: number;
  readonly threads: number;
}

/** One vector operation through the framework. */
export interface VectorRow {
  readonly op: string;
  readonly provider: string;
  readonly gbPerS: number;
  /** Its bandwidth over the all-core triad's. */
  readonly fractionOfTriad: number;
}

function filled(n: number, value: number): Float32Array {
  return new Float32Array(n).fill(value);
}

/** The triad over `n` elements per array, on one thread and on every core. */
export function triadFigures(addon: PeersAddon, n: number, repeats: number): TriadFigures {
  const [a, b, c] = [filled(n, 0), filled(n, 1), filled(n, 2)];
  const threads = os.availableParallelism();
  const best = (t: number): number => {
    let seconds = Infinity;
    for (let i = 0; i < repeats; i++) seconds = Math.min(seconds, addon.triad(a, b, c, 3, t));
    return (12 * n) / seconds / 1e9;
  };
  return { oneThreadGbPerS: best(1), allCoresGbPerS: best(threads), threads };
}

/** vector.add, vector.mul and vector.fma through the framework on `n` elements, against `triadGbPerS`. */
export function vectorRows(knhk: Framework, n: number, repeats: number, triadGbPerS: number): VectorRow[] {
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

/**
 * The all-core triad and vector.add, vector.mul and vector.fma through the framework on `n`
 * elements, interleaved: each of `repeats` rounds runs the triad and then each operation once,
 * and every side keeps its best, so a burst of load from elsewhere hits all sides alike.
 */
export function interleavedVectorRows(
  addon: PeersAddon,
  knhk: Framework,
  n: number,
  repeats: number,
): { readonly triad: { readonly gbPerS: number; readonly threads: number }; readonly rows: VectorRow[] } {
  const [a, b, c, out] = [filled(n, 1.5), filled(n, 2.5), filled(n, 0.5), new Float32Array(n)];
  const threads = os.availableParallelism();
  const ops: { op: string; bytes: number; run: () => void }[] = [
    { op: 'add', bytes: 12 * n, run: () => knhk.vector.add(a, b, out) },
    { op: 'mul', bytes: 12 * n, run: () => knhk.vector.mul(a, b, out) },
    { op: 'fma', bytes: 16 * n, run: () => knhk.vector.fma(a, b, c, out) },
  ];
  let triadSeconds = Infinity;
  const opSeconds = ops.map(() => Infinity);
  for (let round = 0; round < repeats; round++) {
    triadSeconds = Math.min(triadSeconds, addon.triad(out, a, b, 3, threads));
    ops.forEach(({ run }, i) => (opSeconds[i] = Math.min(opSeconds[i], bestSeconds(1, run))));
  }
  const triadGbPerS = (12 * n) / triadSeconds / 1e9;
  const rows = ops.map(({ op, bytes }, i) => {
    const gbPerS = bytes / opSeconds[i] / 1e9;
    return { op, provider: knhk.explain('vector', op, n).chosen ?? '?', gbPerS, fractionOfTriad: gbPerS / triadGbPerS };
  });
  return { triad: { gbPerS: triadGbPerS, threads }, rows };
}
