import { expect } from 'chai';
import { throughputAtP99 } from '../src/consensus/consensus-bench.js';
import type { LoadFigures } from '../src/consensus/put-load.js';

const point = (opsPerSecond: number, p99Ms: number): LoadFigures => ({
  concurrency: 1,
  seconds: 1,
  ok: opsPerSecond,
  errors: 0,
  opsPerSecond,
  p50Ms: p99Ms / 2,
  p99Ms,
});

describe('consensus benchmark: throughput at equal p99', () => {
  const curve = [point(100, 10), point(800, 30), point(1600, 90)];

  it('interpolates between the measured points, in any order', () => {
    expect(throughputAtP99(curve, 20)).to.equal(450);
    expect(throughputAtP99([...curve].reverse(), 60)).to.equal(1200);
    expect(throughputAtP99(curve, 30)).to.equal(800);
  });

  it('gives the best measured throughput above the curve and nothing below it', () => {
    expect(throughputAtP99(curve, 200)).to.equal(1600);
    expect(throughputAtP99(curve, 5)).to.equal(undefined);
    expect(throughputAtP99([], 5)).to.equal(undefined);
  });
});
