import type { DeviceMemory, PluginInstance, Reductions } from '@knhk/core';
import { expect } from 'chai';
import { startCpu } from './cpu-instance.js';
import { expectCode } from './knhk-assertions.js';
import { TestRandom } from './test-random.js';

function elements(x: Float32Array, offset = 0, stride = 1, length?: number): number[] {
  const out: number[] = [];
  for (let i = offset; i < x.length && (length === undefined || out.length < length); i += stride) out.push(x[i]);
  return out;
}

function naiveArgmax(values: number[]): number {
  const nan = values.findIndex((v) => Number.isNaN(v));
  if (nan >= 0) return nan;
  return values.indexOf(Math.max(...values));
}

describe('cpu reductions', () => {
  let instance: PluginInstance;
  let reduce: Reductions;
  let memory: DeviceMemory;
  const random = new TestRandom(77);

  before(async () => {
    instance = await startCpu();
    reduce = instance.get('reduce');
    memory = instance.get('memory');
  });
  after(() => instance.dispose());

  it('matches naive sum, min, max and argmax for sizes 1 to 9, 100 and 1001, dense and strided', () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 100, 1001]) {
      const x = random.floats(n);
      for (const [offset, stride] of [
        [0, 1],
        [0, 2],
        [Math.min(1, n - 1), 3],
      ]) {
        const values = elements(x, offset, stride);
        const range = { offset, stride };
        const magnitude = values.reduce((s, v) => s + Math.abs(v), 0);
        expect(reduce.sum(x, range)).to.be.closeTo(
          values.reduce((s, v) => s + v, 0),
          1e-12 * magnitude,
        );
        expect(reduce.min(x, range)).to.equal(Math.min(...values));
        expect(reduce.max(x, range)).to.equal(Math.max(...values));
        expect(reduce.argmax(x, range)).to.equal(naiveArgmax(values));
      }
    }
  });

  it('honours an explicit length and counts argmax in elements of the range', () => {
    const x = Float32Array.of(9, 1, 9, 5, 9, 2, 9, 8, 9, 100);
    const range = { offset: 1, stride: 2, length: 4 }; // 1, 5, 2, 8
    expect(reduce.sum(x, range)).to.equal(16);
    expect(reduce.min(x, range)).to.equal(1);
    expect(reduce.max(x, range)).to.equal(8);
    expect(reduce.argmax(x, range)).to.equal(3);
  });

  it('propagates NaN, and argmax finds the first NaN, else the first largest element', () => {
    const x = Float32Array.of(1, 7, NaN, 7, NaN);
    expect(reduce.sum(x)).to.satisfy(Number.isNaN);
    expect(reduce.min(x)).to.satisfy(Number.isNaN);
    expect(reduce.max(x)).to.satisfy(Number.isNaN);
    expect(reduce.argmax(x)).to.equal(2);
    expect(reduce.argmax(Float32Array.of(NaN, 1))).to.equal(0);
    expect(reduce.argmax(Float32Array.of(3, 7, 2, 7))).to.equal(1);
    expect(reduce.argmax(Float32Array.of(-Infinity, -Infinity))).to.equal(0);
    expect(reduce.sum(Float32Array.of(Infinity, -Infinity))).to.satisfy(Number.isNaN);
    expect(reduce.max(Float32Array.of(-Infinity, -3))).to.equal(-3);
  });

  it('orders -0 below +0 in min and max', () => {
    expect(Object.is(reduce.min(Float32Array.of(0, -0)), -0)).to.equal(true);
    expect(Object.is(reduce.max(Float32Array.of(-0, 0)), 0)).to.equal(true);
  });

  it('sums an empty range to 0 and rejects min, max and argmax of one with KNHK_E_ARG_LENGTH', () => {
    const empty = new Float32Array(0);
    expect(reduce.sum(empty)).to.equal(0);
    expect(reduce.sum(Float32Array.of(1, 2), { offset: 2 })).to.equal(0);
    expectCode(() => reduce.min(empty), 'KNHK_E_ARG_LENGTH');
    expectCode(() => reduce.max(empty), 'KNHK_E_ARG_LENGTH');
    expectCode(() => reduce.argmax(Float32Array.of(1), { offset: 1 }), 'KNHK_E_ARG_LENGTH');
    expectCode(() => reduce.max(Float32Array.of(1), { length: 0 }), 'KNHK_E_ARG_LENGTH');
  });

  it('reduces cpu buffers', () => {
    const buffer = memory.allocate(4);
    memory.copyToDevice(buffer, Float32Array.of(3, -1, 4, 1));
    expect(reduce.sum(buffer)).to.equal(7);
    expect(reduce.argmax(buffer)).to.equal(2);
  });

  it('rejects bad input with coded errors', () => {
    const x = Float32Array.of(1, 2, 3);
    expectCode(() => reduce.sum([1, 2, 3] as never), 'KNHK_E_ARG_TYPE');
    expectCode(() => reduce.sum(x, 'all' as never), 'KNHK_E_ARG_TYPE');
    expectCode(() => reduce.sum(x, { offset: -1 }), 'KNHK_E_ARG_RANGE');
    expectCode(() => reduce.sum(x, { stride: 0 }), 'KNHK_E_ARG_RANGE');
    expectCode(() => reduce.sum(x, { offset: 4 }), 'KNHK_E_ARG_RANGE');
    expectCode(() => reduce.sum(x, { length: 1.5 }), 'KNHK_E_ARG_RANGE');
    expectCode(() => reduce.sum(x, { length: 4 }), 'KNHK_E_ARG_LENGTH');
    expectCode(() => reduce.max(x, { stride: 2, length: 3 }), 'KNHK_E_ARG_LENGTH');
    const released = memory.allocate(3);
    memory.free(released);
    expectCode(() => reduce.min(released), 'KNHK_E_BUFFER_RELEASED');
    expectCode(() => reduce.min(memory.allocate(3, 'u8')), 'KNHK_E_ARG_TYPE');
  });
});
