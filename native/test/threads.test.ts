/**
 * The thread pool: its size is configurable, and large vector ops and reductions split
 * over it give the results of one thread, with NaN, ties and signed zeros at part boundaries.
 */
import { expect } from 'chai';
import { THREADS_MAX, configureThreads, loadNative, requestedThreads } from '../src/index.js';
import { argmaxReference, randomF32 } from './native-reference.js';

const load = loadNative();
if (!load.ok) throw new Error(`the addon must be built for these tests: ${load.reason}`);
const addon = load.addon;
const INITIAL_THREADS = addon.threads();
/** Above the split threshold of src/parallel/split_f32.h (2^18 elements), odd so that parts differ in length. */
const LARGE = (1 << 19) + 37;

function codeOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  throw new Error('expected the call to throw');
}

describe('@knhk/native thread pool', () => {
  afterEach(() => addon.setThreads(INITIAL_THREADS));

  it('is sized by setThreads from 1 to 256, and anything else is KNHK_E_ARG_RANGE', () => {
    addon.setThreads(1);
    expect(addon.threads()).to.equal(1);
    addon.setThreads(3);
    expect(addon.threads()).to.equal(3);
    expect(codeOf(() => addon.setThreads(0))).to.equal('KNHK_E_ARG_RANGE');
    expect(codeOf(() => addon.setThreads(THREADS_MAX + 1))).to.equal('KNHK_E_ARG_RANGE');
    expect(codeOf(() => addon.setThreads(1.5))).to.equal('KNHK_E_ARG_RANGE');
  });

  it('runs the FMA peak on up to all threads of the pool at once, the sum of that many one-thread runs', () => {
    const kernels = addon.kernels(load.isas.includes('avx2') ? 'avx2' : 'scalar');
    addon.setThreads(3);
    const one = kernels.fmaPeak(1000);
    expect(kernels.fmaPeak(1000, 1)).to.equal(one);
    expect(kernels.fmaPeak(1000, 3)).to.equal(3 * one);
    expect(codeOf(() => kernels.fmaPeak(1000, 4))).to.equal('KNHK_E_ARG_RANGE');
    expect(codeOf(() => kernels.fmaPeak(1000, 0))).to.equal('KNHK_E_ARG_RANGE');
    expect(codeOf(() => (kernels.fmaPeak as (...args: number[]) => number)(1000, 2, 1))).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => kernels.fmaPeak(1000, '2' as never))).to.equal('KNHK_E_ARG_TYPE');
  });

  it('hands out runs back to back, from many short runs, without losing or repeating a task', () => {
    // Workers spin between runs before sleeping: runs that follow at once, and runs after a
    // pause long enough for the workers to sleep, must both see every task once.
    const kernels = addon.kernels(load.isas.includes('avx2') ? 'avx2' : 'scalar');
    addon.setThreads(2);
    const n = 1 << 20;
    const a = new Float32Array(n).fill(1);
    const out = new Float32Array(n);
    for (let round = 0; round < 200; round++) {
      out.fill(0);
      kernels.add(a, a, out);
      if (out[0] !== 2 || out[n - 1] !== 2 || out[n >> 1] !== 2) throw new Error(`round ${round}: a part was skipped`);
      if (round % 50 === 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
    expect(kernels.sum(out)).to.equal(2 * n);
  });

  it('resizes between runs again and again, and every run still completes with every part', () => {
    // A worker started by setThreads must wait for the next run, not take the last one for
    // new (its extra check-in once made a later run wait forever).
    const kernels = addon.kernels(load.isas.includes('avx2') ? 'avx2' : 'scalar');
    const n = (1 << 18) + 64;
    const a = new Float32Array(n).fill(1);
    const out = new Float32Array(n);
    for (let round = 0; round < 3000; round++) {
      addon.setThreads(1 + (round % 3));
      out[0] = out[n - 1] = 0;
      kernels.add(a, a, out);
      if (out[0] !== 2 || out[n - 1] !== 2) throw new Error(`round ${round}: a part was skipped`);
    }
  });

  it('takes the threads option over KNHK_THREADS, and rejects bad values with KNHK_E_CONFIG_INVALID', () => {
    expect(requestedThreads(undefined, undefined)).to.equal(undefined);
    expect(requestedThreads(undefined, ' ')).to.equal(undefined);
    expect(requestedThreads(undefined, '4')).to.equal(4);
    expect(requestedThreads(2, '4')).to.equal(2);
    for (const bad of [0, -1, 1.5, '2', THREADS_MAX + 1]) {
      expect(
        codeOf(() => requestedThreads(bad, undefined)),
        String(bad),
      ).to.equal('KNHK_E_CONFIG_INVALID');
    }
    expect(codeOf(() => requestedThreads(undefined, 'many'))).to.equal('KNHK_E_CONFIG_INVALID');
    configureThreads(addon, 1, '3');
    expect(addon.threads()).to.equal(1);
    configureThreads(addon, undefined, '3');
    expect(addon.threads()).to.equal(3);
  });

  for (const isa of load.isas) {
    it(`${isa}: large vector ops and reductions on two threads give the one-thread results`, () => {
      const k = addon.kernels(isa);
      const a = randomF32(LARGE, 1);
      const b = randomF32(LARGE, 2);
      const c = randomF32(LARGE, 3);
      const run = () => ({
        add: k.add(a, b, new Float32Array(LARGE)),
        fma: k.fma(a, b, c, new Float32Array(LARGE)),
        min: k.min(a),
        max: k.max(a),
        argmax: k.argmax(a),
        sum: k.sum(a),
        dot: k.dot(a, b),
      });
      addon.setThreads(1);
      const one = run();
      addon.setThreads(2);
      const two = run();
      expect(two.add).to.deep.equal(one.add);
      expect(two.fma).to.deep.equal(one.fma);
      expect([two.min, two.max, two.argmax]).to.deep.equal([one.min, one.max, one.argmax]);
      expect(two.argmax).to.equal(argmaxReference(a));
      expect(Math.abs(two.sum - one.sum)).to.be.at.most(1e-9 * LARGE * 8);
      expect(Math.abs(two.dot - one.dot)).to.be.at.most(2 * LARGE * 2 ** -23 * LARGE * 64);
    });

    it(`${isa}: combines the parts' NaN, ties and signed zeros as one pass would`, () => {
      const k = addon.kernels(isa);
      addon.setThreads(2);
      const late = LARGE - 5;
      const ties = new Float32Array(LARGE).fill(1);
      ties[late] = 7;
      ties[3] = 7;
      expect(k.argmax(ties)).to.equal(3);
      const nans = new Float32Array(LARGE);
      nans[late] = NaN;
      nans[late - 1] = 5;
      expect(k.argmax(nans)).to.equal(late);
      expect(Number.isNaN(k.min(nans))).to.equal(true);
      expect(Number.isNaN(k.max(nans))).to.equal(true);
      const zeros = new Float32Array(LARGE).fill(-0);
      zeros[2] = 0;
      expect(Object.is(k.max(zeros), 0)).to.equal(true);
      const negative = new Float32Array(LARGE);
      negative[late] = -0;
      expect(Object.is(k.min(negative), -0)).to.equal(true);
    });
  }
});
