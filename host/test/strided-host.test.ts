/**
 * The strided host loops (what the native backends run for strides their kernels do not
 * take), the strided reductions and the seeded MLP initialisation, against naive loops.
 */
import { expect } from 'chai';
import { type CompareOp, SeededRandom, type VectorRange, checkSpec } from '@knhk/core';
import {
  AhoCorasick,
  MatchListBuilder,
  SPAN_REDUCTIONS,
  addKernel,
  compareDense,
  compareScalarDense,
  initialNetwork,
  stridedBinary,
  stridedCompare,
  stridedDot,
  stridedFma,
} from '../src/index.js';

const random = new SeededRandom(7);
const floats = (n: number): Float32Array => Float32Array.from({ length: n }, () => random.uniform(-10, 10));

// a from 1 every 2nd, b from 0 every 3rd, c from 2 every 1, out from 3 every 2nd: 5 elements.
const RANGE: VectorRange = {
  length: 5,
  a: { offset: 1, stride: 2 },
  b: { offset: 0, stride: 3 },
  c: { offset: 2, stride: 1 },
  out: { offset: 3, stride: 2 },
};

describe('@knhk/host strided loops', () => {
  it('adds, multiplies with FMA and takes the dot product at any offset and stride', () => {
    const [a, b, c] = [floats(12), floats(15), floats(8)];
    const out = new Float32Array(14);
    stridedBinary('vector.add', addKernel, 5, a, b, out, RANGE);
    const fused = new Float32Array(14);
    stridedFma('vector.fma', 5, a, b, c, fused, RANGE);
    let dot = 0;
    for (let i = 0; i < 5; i++) {
      expect(out[3 + 2 * i]).to.equal(Math.fround(a[1 + 2 * i] + b[3 * i]));
      expect(fused[3 + 2 * i]).to.equal(Math.fround(a[1 + 2 * i] * b[3 * i] + c[2 + i]));
      dot += a[1 + 2 * i] * b[3 * i];
    }
    expect(out.filter((_, j) => j < 3 || (j - 3) % 2 === 1 || j > 11).every((v) => v === 0)).to.equal(true);
    expect(stridedDot('vector.dot', 5, a, b, RANGE)).to.be.closeTo(dot, 1e-9 * Math.max(1, Math.abs(dot)));
  });

  it('reads an input the output overlaps as it was before the write', () => {
    const a = floats(12);
    const before = a.slice();
    // out starts one stride after a, with the same stride: each write lands on the next element read.
    stridedBinary('vector.add', addKernel, 5, a, a, a, {
      length: 5,
      a: { offset: 0, stride: 2 },
      b: { offset: 0, stride: 2 },
      out: { offset: 2, stride: 2 },
    });
    for (let i = 0; i < 5; i++) expect(a[2 + 2 * i]).to.equal(Math.fround(before[2 * i] + before[2 * i]));
  });

  it('compares arrays and a scalar rounded to float32, NaN false except with ne', () => {
    const a = Float32Array.from([1, NaN, 0.1, 3, -2, 0.1]);
    for (const op of ['lt', 'le', 'gt', 'ge', 'eq', 'ne'] as CompareOp[]) {
      const mask = new Uint8Array(3);
      stridedCompare('vector.compare', op, 3, a, 0.1, mask, { length: 3, a: { offset: 1, stride: 2 } });
      const x = [NaN, 3, 0.1].map(Math.fround);
      const t = Math.fround(0.1);
      const want = x.map((v) => ({ lt: v < t, le: v <= t, gt: v > t, ge: v >= t, eq: v === t, ne: v !== t })[op]);
      expect([...mask], op).to.deep.equal(want.map((w) => (w ? 1 : 0)));
    }
  });

  it('compares dense arrays and a scalar at every length around the unrolled 4, each op, NaN included', () => {
    const ops: CompareOp[] = ['lt', 'le', 'gt', 'ge', 'eq', 'ne'];
    const pool = [NaN, -1, 0, 0.5, 1, 2, -0];
    const test = (x: number, y: number, op: CompareOp): boolean =>
      ({ lt: x < y, le: x <= y, gt: x > y, ge: x >= y, eq: x === y, ne: x !== y })[op];
    for (let n = 0; n <= 11; n++) {
      const a = Float32Array.from({ length: n }, (_, i) => pool[(i * 3) % pool.length]);
      const b = Float32Array.from({ length: n }, (_, i) => pool[(i * 5 + 1) % pool.length]);
      for (const op of ops) {
        // One element past n stays untouched.
        const mask = new Uint8Array(n + 1).fill(7);
        compareDense(op, n, a, b, mask);
        expect([...mask], `${op} n=${n}`).to.deep.equal([...[...a].map((v, i) => (test(v, b[i], op) ? 1 : 0)), 7]);
        const scalarMask = new Uint8Array(n + 1).fill(7);
        compareScalarDense(op, n, a, 0.5, scalarMask);
        expect([...scalarMask], `${op} scalar n=${n}`).to.deep.equal([
          ...[...a].map((v) => (test(v, 0.5, op) ? 1 : 0)),
          7,
        ]);
      }
    }
  });

  it('reduces a strided span as a naive loop does, NaN first for argmax', () => {
    const x = floats(40);
    const span = { x, offset: 3, stride: 3, n: 12 };
    const picked = Array.from({ length: 12 }, (_, i) => x[3 + 3 * i]);
    expect(SPAN_REDUCTIONS.sum(span)).to.be.closeTo(
      picked.reduce((s, v) => s + v, 0),
      1e-9,
    );
    expect(SPAN_REDUCTIONS.min(span)).to.equal(Math.min(...picked));
    expect(SPAN_REDUCTIONS.max(span)).to.equal(Math.max(...picked));
    expect(SPAN_REDUCTIONS.argmax(span)).to.equal(picked.indexOf(Math.max(...picked)));
    x[3 + 3 * 7] = NaN;
    expect(SPAN_REDUCTIONS.argmax(span)).to.equal(7);
    expect(Number.isNaN(SPAN_REDUCTIONS.sum(span))).to.equal(true);
  });
});

describe('@knhk/host MLP initialisation and Aho-Corasick', () => {
  it('gives the same weights for a seed, within the He limit, and zero biases', () => {
    const spec = checkSpec('mlp.createModel', { layers: [8, 6, 3], seed: 42 });
    const one = initialNetwork('mlp.createModel', spec);
    const two = initialNetwork('mlp.createModel', spec);
    expect(one.weights.map((w) => [...w])).to.deep.equal(two.weights.map((w) => [...w]));
    expect(one.weights[0].every((w) => Math.abs(w) <= Math.sqrt(6 / 8))).to.equal(true);
    expect(one.biases.every((b) => b.every((v) => v === 0))).to.equal(true);
    const other = initialNetwork('mlp.createModel', checkSpec('mlp.createModel', { layers: [8, 6, 3], seed: 43 }));
    expect([...other.weights[0]]).to.not.deep.equal([...one.weights[0]]);
  });

  it('finds every occurrence, overlapping ones included, in end then id order', () => {
    const encode = (s: string): Uint8Array => new TextEncoder().encode(s);
    const automaton = AhoCorasick.build('pattern.compile', [encode('aba'), encode('ba'), encode('a')]);
    const sink = new MatchListBuilder();
    automaton.scan(encode('ababa'), AhoCorasick.START, 0, sink);
    const matches = sink.finish();
    const pairs = [...matches.ids].map((id, i) => [matches.ends[i], id]);
    expect(pairs).to.deep.equal([
      [1, 2],
      [3, 0],
      [3, 1],
      [3, 2],
      [5, 0],
      [5, 1],
      [5, 2],
    ]);
  });
});
