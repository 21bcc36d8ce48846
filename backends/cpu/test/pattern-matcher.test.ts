import type { MatchList, PatternMatcher, PatternSet, DeviceMemory, PluginInstance } from '@knhk/core';
import { expect } from 'chai';
import { startCpu } from './cpu-instance.js';
import { expectCode } from './knhk-assertions.js';
import { TestRandom } from './test-random.js';

const utf8 = new TextEncoder();

/** Every (end, id) of every pattern in data, by trying each pattern at each position. */
function naiveMatches(patterns: readonly Uint8Array[], data: Uint8Array): [number, number][] {
  const found: [number, number][] = [];
  for (let end = 1; end <= data.length; end++) {
    patterns.forEach((pattern, id) => {
      const start = end - pattern.length;
      if (start < 0) return;
      for (let i = 0; i < pattern.length; i++) if (data[start + i] !== pattern[i]) return;
      found.push([end, id]);
    });
  }
  return found; // ends ascending, ids ascending within an end
}

function pairs(list: MatchList): [number, number][] {
  expect(list.ids.length).to.equal(list.count);
  expect(list.ends.length).to.equal(list.count);
  return Array.from({ length: list.count }, (_, i): [number, number] => [list.ends[i], list.ids[i]]);
}

function bytesOf(text: string): Uint8Array {
  return utf8.encode(text);
}

describe('cpu pattern matcher', () => {
  let instance: PluginInstance;
  let pattern: PatternMatcher;
  let memory: DeviceMemory;
  const random = new TestRandom(0xac);

  before(async () => {
    instance = await startCpu();
    pattern = instance.get('pattern');
    memory = instance.get('memory');
  });
  after(() => instance.dispose());

  it('reports overlapping, nested, duplicate and suffix patterns like the naive search', () => {
    const list = ['a', 'aa', 'aaa', 'ab', 'aa', 'b', 'bab', 'ab'];
    const set = pattern.compile(list);
    expect(set).to.include({ kind: 'pattern-set', provider: 'cpu', count: 8, released: false });
    const data = bytesOf('aaabaabab aab');
    expect(pairs(pattern.scan(set, data))).to.deep.equal(naiveMatches(list.map(bytesOf), data));
  });

  it('finds the classic he/she/his/hers matches with end offsets sorted by end, then id', () => {
    const set = pattern.compile(['hers', 'his', 'she', 'he']);
    expect(pairs(pattern.scan(set, bytesOf('ushers')))).to.deep.equal([
      [4, 2],
      [4, 3],
      [6, 0],
    ]);
  });

  it('matches the naive search on random data over small and full byte alphabets', () => {
    for (const alphabet of [2, 4, 256]) {
      for (let trial = 0; trial < 5; trial++) {
        const patterns = Array.from({ length: 1 + random.int(30) }, () => random.bytes(1 + random.int(6), alphabet));
        patterns.push(patterns[0].slice()); // a duplicate
        const data = random.bytes(2000, alphabet);
        const set = pattern.compile(patterns);
        expect(pairs(pattern.scan(set, data)), `alphabet ${alphabet} trial ${trial}`).to.deep.equal(
          naiveMatches(patterns, data),
        );
      }
    }
  });

  it('gives the same matches streamed in random chunks as in one scan, with absolute offsets', () => {
    const patterns = ['ab', 'abab', 'bba', 'a', 'babba', 'aaaaaaa'].map(bytesOf);
    const data = random.bytes(5000, 2).map((b) => 97 + b);
    const set = pattern.compile(patterns);
    const whole = pairs(pattern.scan(set, data));
    expect(whole).to.deep.equal(naiveMatches(patterns, data));
    for (let trial = 0; trial < 5; trial++) {
      const stream = pattern.openStream(set);
      const streamed: [number, number][] = [];
      let at = 0;
      while (at < data.length) {
        const size = random.int(trial === 0 ? 3 : 200); // includes empty chunks
        streamed.push(...pairs(stream.write(data.subarray(at, at + size))));
        at = Math.min(data.length, at + size);
        expect(stream.offset).to.equal(at);
      }
      stream.close();
      expect(streamed, `trial ${trial}`).to.deep.equal(whole);
    }
  });

  it('encodes string patterns as UTF-8 and scans u8 buffers', () => {
    const set = pattern.compile(['é', 'naïve', Uint8Array.of(0, 255)]);
    const data = Uint8Array.from([...bytesOf('a naïve café'), 0, 255, 0]);
    const buffer = memory.allocate(data.length, 'u8');
    memory.copyToDevice(buffer, data);
    const expected = naiveMatches([bytesOf('é'), bytesOf('naïve'), Uint8Array.of(0, 255)], data);
    expect(expected.length).to.equal(3);
    expect(pairs(pattern.scan(set, buffer))).to.deep.equal(expected);
  });

  it('compiles zero patterns into a set that matches nothing', () => {
    const set = pattern.compile([]);
    expect(set.count).to.equal(0);
    expect(pattern.scan(set, random.bytes(100)).count).to.equal(0);
  });

  it('rejects bad patterns with coded errors', () => {
    expectCode(() => pattern.compile('abc' as never), 'KNHK_E_ARG_TYPE');
    expectCode(() => pattern.compile(['a', 3] as never), 'KNHK_E_ARG_TYPE');
    expectCode(() => pattern.compile([new Uint16Array(2)] as never), 'KNHK_E_ARG_TYPE');
    expectCode(() => pattern.compile(['a', '']), 'KNHK_E_ARG_INVALID');
    expectCode(() => pattern.compile([new Uint8Array(0)]), 'KNHK_E_ARG_INVALID');
    // eslint-disable-next-line no-sparse-arrays
    expectCode(() => pattern.compile(['a', , 'b'] as never), 'KNHK_E_ARG_TYPE');
  });

  it('rejects bad data, released, foreign and other-instance sets, and closed streams', async () => {
    const set = pattern.compile(['x']);
    expectCode(() => pattern.scan(set, new Float32Array(3) as never), 'KNHK_E_ARG_TYPE');
    expectCode(() => pattern.scan(set, memory.allocate(3)), 'KNHK_E_ARG_TYPE');
    expectCode(() => pattern.scan({} as PatternSet, new Uint8Array(1)), 'KNHK_E_ARG_TYPE');
    const foreign = { kind: 'pattern-set', provider: 'acme-gpu', count: 1, released: false } as const;
    expectCode(() => pattern.scan(foreign, new Uint8Array(1)), 'KNHK_E_BUFFER_FOREIGN');
    expectCode(() => pattern.scan({ ...foreign, provider: 'cpu' }, new Uint8Array(1)), 'KNHK_E_BUFFER_FOREIGN');
    const other = await startCpu();
    try {
      const otherSet = other.get('pattern').compile(['x']);
      expectCode(() => pattern.scan(otherSet, new Uint8Array(1)), 'KNHK_E_BUFFER_FOREIGN');
    } finally {
      await other.dispose();
    }
    const stream = pattern.openStream(set);
    expectCode(() => stream.write('x' as never), 'KNHK_E_ARG_TYPE');
    stream.close();
    expectCode(() => stream.write(new Uint8Array(1)), 'KNHK_E_BUFFER_RELEASED');
    const open = pattern.openStream(set);
    pattern.release(set);
    pattern.release(set);
    expect(set.released).to.equal(true);
    expectCode(() => open.write(new Uint8Array(1)), 'KNHK_E_BUFFER_RELEASED');
    expectCode(() => pattern.scan(set, new Uint8Array(1)), 'KNHK_E_BUFFER_RELEASED');
    expectCode(() => pattern.openStream(set), 'KNHK_E_BUFFER_RELEASED');
  });
});
