/**
 * The pattern benchmark's corpus: the same bytes and patterns for the same seed, patterns of
 * 4 to 24 distinct bytes strings, and matches that occur but seldom (checked with the cpu
 * backend's matcher on a small corpus).
 */
import { expect } from 'chai';
import { CpuHostMemory, CpuPatternMatcher } from '@knhk/backend-cpu';
import { patternCorpus } from '../src/native-peers/pattern-corpus.js';

describe('@knhk/benchmarks pattern corpus', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = patternCorpus(50_000, 100, 7);
    const b = patternCorpus(50_000, 100, 7);
    const c = patternCorpus(50_000, 100, 8);
    expect(a.data).to.deep.equal(b.data);
    expect(a.patterns).to.deep.equal(b.patterns);
    expect(a.data).to.not.deep.equal(c.data);
  });

  it('has the requested size and distinct patterns of 4 to 24 bytes', () => {
    const { data, patterns } = patternCorpus(123_457, 1000);
    expect(data.length).to.equal(123_457);
    expect(patterns).to.have.length(1000);
    expect(new Set(patterns.map((p) => Buffer.from(p).toString('latin1'))).size).to.equal(1000);
    for (const p of patterns) expect(p.length).to.be.within(4, 24);
  });

  it('has matches, about one per one to four kilobytes', () => {
    const { data, patterns } = patternCorpus(2_000_000, 1000);
    const cpu = new CpuPatternMatcher(new CpuHostMemory());
    const matches = cpu.scan(cpu.compile(patterns), data).count;
    expect(data.length / matches).to.be.within(1000, 4000);
  });
});
