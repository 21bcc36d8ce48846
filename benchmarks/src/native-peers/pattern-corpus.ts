/**
 * The pattern-matching benchmark's data: deterministic log-like text and literal patterns with
 * a realistic match density. A vocabulary of pseudo-words is drawn with Zipf frequencies (a
 * few very common words, a long tail of rare ones) into lines of words, separators and
 * numbers; the patterns are mostly rare vocabulary words and two-word phrases (so they occur,
 * but seldom) plus strings that never occur. Pure: no I/O.
 */
import { SeededRandom } from '@knhk/core';

/** The corpus: data to scan and patterns to find. */
export interface PatternCorpus {
  readonly data: Uint8Array;
  readonly patterns: Uint8Array[];
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const VOCABULARY_SIZE = 50_000;
const SEPARATORS = [' ', ' ', ' ', ' ', ', ', '. ', ': ', ' - ', '\n', '=', '/'];

function pseudoWord(rng: SeededRandom): string {
  const length = 2 + rng.int(9) + rng.int(4);
  let word = '';
  for (let i = 0; i < length; i++) word += LETTERS[rng.int(LETTERS.length)];
  return word;
}

/** Cumulative Zipf (s = 1) weights over ranks 1..n, normalised to 1. */
function zipfCumulative(n: number): Float64Array {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) cumulative[r] = total += 1 / (r + 1);
  for (let r = 0; r < n; r++) cumulative[r] /= total;
  return cumulative;
}

function drawRank(rng: SeededRandom, cumulative: Float64Array): number {
  const u = rng.next();
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `bytes` of text and `patternCount` patterns (4 to 24 bytes), the same for the same seed.
 * Of the patterns, 70% are words of vocabulary ranks 1000 and above, 20% two-word phrases of
 * such words, 10% random strings that do not occur.
 */
export function patternCorpus(bytes: number, patternCount: number, seed = 2024): PatternCorpus {
  const rng = new SeededRandom(seed);
  const vocabulary = Array.from({ length: VOCABULARY_SIZE }, () => pseudoWord(rng));
  const encoder = new TextEncoder();
  const encoded = vocabulary.map((w) => encoder.encode(w));
  const separators = SEPARATORS.map((s) => encoder.encode(s));
  const cumulative = zipfCumulative(VOCABULARY_SIZE);
  const data = new Uint8Array(bytes);
  for (let at = 0; at < bytes;) {
    const piece = rng.int(20) === 0 ? encoder.encode(String(rng.int(100_000))) : encoded[drawRank(rng, cumulative)];
    const separator = separators[rng.int(separators.length)];
    for (const part of [piece, separator]) {
      const n = Math.min(part.length, bytes - at);
      data.set(part.subarray(0, n), at);
      at += n;
    }
  }
  const rare = (): string => {
    for (;;) {
      const word = vocabulary[1000 + rng.int(VOCABULARY_SIZE - 1000)];
      if (word.length >= 4) return word;
    }
  };
  const patterns = new Set<string>();
  while (patterns.size < patternCount) {
    const kind = rng.next();
    const text = kind < 0.7 ? rare() : kind < 0.9 ? `${rare()} ${rare()}` : `${pseudoWord(rng)}#${pseudoWord(rng)}`;
    if (text.length <= 24) patterns.add(text);
  }
  return { data, patterns: [...patterns].map((p) => encoder.encode(p)) };
}
