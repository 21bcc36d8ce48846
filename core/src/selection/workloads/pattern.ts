import type { Workload } from './workload.js';

const SCAN_BYTES = 1 << 20;
const ALPHABET = 'etaoinshrdlucmfw';

function randomText(length: number, random: () => number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = ALPHABET.charCodeAt(Math.floor(random() * ALPHABET.length));
  return out;
}

/**
 * A set of `count` literal patterns (4 to 12 letters) scanning 1 MiB of text over the same
 * letters. It decides `pattern.compile`: the provider that compiles a set also scans with it.
 */
export const PATTERN_WORKLOADS: readonly Workload<'pattern'>[] = [
  {
    capability: 'pattern',
    operation: 'compile',
    what: 'scan 1 MiB of text with a compiled set of literal patterns',
    paramName: 'patterns',
    params: { quick: [10, 100, 1000], thorough: [10, 100, 1000, 10000] },
    selectionSize: (count) => count,
    // Every call scans the same bytes, whatever the number of patterns.
    figure: { name: 'GB/s', value: (_count, ns) => SCAN_BYTES / ns },
    bind(pattern, count, random) {
      const patterns = Array.from({ length: count }, () => randomText(4 + Math.floor(random() * 9), random));
      const set = pattern.compile(patterns);
      const text = randomText(SCAN_BYTES, random);
      return { run: () => void pattern.scan(set, text), dispose: () => pattern.release(set) };
    },
  },
];
