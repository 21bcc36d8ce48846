/**
 * Pattern sets and data for the native matcher's tests, chosen to reach every strategy
 * (Teddy, hashed prefix, Aho-Corasick) with overlapping, repeated and suffix patterns, and
 * the cpu backend's matcher as the reference.
 */
import { CpuHostMemory, CpuPatternMatcher } from '@knhk/backend-cpu';
import { SeededRandom, type MatchList } from '@knhk/core';

/** One test case: patterns, data, and the strategy the native compiler should choose. */
export interface PatternCase {
  readonly label: string;
  readonly patterns: Uint8Array[];
  readonly data: Uint8Array;
  readonly strategy: 'empty' | 'teddy' | 'prefix-hash' | 'aho-corasick';
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function bytesFrom(rng: SeededRandom, n: number, alphabet: Uint8Array): Uint8Array {
  return Uint8Array.from({ length: n }, () => alphabet[rng.int(alphabet.length)]);
}

function substrings(rng: SeededRandom, data: Uint8Array, count: number, min: number, max: number): Uint8Array[] {
  return Array.from({ length: count }, () => {
    const length = min + rng.int(max - min + 1);
    const start = rng.int(data.length - length + 1);
    return data.slice(start, start + length);
  });
}

/** The cases, deterministic for a seed. */
export function patternCases(seed: number): PatternCase[] {
  const rng = new SeededRandom(seed);
  const acgt = bytesFrom(rng, 20_000, text('acgt'));
  const ab = bytesFrom(rng, 5000, text('ab'));
  const all = bytesFrom(
    rng,
    30_000,
    Uint8Array.from({ length: 256 }, (_, i) => i),
  );
  const words = bytesFrom(rng, 40_000, text('abcdefghijklmnopqrstuvwxyz    '));
  return [
    { label: 'no patterns', patterns: [], data: acgt, strategy: 'empty' },
    {
      label: 'he/she/his/hers',
      patterns: ['he', 'she', 'his', 'hers'].map(text),
      data: text('ushers she his hers hishe shehe'),
      strategy: 'teddy',
    },
    {
      label: 'runs of a',
      patterns: ['a', 'aa', 'aaa', 'aa'].map(text),
      data: text('aaaaaa baaa a'),
      strategy: 'teddy',
    },
    {
      label: 'one byte patterns',
      patterns: [Uint8Array.of(0), Uint8Array.of(255), Uint8Array.of(128)],
      data: all,
      strategy: 'teddy',
    },
    { label: 'teddy, width 2', patterns: substrings(rng, ab, 15, 2, 12), data: ab, strategy: 'teddy' },
    { label: 'teddy, width 3, dna', patterns: substrings(rng, acgt, 16, 3, 20), data: acgt, strategy: 'teddy' },
    { label: 'teddy, all bytes', patterns: substrings(rng, all, 16, 3, 9), data: all, strategy: 'teddy' },
    {
      label: 'prefix-hash, words',
      patterns: substrings(rng, words, 1000, 4, 16),
      data: words,
      strategy: 'prefix-hash',
    },
    {
      label: 'prefix-hash, 3-byte keys',
      patterns: substrings(rng, acgt, 200, 3, 8),
      data: acgt,
      strategy: 'prefix-hash',
    },
    { label: 'prefix-hash, all bytes', patterns: substrings(rng, all, 300, 4, 30), data: all, strategy: 'prefix-hash' },
    {
      label: 'aho-corasick, short patterns',
      patterns: substrings(rng, acgt, 100, 1, 8),
      data: acgt,
      strategy: 'aho-corasick',
    },
    {
      label: 'prefix-hash, 17 patterns',
      patterns: substrings(rng, words, 17, 3, 9),
      data: words,
      strategy: 'prefix-hash',
    },
    {
      label: 'aho-corasick, 17 patterns',
      patterns: substrings(rng, words, 17, 1, 9),
      data: words,
      strategy: 'aho-corasick',
    },
    { label: 'aho-corasick, runs', patterns: substrings(rng, ab, 80, 2, 6), data: ab, strategy: 'aho-corasick' },
    { label: 'longer than the data', patterns: [text('abcdef')], data: text('abcde'), strategy: 'teddy' },
    { label: 'empty data', patterns: [text('ab'), text('b')], data: new Uint8Array(0), strategy: 'teddy' },
  ];
}

/** The cpu backend's matches for the case. */
export function referenceMatches(c: PatternCase): MatchList {
  const cpu = new CpuPatternMatcher(new CpuHostMemory());
  const set = cpu.compile(c.patterns);
  try {
    return cpu.scan(set, c.data);
  } finally {
    cpu.release(set);
  }
}

/** Chunk ends 0 < cut_1 < ... < n for a stream, with chunks of 1 to maxChunk bytes. */
export function randomCuts(seed: number, n: number, maxChunk: number): number[] {
  const rng = new SeededRandom(seed);
  const cuts: number[] = [];
  for (let at = 0; at < n;) {
    at = Math.min(n, at + 1 + rng.int(maxChunk));
    cuts.push(at);
  }
  return cuts;
}

/** Concatenates the match lists of a stream's writes. */
export function concatMatches(lists: readonly MatchList[]): MatchList {
  const ids = lists.flatMap((l) => Array.from(l.ids));
  const ends = lists.flatMap((l) => Array.from(l.ends));
  return { count: ids.length, ids: Uint32Array.from(ids), ends: Float64Array.from(ends) };
}
