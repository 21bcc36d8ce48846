import { expect } from 'chai';
import {
  type WisdomEntry,
  type Wisdom,
  type WisdomFigures,
  choosePoints,
  medianInterval,
  medianRanks,
  overlaps,
  selectionSegments,
} from '../src/index.js';

/** Figures with a median and its interval; the other figures follow the median. */
function fig(medianNs: number, lowNs: number, highNs: number): WisdomFigures {
  return { medianNs, medianLowNs: lowNs, medianHighNs: highNs, meanNs: medianNs, p99Ns: highNs, samples: 100 };
}

function wisdomOf(points: WisdomEntry['points']): Wisdom {
  const entry: WisdomEntry = { capability: 'vector', operation: 'add', points, failures: [] };
  return {
    format: 'knhk-wisdom/2',
    createdAt: '2026-01-01T00:00:00.000Z',
    effort: 'quick',
    fingerprint: 'test',
    plugins: [],
    machine: {} as Wisdom['machine'],
    entries: [entry],
  };
}

const SIZES = Array.from({ length: 20 }, (_, i) => 2 ** (i + 4));

describe('the median interval from order statistics', () => {
  it('picks the ranks of the binomial table (95%): n=6 [1,6], n=10 [2,9], n=20 [6,15], n=100 [40,61]', () => {
    const ranks = (n: number) => {
      const r = medianRanks(n);
      return [r.lower, r.upper];
    };
    expect(ranks(6)).to.deep.equal([1, 6]);
    expect(ranks(10)).to.deep.equal([2, 9]);
    expect(ranks(20)).to.deep.equal([6, 15]);
    expect(ranks(100)).to.deep.equal([40, 61]);
    expect(medianRanks(20).coverage).to.be.closeTo(0.9586, 1e-4);
    expect(medianRanks(100).coverage).to.be.at.least(0.95);
  });

  it('is the whole range below 6 samples, where no pair of ranks reaches 95%', () => {
    expect(medianRanks(5)).to.deep.include({ lower: 1, upper: 5 });
    expect(medianRanks(5).coverage).to.be.closeTo(1 - 2 / 32, 1e-12);
    expect(medianInterval([7])).to.deep.equal({ low: 7, high: 7 });
  });

  it('reads the values at those ranks from the sorted samples', () => {
    const sorted = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
    expect(medianInterval(sorted)).to.deep.equal({ low: 60, high: 150 });
  });

  it('rejects a count that is not a positive integer', () => {
    expect(() => medianRanks(0)).to.throw(RangeError);
    expect(() => medianRanks(2.5)).to.throw(RangeError);
  });
});

describe('choosing across sizes with ties', () => {
  it('does not alternate between two providers of equal speed whose medians swap on noise', () => {
    // Medians swap at every size, as on a memory-bound machine; the intervals overlap everywhere.
    const points = SIZES.map((size, i) => ({
      size,
      param: size,
      providers: {
        avx2: fig(i % 2 === 0 ? 200 : 210, 190, 220),
        avx512: fig(i % 2 === 0 ? 210 : 200, 195, 225),
      },
    }));
    const priority = (name: string): number => ({ avx512: 70, avx2: 60 })[name] ?? 0;
    const choices = choosePoints(points, { priority });
    expect(new Set(choices.map((c) => c.chosen))).to.deep.equal(new Set(['avx512']));
    expect(choices[0].tie?.keptBy).to.equal('priority');
    expect(choices.slice(1).every((c) => c.tie?.keptBy === 'neighbour')).to.equal(true);
    const segments = selectionSegments(wisdomOf(points), { avx512: 70, avx2: 60 });
    expect(segments).to.have.length(1);
    expect(segments[0]).to.deep.include({ chosen: 'avx512', runnerUp: 'avx2' });
    expect(segments[0].sizeRange).to.deep.equal({ min: 0, max: Number.MAX_SAFE_INTEGER });
    expect(segments[0].tie?.text).to.equal(
      'tie: avx512 [195, 225] ns overlaps avx2 [190, 220] ns; kept avx512, by declared priority (avx512 70, avx2 60)',
    );
  });

  it('still switches at a real crossover, where the intervals part', () => {
    const points = SIZES.map((size, i) => ({
      size,
      param: size,
      providers:
        i < 10
          ? { small: fig(100, 95, 105), large: fig(200, 190, 210) }
          : { small: fig(400, 390, 410), large: fig(200, 190, 210) },
    }));
    const segments = selectionSegments(wisdomOf(points));
    expect(segments.map((s) => s.chosen)).to.deep.equal(['small', 'large']);
    expect(segments[0].tie).to.equal(undefined);
    expect(segments[1].sizeRange.min).to.equal(Math.round(Math.sqrt(SIZES[9] * SIZES[10])));
    expect(segments[0].sizeRange.max).to.equal(segments[1].sizeRange.min - 1);
    expect(segments[0].measuredSizes).to.deep.equal(SIZES.slice(0, 10));
  });

  it('keeps the neighbour through a tie and switches only once the other is clearly faster', () => {
    const points = [
      { size: 16, param: 16, providers: { a: fig(100, 95, 105), b: fig(150, 140, 160) } },
      { size: 64, param: 64, providers: { a: fig(130, 120, 140), b: fig(125, 118, 132) } },
      { size: 256, param: 256, providers: { a: fig(300, 290, 310), b: fig(150, 145, 155) } },
    ];
    const choices = choosePoints(points, { priority: (n) => (n === 'b' ? 10 : 0) });
    expect(choices.map((c) => c.chosen)).to.deep.equal(['a', 'a', 'b']);
    expect(choices[1].tie?.keptBy).to.equal('neighbour');
    expect(choices[1].tie?.text).to.equal(
      'tie: a [120, 140] ns overlaps b [118, 132] ns; kept a, chosen at the neighbouring size',
    );
    // The fallback below the chosen one is by median.
    expect(choices[1].order).to.deep.equal(['a', 'b']);
  });

  it('ignores a lead seen at one size only: a crossover must hold at the next size too', () => {
    // b beats a beyond the noise at 256 alone (one noisy size among equals): a stays everywhere.
    const sizes = [16, 64, 256, 1024, 4096];
    const points = sizes.map((size) => ({
      size,
      param: size,
      providers:
        size === 256
          ? { a: fig(300, 290, 310), b: fig(150, 145, 155) }
          : { a: fig(100, 95, 105), b: fig(101, 96, 106) },
    }));
    const choices = choosePoints(points, { priority: (n) => (n === 'a' ? 10 : 0) });
    expect(choices.map((c) => c.chosen)).to.deep.equal(['a', 'a', 'a', 'a', 'a']);
    expect(choices[2].tie?.keptBy).to.equal('unconfirmed');
    expect(choices[2].tie?.text).to.equal(
      'unconfirmed crossover: b [145, 155] ns beats a [290, 310] ns at this size only (not at the next size, or, at the largest size, by less than 25%); kept a, chosen at the neighbouring size',
    );
    expect(choices[2].order).to.deep.equal(['a', 'b']);
    const segments = selectionSegments(wisdomOf(points), { a: 10 });
    expect(segments).to.have.length(1);
    expect(segments[0].tie?.keptBy).to.equal('priority');
  });

  it('switches where the lead holds at two neighbouring sizes, and at the last size, which has no next, only on a wide lead', () => {
    const lead = { a: fig(300, 290, 310), b: fig(150, 145, 155) };
    const even = { a: fig(100, 95, 105), b: fig(200, 190, 210) };
    const at = (providers: typeof lead, size: number) => ({ size, param: size, providers });
    const twice = choosePoints([at(even, 16), at(even, 64), at(lead, 256), at(lead, 1024)]);
    expect(twice.map((c) => c.chosen)).to.deep.equal(['a', 'a', 'b', 'b']);
    expect(twice[2].tie).to.equal(undefined);
    const last = choosePoints([at(even, 16), at(even, 64), at(lead, 256)]);
    expect(last.map((c) => c.chosen)).to.deep.equal(['a', 'a', 'b']);
    // At the largest size a lead of a few percent beyond the noise is not enough on its own.
    const close = { a: fig(120, 118, 122), b: fig(100, 98, 102) };
    const lastClose = choosePoints([at(even, 16), at(even, 64), at(close, 256)]);
    expect(lastClose.map((c) => c.chosen)).to.deep.equal(['a', 'a', 'a']);
    expect(lastClose[2].tie?.keptBy).to.equal('unconfirmed');
    // The next size lacks a's figure (a failed there): nothing contradicts the crossover.
    const gone = choosePoints([
      at(even, 16),
      at(lead, 64),
      { size: 256, param: 256, providers: { b: fig(150, 145, 155) } },
    ]);
    expect(gone.map((c) => c.chosen)).to.deep.equal(['a', 'b', 'b']);
  });

  it('settles a tie with no neighbour by declared priority, then by name', () => {
    const points = [
      { size: 16, param: 16, providers: { a: fig(100, 90, 110), b: fig(101, 91, 111), c: fig(500, 490, 510) } },
    ];
    expect(choosePoints(points, { priority: (n) => (n === 'b' ? 5 : 0) })[0].order).to.deep.equal(['b', 'a', 'c']);
    expect(choosePoints(points)[0].order).to.deep.equal(['a', 'b', 'c']);
  });

  it('leaves out excluded providers and those not asked for', () => {
    const points = [{ size: 16, param: 16, providers: { a: fig(100, 90, 110), b: fig(300, 290, 310) } }];
    expect(choosePoints(points, { excluded: new Set(['a']) })[0].order).to.deep.equal(['b']);
    expect(choosePoints(points, { only: new Set(['b']) })[0].chosen).to.equal('b');
  });
});

describe('overlapping intervals', () => {
  it('counts intervals within the run-to-run margin as overlapping, and farther ones as apart', () => {
    const a = { medianNs: 100, lowNs: 95, highNs: 100 };
    expect(overlaps(a, { medianNs: 104, lowNs: 103, highNs: 110 })).to.equal(true);
    expect(overlaps(a, { medianNs: 104, lowNs: 103, highNs: 110 }, 0)).to.equal(false);
    expect(overlaps(a, { medianNs: 120, lowNs: 115, highNs: 125 })).to.equal(false);
    expect(overlaps(a, { medianNs: 98, lowNs: 97, highNs: 99 }, 0)).to.equal(true);
  });
});
