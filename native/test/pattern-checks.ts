/**
 * Checks of one ISA's native pattern functions: exactly the cpu backend's matches, in one
 * scan and in streams cut at random, with each strategy; a released set and a closed stream
 * answer KNHK_E_BUFFER_RELEASED; bad arguments are coded. Run on every ISA this CPU runs
 * (pattern.test.ts) and on the emulated NEON and AVX-512 Teddy kernels (emulation.test.ts).
 */
import { expect } from 'chai';
import type { NativeKernels } from '../src/index.js';
import { concatMatches, patternCases, randomCuts, referenceMatches } from './pattern-cases.js';

function codeOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  throw new Error('expected the call to throw');
}

/** The pattern functions of one ISA's kernels. */
export type PatternKernels = Pick<
  NativeKernels,
  | 'compilePatterns'
  | 'patternStrategy'
  | 'patternScan'
  | 'patternRelease'
  | 'patternOpenStream'
  | 'patternStreamWrite'
  | 'patternStreamClose'
>;

/** Describes the checks of `kernels()` (called when the suite runs) under `title`. */
export function describePatternChecks(title: string, kernels: () => PatternKernels): void {
  describe(title, () => {
    let k: PatternKernels;
    before(() => {
      k = kernels();
    });

    it('chooses the strategy for the set and lists exactly the reference matches', () => {
      for (const c of patternCases(7)) {
        const set = k.compilePatterns(c.patterns);
        expect(k.patternStrategy(set), c.label).to.equal(c.strategy);
        const got = k.patternScan(set, c.data);
        const want = referenceMatches(c);
        expect(got.count, c.label).to.equal(want.count);
        expect(got.ids, c.label).to.deep.equal(want.ids);
        expect(got.ends, c.label).to.deep.equal(want.ends);
        k.patternRelease(set);
      }
    });

    it('finds the same matches in streams cut at random, across chunk boundaries', () => {
      for (const c of patternCases(7)) {
        const want = referenceMatches(c);
        for (const maxChunk of [1, 7, 100, 5000]) {
          const set = k.compilePatterns(c.patterns);
          const stream = k.patternOpenStream(set);
          let from = 0;
          const lists = randomCuts(maxChunk, c.data.length, maxChunk).map((to) => {
            const list = k.patternStreamWrite(stream, c.data.subarray(from, to));
            from = to;
            return list;
          });
          const got = concatMatches(lists);
          expect(got.ids, `${c.label}, chunks up to ${maxChunk}`).to.deep.equal(want.ids);
          expect(got.ends, `${c.label}, chunks up to ${maxChunk}`).to.deep.equal(want.ends);
          k.patternStreamClose(stream);
          k.patternRelease(set);
        }
      }
    });

    it('scans a subarray view from its own first byte', () => {
      const backing = new TextEncoder().encode('xxabcabcxx');
      const set = k.compilePatterns([new TextEncoder().encode('abc')]);
      const got = k.patternScan(set, backing.subarray(2, 8));
      expect(Array.from(got.ends)).to.deep.equal([3, 6]);
    });

    it('answers KNHK_E_BUFFER_RELEASED after release and close, and releasing twice is harmless', () => {
      const set = k.compilePatterns([Uint8Array.of(1, 2)]);
      const stream = k.patternOpenStream(set);
      k.patternRelease(set);
      k.patternRelease(set);
      expect(codeOf(() => k.patternScan(set, new Uint8Array(4)))).to.equal('KNHK_E_BUFFER_RELEASED');
      expect(codeOf(() => k.patternOpenStream(set))).to.equal('KNHK_E_BUFFER_RELEASED');
      expect(codeOf(() => k.patternStreamWrite(stream, new Uint8Array(4)))).to.equal('KNHK_E_BUFFER_RELEASED');
      const other = k.compilePatterns([Uint8Array.of(1)]);
      const closed = k.patternOpenStream(other);
      k.patternStreamClose(closed);
      expect(codeOf(() => k.patternStreamWrite(closed, new Uint8Array(4)))).to.equal('KNHK_E_BUFFER_RELEASED');
    });

    it('rejects bad arguments with coded errors, never a crash', () => {
      // Untyped on purpose: these calls pass what the types forbid.
      const u = k as unknown as Record<string, (...args: unknown[]) => unknown>;
      const set = k.compilePatterns([Uint8Array.of(1)]);
      const stream = k.patternOpenStream(set);
      expect(codeOf(() => u.compilePatterns())).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(() => u.compilePatterns('ab'))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(() => u.compilePatterns(['ab']))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(() => u.compilePatterns([new Uint16Array(2)]))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(() => u.compilePatterns([new Uint8Array(0)]))).to.equal('KNHK_E_ARG_INVALID');
      for (const wrong of [undefined, null, {}, 1, 'set', new Uint8Array(2), stream]) {
        expect(codeOf(() => u.patternScan(wrong, new Uint8Array(2)))).to.equal('KNHK_E_ARG_TYPE');
        expect(codeOf(() => u.patternRelease(wrong))).to.equal('KNHK_E_ARG_TYPE');
        expect(codeOf(() => u.patternOpenStream(wrong))).to.equal('KNHK_E_ARG_TYPE');
      }
      for (const wrong of [undefined, null, {}, set, new Uint8Array(2)]) {
        expect(codeOf(() => u.patternStreamWrite(wrong, new Uint8Array(2)))).to.equal('KNHK_E_ARG_TYPE');
        expect(codeOf(() => u.patternStreamClose(wrong))).to.equal('KNHK_E_ARG_TYPE');
      }
      for (const wrong of [undefined, 'ab', [1, 2], new Int8Array(2), new Float32Array(2), new ArrayBuffer(2)]) {
        expect(codeOf(() => u.patternScan(set, wrong))).to.equal('KNHK_E_ARG_TYPE');
        expect(codeOf(() => u.patternStreamWrite(stream, wrong))).to.equal('KNHK_E_ARG_TYPE');
      }
      expect(codeOf(() => u.patternScan(set))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(() => u.patternScan(set, new Uint8Array(1), 3))).to.equal('KNHK_E_ARG_TYPE');
    });
  });
}
