import { expect } from 'chai';
import {
  CheckFailure,
  expectF32Equal,
  expectKnhkError,
  expectNumber,
  formatF32,
  sameF32,
  withinTolerance,
} from '../src/conformance/compare.js';
import { Random, placeValues, takeValues } from '../src/conformance/random.js';
import { accumulationBound, compensatedSum, gamma, sumTolerance } from '../src/conformance/error-bounds.js';
import { KnhkError } from '@knhk/plugin-sdk';

function messageOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(CheckFailure);
    return (error as Error).message;
  }
  throw new Error('expected a CheckFailure');
}

describe('conformance comparisons', () => {
  it('compares float32 bit for bit, NaN equal to NaN, -0 apart from 0', () => {
    expect(sameF32(NaN, -NaN)).to.equal(true);
    expect(sameF32(0, -0)).to.equal(false);
    expect(sameF32(1, 1 + 2 ** -23)).to.equal(false);
    expect(formatF32(-0)).to.equal('-0 (0x80000000)');
  });

  it('names the index, the expected and the actual value, and the count of differences', () => {
    const message = messageOf(() => expectF32Equal('n=3: out', Float32Array.of(1, 2.5, 4), Float32Array.of(1, 2, 3)));
    expect(message).to.equal(
      'n=3: out: element [1] expected 2 (0x40000000), got 2.5 (0x40200000) (compared bit for bit); 2 of 3 elements differ',
    );
  });

  it('rejects results of the wrong type or length', () => {
    expect(messageOf(() => expectF32Equal('r', [1, 2], Float32Array.of(1, 2)))).to.equal(
      'r: expected a Float32Array, got an Array',
    );
    expect(messageOf(() => expectF32Equal('r', Float32Array.of(1), Float32Array.of(1, 2)))).to.equal(
      'r: expected 2 elements, got 1',
    );
  });

  it('applies tolerances, but NaN and infinities must match exactly', () => {
    expect(withinTolerance(1.001, 1, 0.01)).to.equal(true);
    expect(withinTolerance(1.1, 1, 0.01)).to.equal(false);
    expect(withinTolerance(1e38, Infinity, 1e40)).to.equal(false);
    expect(withinTolerance(NaN, 1, 1)).to.equal(false);
    expect(withinTolerance(Infinity, 1, Infinity)).to.equal(false);
    expect(() => expectNumber('dot', 10.5, 10, 0.25)).to.throw(
      CheckFailure,
      'dot: expected 10, got 10.5 (compared within 2.500e-1; difference 0.5)',
    );
  });

  it('bounds float32 accumulations by gamma_n(u32) times the sum of absolute terms', () => {
    expect(gamma(3, 2 ** -24)).to.equal((3 * 2 ** -24) / (1 - 3 * 2 ** -24));
    expect(gamma(2 ** 24, 2 ** -24)).to.equal(Infinity);
    expect(accumulationBound('f32', 3, 8, 8)).to.be.closeTo(gamma(3, 2 ** -24) * 8, 1e-40);
  });

  it('bounds float64 accumulations by about (n u64 + u32) S + u32 |s|, far below float32 ones', () => {
    const n = 2 ** 20;
    const f64 = accumulationBound('f64', n, 1, 0.8);
    expect(f64).to.be.closeTo((n * 2 ** -53 + 2 ** -24) * 1 + 2 ** -24 * 0.8, 1e-12);
    expect(f64).to.be.below(1e-3 * 0.8);
    expect(accumulationBound('f32', n, 1, 0.8))
      .to.be.above(1e-3 * 0.8)
      .and.below(0.1 * 0.8);
  });

  it('admits every float32 summation order and the float64 sum within the bounds', () => {
    const r = new Random(11);
    const x = r.f32Array(50_000);
    const exact = compensatedSum(x);
    const absSum = x.reduce((s, v) => s + Math.abs(v), 0);
    let [forward, backward, f64] = [0, 0, 0];
    for (let i = 0; i < x.length; i++) {
      forward = Math.fround(forward + x[i]);
      backward = Math.fround(backward + x[x.length - 1 - i]);
      f64 += x[i];
    }
    const f32Bound = sumTolerance('f32', x.length, absSum, exact);
    expect(Math.abs(forward - exact)).to.be.at.most(f32Bound);
    expect(Math.abs(backward - exact)).to.be.at.most(f32Bound);
    expect(Math.abs(Math.fround(f64) - exact)).to.be.at.most(sumTolerance('f64', x.length, absSum, exact));
    expect(Math.abs(forward - exact)).to.be.above(sumTolerance('f64', x.length, absSum, exact));
  });

  it('expects coded errors and names what was thrown instead', async () => {
    await expectKnhkError(
      'ok',
      () => {
        throw new KnhkError('KNHK_E_ARG_LENGTH', 'bad');
      },
      'KNHK_E_ARG_LENGTH',
    );
    let message = '';
    await expectKnhkError(
      'add',
      () => {
        throw new TypeError('boom');
      },
      'KNHK_E_ARG_LENGTH',
    ).catch((e: Error) => (message = e.message));
    expect(message).to.equal('add: expected KNHK_E_ARG_LENGTH, but it threw an uncoded TypeError: boom');
    await expectKnhkError('add', () => 3, 'KNHK_E_ARG_TYPE').catch((e: Error) => (message = e.message));
    expect(message).to.equal('add: expected KNHK_E_ARG_TYPE, but it returned the number 3 without an error');
    await expectKnhkError(
      'copy',
      () => Promise.reject(new KnhkError('KNHK_E_BUFFER_RELEASED', 'gone')),
      'KNHK_E_BUFFER_RELEASED',
    );
  });
});

describe('conformance inputs', () => {
  it('are deterministic per seed and check id', () => {
    const draw = (r: Random) => Array.from({ length: 5 }, () => r.uint32());
    expect(draw(Random.forCheck(1, 'a'))).to.deep.equal(draw(Random.forCheck(1, 'a')));
    expect(draw(Random.forCheck(1, 'a'))).to.not.deep.equal(draw(Random.forCheck(1, 'b')));
    expect(draw(Random.forCheck(1, 'a'))).to.not.deep.equal(draw(Random.forCheck(2, 'a')));
  });

  it('draw integers and float32 values in their ranges', () => {
    const r = new Random(5);
    const ints = r.intArray(1000, -2, 2);
    expect(new Set(ints)).to.deep.equal(new Set([-2, -1, 0, 1, 2]));
    for (const x of r.f32Array(1000, -3, 3)) {
      expect(Math.abs(x)).to.be.within(2 ** -3, 2 ** 4);
      expect(x).to.equal(Math.fround(x));
    }
  });

  it('place values at offsets and strides with exact element counts', () => {
    const placed = placeValues(Float32Array.of(1, 2, 3), { offset: 1, stride: 3 }, 2, 0);
    expect([...placed]).to.deep.equal([0, 1, 0, 0, 2, 0, 0, 3, 0, 0]);
    expect([...takeValues(placed, { offset: 1, stride: 3 }, 3)]).to.deep.equal([1, 2, 3]);
  });

  it('cut streams into ordered chunks that end at the total', () => {
    const cuts = new Random(3).cuts(100, 7);
    expect(cuts[cuts.length - 1]).to.equal(100);
    for (let i = 1; i < cuts.length; i++) expect(cuts[i]).to.be.at.least(cuts[i - 1]);
  });
});
