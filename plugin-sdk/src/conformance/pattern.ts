/**
 * Checks of the `pattern` capability: scans of random bytes and text with overlapping,
 * duplicate, suffix and single-byte patterns must list exactly the reference's matches;
 * streaming at random chunk boundaries must equal one scan; released sets, closed streams,
 * empty patterns and wrong types must throw their codes.
 */
import type { KnhkErrorCode, MatchList, PatternMatcher, PatternSet } from '@knhk/core';
import { typeName } from '@knhk/core';
import { attempt, expectKnhkError, expectThat, fail } from './compare.js';
import type { Random } from './random.js';
import type { CheckContext, ConformanceCheck } from './types.js';

type Pattern = Uint8Array | string;

/** One scan: patterns and the data to scan. */
interface ScanCase {
  readonly label: string;
  readonly patterns: readonly Pattern[];
  readonly data: Uint8Array;
}

const utf8 = new TextEncoder();
const bytes = (text: string): Uint8Array => utf8.encode(text);

function describePattern(pattern: Pattern | undefined): string {
  if (pattern === undefined) return '?';
  if (typeof pattern === 'string') return JSON.stringify(pattern);
  return `[${Array.from(pattern.subarray(0, 12)).join(' ')}${pattern.length > 12 ? ' ...' : ''}]`;
}

function describeMatch(list: MatchList, i: number, patterns: readonly Pattern[]): string {
  const id = list.ids[i];
  return `pattern ${id} ${describePattern(patterns[id])} ending at ${list.ends[i]}`;
}

/** Checks that `actual` is a well-formed MatchList. */
function expectMatchList(label: string, actual: unknown): MatchList {
  const list = actual as MatchList;
  expectThat(
    typeof list === 'object' && list !== null && typeof list.count === 'number',
    () => `${label}: expected a MatchList, got ${typeName(actual)}`,
  );
  expectThat(list.ids instanceof Uint32Array, () => `${label}: ids must be a Uint32Array, got ${typeName(list.ids)}`);
  expectThat(
    list.ends instanceof Float64Array,
    () => `${label}: ends must be a Float64Array, got ${typeName(list.ends)}`,
  );
  expectThat(
    list.ids.length >= list.count && list.ends.length >= list.count,
    () => `${label}: count is ${list.count} but ids has ${list.ids.length} and ends ${list.ends.length} elements`,
  );
  return list;
}

/** Compares matches exactly, naming the first missing, extra or different match. */
export function expectMatchesEqual(
  label: string,
  actual: unknown,
  expected: MatchList,
  patterns: readonly Pattern[],
): void {
  const got = expectMatchList(label, actual);
  const shared = Math.min(got.count, expected.count);
  for (let i = 0; i < shared; i++) {
    if (got.ids[i] !== expected.ids[i] || got.ends[i] !== expected.ends[i]) {
      fail(
        `${label}: match ${i} expected ${describeMatch(expected, i, patterns)}, got ${describeMatch(got, i, patterns)}`,
      );
    }
  }
  if (got.count > shared)
    fail(
      `${label}: ${got.count} matches, expected ${expected.count}; the first extra one is ${describeMatch(got, shared, patterns)}`,
    );
  if (expected.count > shared)
    fail(
      `${label}: ${got.count} matches, expected ${expected.count}; the first missing one is ${describeMatch(expected, shared, patterns)}`,
    );
}

function withSet<T>(
  matcher: PatternMatcher,
  patterns: readonly Pattern[],
  label: string,
  use: (set: PatternSet) => T,
): T {
  const set = attempt(`${label}: pattern.compile`, () => matcher.compile(patterns));
  try {
    return use(set);
  } finally {
    matcher.release(set);
  }
}

function referenceScan(ctx: CheckContext, patterns: readonly Pattern[], data: Uint8Array): MatchList {
  const ref = ctx.reference.get('pattern');
  return withSet(ref, patterns, "the reference's", (set) =>
    attempt("the reference's pattern.scan", () => ref.scan(set, data)),
  );
}

function runScan(ctx: CheckContext, c: ScanCase): void {
  const want = referenceScan(ctx, c.patterns, c.data);
  const data = c.data.slice();
  const got = withSet(ctx.subject.get('pattern'), c.patterns, c.label, (set) =>
    attempt(`${c.label}: pattern.scan`, () => ctx.subject.get('pattern').scan(set, data)),
  );
  expectMatchesEqual(`${c.label}: pattern.scan`, got, want, c.patterns);
}

/** Random substrings of `data` (so that they match), of lengths minLength..maxLength. */
function substrings(rng: Random, data: Uint8Array, count: number, minLength: number, maxLength: number): Uint8Array[] {
  return Array.from({ length: count }, () => {
    const length = rng.int(minLength, maxLength);
    const start = rng.int(0, data.length - length);
    return data.slice(start, start + length);
  });
}

function randomByteCases(rng: Random): ScanCase[] {
  return [2, 4, 256].map((alphabetSize) => {
    const alphabet = rng.bytes(alphabetSize);
    const data = rng.bytes(20_000, alphabet);
    const patterns = [
      ...substrings(rng, data, 20, 1, 8),
      ...Array.from({ length: 10 }, () => rng.bytes(rng.int(1, 6), alphabet)),
    ];
    return { label: `alphabet of ${alphabetSize} bytes`, patterns, data };
  });
}

const WORDS = ['the', 'cat', 'sat', 'on', 'mat', 'then', 'other', 'naïve', 'café', '日本語', 'über', 'at', 'he', 'her'];

function textCases(rng: Random): ScanCase[] {
  const text = Array.from({ length: 3000 }, () => rng.pick(WORDS)).join(rng.pick([' ', '  ', '\n']));
  const patterns = ['the', 'then', 'he', 'at', ' at', 'her', 'naïve', 'é', '日本', '本語', 'r\n', 'mat on'];
  return [{ label: 'text with UTF-8 strings', patterns, data: bytes(text) }];
}

function overlapCases(rng: Random): ScanCase[] {
  const lowEntropy = rng.bytes(5000, bytes('ab'));
  return [
    {
      label: 'he/she/his/hers',
      patterns: ['he', 'she', 'his', 'hers'],
      data: bytes('ushers she his hers hishe shehe'),
    },
    { label: 'runs of a', patterns: ['a', 'aa', 'aaa', 'aa'], data: bytes('aaaaaa baaa a') },
    { label: 'abab', patterns: ['abab', 'bab', 'ab', 'b', 'abab'], data: bytes('ababababab') },
    { label: 'suffixes', patterns: ['abcd', 'bcd', 'cd', 'd', 'bcd'], data: bytes('abcdabcdxbcd dd') },
    { label: 'a pattern inside another', patterns: ['xabcx', 'abc', 'b'], data: bytes('xabcxabcxxabcx') },
    { label: 'random overlapping substrings', patterns: substrings(rng, lowEntropy, 30, 1, 12), data: lowEntropy },
  ];
}

function singleByteCases(rng: Random): ScanCase[] {
  const everyByte = Uint8Array.from({ length: 4096 }, (_, i) => i % 256);
  return [
    {
      label: 'bytes 0, 255, 128 and "a"',
      patterns: [Uint8Array.of(0), Uint8Array.of(255), Uint8Array.of(128), 'a'],
      data: everyByte,
    },
    { label: 'one byte repeated', patterns: [Uint8Array.of(7)], data: new Uint8Array(777).fill(7) },
    {
      label: 'random data',
      patterns: [Uint8Array.of(rng.int(0, 255)), Uint8Array.of(rng.int(0, 255))],
      data: rng.bytes(10_000),
    },
  ];
}

function emptyCases(rng: Random): ScanCase[] {
  return [
    { label: 'no patterns', patterns: [], data: rng.bytes(100) },
    { label: 'empty data', patterns: ['ab', 'b'], data: new Uint8Array(0) },
    { label: 'patterns longer than the data', patterns: ['abcdef'], data: bytes('abcde') },
  ];
}

function viewCases(rng: Random): ScanCase[] {
  const backing = rng.bytes(3000, bytes('xyz'));
  const patterns = substrings(rng, backing, 10, 1, 5);
  return [
    { label: 'a view at byte offset 17', patterns, data: backing.subarray(17, 2900) },
    { label: 'a view of 1 byte', patterns, data: backing.subarray(100, 101) },
  ];
}

function largeCases(rng: Random, size: number): ScanCase[] {
  const data = rng.bytes(size, bytes('acgt'));
  return [{ label: `${size} bytes`, patterns: substrings(rng, data, 12, 1, 10), data }];
}

/**
 * Block and chunk sizes that backends scan in: SIMD prefilter blocks (16, 32 and 64 bytes:
 * the native Teddy and hash prefilters), the OpenCL work-item chunk (4 KiB,
 * `CHUNK_BYTES` in backends/opencl/src/pattern-matcher.ts) and a 64 KiB chunk (2^16), a
 * common buffer size of chunked scanners and streams.
 */
export const SCAN_CHUNK_SIZES: readonly number[] = [16, 32, 64, 4096, 1 << 16];

const BOUNDARY_PATTERNS = ['QRS', 'ABCDEFGH', 'MN', '0123456789JKLMNOPTUVW'];

/**
 * Data of 2^17 + 300 bytes (lowercase noise) with the patterns placed across block and chunk
 * boundaries: across every multiple of 4 KiB up to 2^17 (2^16 among them) and of 64 bytes
 * (so of 16 and 32 too) up to 1280, each pattern starting 1 to length - 1 bytes before the boundary (2^16 - k for a
 * pattern of k + j bytes), so that a scanner that restarts at a chunk boundary misses them.
 */
export function boundaryCase(rng: Random): ScanCase {
  const size = (1 << 17) + 300;
  const data = rng.bytes(size, bytes('xyzw'));
  const boundaries = [
    ...Array.from({ length: 20 }, (_, i) => 64 * (i + 1)),
    ...Array.from({ length: 32 }, (_, i) => 4096 * (i + 1)),
  ];
  boundaries.forEach((boundary, t) => {
    const pattern = bytes(BOUNDARY_PATTERNS[t % BOUNDARY_PATTERNS.length]);
    const before = 1 + ((t * 5) % (pattern.length - 1));
    data.set(pattern, boundary - before);
  });
  return { label: `patterns across ${SCAN_CHUNK_SIZES.join(', ')}-byte boundaries`, patterns: BOUNDARY_PATTERNS, data };
}

const boundaryStreamCheck: ConformanceCheck = {
  id: 'pattern.openStream: writes of 4 KiB and 64 KiB with matches across them',
  capability: 'pattern',
  run(ctx) {
    const c = boundaryCase(ctx.rng);
    const want = referenceScan(ctx, c.patterns, c.data);
    for (const chunk of [4096, 1 << 16]) {
      const label = `${c.label}, writes of ${chunk} bytes`;
      const cuts = Array.from({ length: Math.ceil(c.data.length / chunk) }, (_, i) =>
        Math.min(c.data.length, (i + 1) * chunk),
      );
      const got = withSet(ctx.subject.get('pattern'), c.patterns, label, (set) =>
        streamScan(ctx, set, c.data, cuts, label),
      );
      expectMatchesEqual(label, got, want, c.patterns);
    }
  },
};

function scanCheck(name: string, cases: (ctx: CheckContext) => ScanCase[]): ConformanceCheck {
  return {
    id: `pattern.scan: ${name}`,
    capability: 'pattern',
    run(ctx) {
      for (const c of cases(ctx)) runScan(ctx, c);
    },
  };
}

/** Writes `data` in chunks cut at `cuts`; returns all matches, checking `offset` after each write. */
function streamScan(
  ctx: CheckContext,
  set: PatternSet,
  data: Uint8Array,
  cuts: readonly number[],
  label: string,
): MatchList {
  const stream = attempt(`${label}: pattern.openStream`, () => ctx.subject.get('pattern').openStream(set));
  const ids: number[] = [];
  const ends: number[] = [];
  let start = 0;
  for (const end of cuts) {
    const list = expectMatchList(
      `${label}: write of bytes ${start}..${end}`,
      attempt(`${label}: stream.write`, () => stream.write(data.subarray(start, end))),
    );
    for (let i = 0; i < list.count; i++) {
      ids.push(list.ids[i]);
      ends.push(list.ends[i]);
    }
    expectThat(stream.offset === end, () => `${label}: stream.offset is ${stream.offset} after writing ${end} bytes`);
    start = end;
  }
  attempt(`${label}: stream.close`, () => stream.close());
  return { count: ids.length, ids: Uint32Array.from(ids), ends: Float64Array.from(ends) };
}

function streamCases(rng: Random): ScanCase[] {
  return [...randomByteCases(rng).slice(0, 2), ...textCases(rng), ...overlapCases(rng).slice(0, 4)];
}

const streamCheck: ConformanceCheck = {
  id: 'pattern.openStream: random chunk boundaries equal one scan',
  capability: 'pattern',
  run(ctx) {
    for (const c of streamCases(ctx.rng)) {
      const want = referenceScan(ctx, c.patterns, c.data);
      for (const maxChunk of [1, 3, 64, 5000]) {
        const label = `${c.label}, chunks of up to ${maxChunk} bytes`;
        const cuts = ctx.rng.cuts(c.data.length, maxChunk);
        const got = withSet(ctx.subject.get('pattern'), c.patterns, label, (set) =>
          streamScan(ctx, set, c.data, cuts, label),
        );
        expectMatchesEqual(label, got, want, c.patterns);
      }
    }
  },
};

const twoStreamsCheck: ConformanceCheck = {
  id: 'pattern.openStream: two streams of one set are independent',
  capability: 'pattern',
  run(ctx) {
    const patterns = ['abab', 'ba', 'b'];
    const [x, y] = [ctx.rng.bytes(400, bytes('ab')), ctx.rng.bytes(300, bytes('ab'))];
    const matcher = ctx.subject.get('pattern');
    withSet(matcher, patterns, 'two streams', (set) => {
      const streams = [matcher.openStream(set), matcher.openStream(set)];
      const found: [number[], number[]][] = [
        [[], []],
        [[], []],
      ];
      for (let at = 0; at < 400; at += 7) {
        [x, y].forEach((data, s) => {
          const list = attempt(`stream ${s}: write`, () =>
            streams[s].write(data.subarray(Math.min(at, data.length), Math.min(at + 7, data.length))),
          );
          for (let i = 0; i < list.count; i++) {
            found[s][0].push(list.ids[i]);
            found[s][1].push(list.ends[i]);
          }
        });
      }
      streams.forEach((stream) => stream.close());
      [x, y].forEach((data, s) => {
        const got = {
          count: found[s][0].length,
          ids: Uint32Array.from(found[s][0]),
          ends: Float64Array.from(found[s][1]),
        };
        expectMatchesEqual(`stream ${s} of two interleaved`, got, referenceScan(ctx, patterns, data), patterns);
      });
    });
  },
};

function handleCheck(): ConformanceCheck {
  return {
    id: 'pattern.compile: returns a pattern-set handle of this plugin',
    capability: 'pattern',
    run(ctx) {
      const matcher = ctx.subject.get('pattern');
      const set = attempt('pattern.compile', () => matcher.compile(['ab', bytes('cd'), 'ab']));
      expectThat(set.kind === 'pattern-set', () => `kind is ${JSON.stringify(set.kind)}, expected "pattern-set"`);
      expectThat(set.count === 3, () => `count is ${set.count}, expected 3 (duplicates count)`);
      expectThat(
        set.provider === ctx.subject.name,
        () =>
          `provider is ${JSON.stringify(set.provider)}, expected the plugin's name ${JSON.stringify(ctx.subject.name)}`,
      );
      expectThat(set.released === false, () => 'a new set must not be released');
      attempt('pattern.release', () => matcher.release(set));
      expectThat(set.released === true, () => 'released must be true after release()');
    },
  };
}

/** Whether the plugin under test registers a pattern operation (`scan`, `openStream`, ...). */
type Registers = (operation: string) => boolean;

/**
 * A rejection check: each call must throw its code. Every such check compiles a set, so it
 * runs when the plugin registers `compile`; of the other operations it calls only those the
 * plugin registers (a plugin may scan without streaming).
 */
function rejectCheck(
  id: string,
  calls: (m: PatternMatcher, registers: Registers) => readonly (readonly [string, KnhkErrorCode, () => unknown])[],
): ConformanceCheck {
  return {
    id,
    capability: 'pattern',
    operation: 'compile',
    async run(ctx) {
      const matcher = ctx.subject.get('pattern');
      const registers: Registers = (operation) => ctx.subject.registers('pattern', operation);
      const list = attempt('preparing the sets and streams of the check', () => calls(matcher, registers));
      for (const [label, code, call] of list) await expectKnhkError(label, call, code);
    },
  };
}

function releasedCalls(m: PatternMatcher, registers: Registers): [string, KnhkErrorCode, () => unknown][] {
  const set = m.compile(['ab']);
  m.release(set);
  const code = 'KNHK_E_BUFFER_RELEASED';
  const calls: [string, KnhkErrorCode, () => unknown][] = [];
  if (registers('scan')) calls.push(['pattern.scan of a released set', code, () => m.scan(set, bytes('abab'))]);
  if (registers('openStream')) {
    const open = m.compile(['ab']);
    const stream = m.openStream(open);
    stream.write(bytes('a'));
    stream.close();
    m.release(open);
    calls.push(
      ['pattern.openStream of a released set', code, () => m.openStream(set)],
      ['stream.write after close()', code, () => stream.write(bytes('b'))],
    );
  }
  return calls;
}

function emptyPatternCalls(m: PatternMatcher): [string, KnhkErrorCode, () => unknown][] {
  const code = 'KNHK_E_ARG_INVALID';
  return [
    ["pattern.compile([''])", code, () => m.compile([''])],
    ['pattern.compile([empty Uint8Array])', code, () => m.compile([new Uint8Array(0)])],
    ["pattern.compile(['a', ''])", code, () => m.compile(['a', ''])],
  ];
}

function typeCalls(m: PatternMatcher, registers: Registers): [string, KnhkErrorCode, () => unknown][] {
  const set = m.compile(['ab']);
  const code = 'KNHK_E_ARG_TYPE';
  const calls: [string, KnhkErrorCode, () => unknown][] = [];
  if (registers('scan')) {
    calls.push(
      ['pattern.scan(set, plain array)', code, () => m.scan(set, [97, 98] as unknown as Uint8Array)],
      ["pattern.scan(set, 'ab')", code, () => m.scan(set, 'ab' as unknown as Uint8Array)],
      ['pattern.scan(set, Float32Array)', code, () => m.scan(set, new Float32Array(2) as unknown as Uint8Array)],
    );
  }
  if (registers('openStream')) {
    calls.push(['stream.write(plain array)', code, () => m.openStream(set).write([97] as unknown as Uint8Array)]);
  }
  calls.push(
    ['pattern.compile([plain array])', code, () => m.compile([[97, 98] as unknown as Uint8Array])],
    ['pattern.compile([42])', code, () => m.compile([42 as unknown as string])],
  );
  return calls;
}

/** Every check of the `pattern` capability. */
export function patternChecks(): ConformanceCheck[] {
  return [
    handleCheck(),
    scanCheck('random byte patterns', (ctx) => randomByteCases(ctx.rng)),
    scanCheck('text and UTF-8 strings', (ctx) => textCases(ctx.rng)),
    scanCheck('overlapping, duplicate and suffix patterns', (ctx) => overlapCases(ctx.rng)),
    scanCheck('single-byte patterns', (ctx) => singleByteCases(ctx.rng)),
    scanCheck('no patterns, empty data', (ctx) => emptyCases(ctx.rng)),
    scanCheck('data in a view of a larger buffer', (ctx) => viewCases(ctx.rng)),
    scanCheck('large size', (ctx) => largeCases(ctx.rng, ctx.options.largeSize)),
    scanCheck('matches across block and chunk boundaries (16 B to 64 KiB)', (ctx) => [boundaryCase(ctx.rng)]),
    streamCheck,
    boundaryStreamCheck,
    twoStreamsCheck,
    rejectCheck('pattern: released sets and closed streams throw KNHK_E_BUFFER_RELEASED', releasedCalls),
    rejectCheck('pattern.compile: an empty pattern throws KNHK_E_ARG_INVALID', emptyPatternCalls),
    rejectCheck('pattern: plain arrays and other types throw KNHK_E_ARG_TYPE', typeCalls),
  ];
}
