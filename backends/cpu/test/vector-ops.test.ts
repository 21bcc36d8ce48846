import type { CompareOp, DeviceBuffer, DeviceMemory, PluginInstance, Strided, VectorOps } from '@knhk/core';
import { expect } from 'chai';
import { startCpu } from './cpu-instance.js';
import { expectCode, expectSameFloats } from './knhk-assertions.js';
import { TestRandom } from './test-random.js';

type Arithmetic = 'add' | 'sub' | 'mul' | 'div';

const ARITHMETIC: Record<Arithmetic, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
};

const COMPARISONS: Record<CompareOp, (x: number, y: number) => boolean> = {
  lt: (x, y) => x < y,
  le: (x, y) => x <= y,
  gt: (x, y) => x > y,
  ge: (x, y) => x >= y,
  eq: (x, y) => x === y,
  ne: (x, y) => x !== y,
};

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 3.4e38, -3.4e38, 1e-45, 0.1, 7];

interface Placement {
  readonly offset: number;
  readonly stride: number;
}

function at(p: Placement | undefined, i: number): number {
  return (p?.offset ?? 0) + i * (p?.stride ?? 1);
}

/** out[i] = fround(a[i] op b[i]) the obvious way. */
function naiveBinary(
  op: Arithmetic,
  n: number,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  pa?: Placement,
  pb?: Placement,
  po?: Placement,
): void {
  for (let i = 0; i < n; i++) out[at(po, i)] = Math.fround(ARITHMETIC[op](a[at(pa, i)], b[at(pb, i)]));
}

function randomPlacement(random: TestRandom): Placement {
  return { offset: random.int(5), stride: 1 + random.int(4) };
}

/** Array length for n elements at a placement, with stride - 1 spare elements past the last (which must stay untouched). */
function spanLength(p: Placement, n: number): number {
  return p.offset + Math.max(0, (n - 1) * p.stride + 1) + (p.stride - 1);
}

describe('cpu vector ops', () => {
  let instance: PluginInstance;
  let vector: VectorOps;
  let memory: DeviceMemory;
  const random = new TestRandom(0x5eed);

  before(async () => {
    instance = await startCpu();
    vector = instance.get('vector');
    memory = instance.get('memory');
  });
  after(() => instance.dispose());

  for (const op of Object.keys(ARITHMETIC) as Arithmetic[]) {
    describe(op, () => {
      it('matches a naive loop bit for bit on dense arrays of 0, 1, 3, 4, 5, 7, 64 and 1001 elements', () => {
        for (const n of [0, 1, 3, 4, 5, 7, 64, 1001]) {
          const a = random.floats(n);
          const b = random.floats(n, 3);
          const expected = new Float32Array(n);
          naiveBinary(op, n, a, b, expected);
          expectSameFloats(vector[op](a, b), expected, `${op} n=${n}`);
        }
      });

      it('matches a naive loop with offsets, strides and an explicit length, and writes nothing else', () => {
        for (let trial = 0; trial < 40; trial++) {
          const n = random.int(40);
          const [pa, pb, po] = [randomPlacement(random), randomPlacement(random), randomPlacement(random)];
          const a = random.floats(spanLength(pa, n));
          const b = random.floats(spanLength(pb, n));
          const out = random.floats(spanLength(po, n));
          const expected = out.slice();
          naiveBinary(op, n, a, b, expected, pa, pb, po);
          const result = vector[op](a, b, out, { length: n, a: pa, b: pb, out: po });
          expect(result).to.equal(out);
          expectSameFloats(out, expected, `${op} trial ${trial}`);
        }
      });

      it('takes the count from a without a length, and allocates a dense output', () => {
        const a = random.floats(10);
        const b = random.floats(3);
        const pa = { offset: 1, stride: 3 }; // elements 1, 4, 7
        const expected = new Float32Array(3);
        naiveBinary(op, 3, a, b, expected, pa);
        expectSameFloats(vector[op](a, b, undefined, { a: pa }), expected);
      });

      it('follows IEEE-754 for NaN, infinities, zeros and overflow', () => {
        const a = Float32Array.from(SPECIALS.flatMap((x) => SPECIALS.map(() => x)));
        const b = Float32Array.from(SPECIALS.flatMap(() => SPECIALS));
        const expected = new Float32Array(a.length);
        naiveBinary(op, a.length, a, b, expected);
        expectSameFloats(vector[op](a, b), expected);
      });

      it('computes in place when out is a or b, and as if separate when out overlaps a shifted', () => {
        const a = random.floats(33);
        const b = random.floats(33);
        const expected = new Float32Array(33);
        naiveBinary(op, 33, a, b, expected);
        const inPlaceA = a.slice();
        expectSameFloats(vector[op](inPlaceA, b, inPlaceA), expected, 'out === a');
        const inPlaceB = b.slice();
        expectSameFloats(vector[op](a, inPlaceB, inPlaceB), expected, 'out === b');
        const storage = new Float32Array(34);
        storage.set(a);
        vector[op](storage.subarray(0, 33), b, storage.subarray(1, 34));
        expectSameFloats(storage.subarray(1), expected, 'out = a shifted by one');
        const strided = new Float32Array(66);
        for (let i = 0; i < 33; i++) strided[i] = a[i];
        vector[op](strided, b, strided, { length: 33, a: { offset: 0 }, out: { offset: 0, stride: 2 } });
        for (let i = 0; i < 33; i++) expect(strided[2 * i], `strided overlap [${i}]`).to.equal(expected[i]);
      });

      it('takes cpu buffers and returns a new buffer when a is one', async () => {
        const a = random.floats(9);
        const b = random.floats(9);
        const expected = new Float32Array(9);
        naiveBinary(op, 9, a, b, expected);
        const bufferA = memory.allocate(9);
        memory.copyToDevice(bufferA, a);
        const result = vector[op](bufferA, b);
        expect(result).to.include({ kind: 'buffer', provider: 'cpu', dtype: 'f32', length: 9 });
        expect(result).to.not.equal(bufferA);
        expectSameFloats(await memory.copyFromDevice(result), expected);
        const out = memory.allocate(9);
        expect(vector[op](a, b, out as never)).to.equal(out);
        expectSameFloats(await memory.copyFromDevice(out), expected);
      });
    });
  }

  describe('fma', () => {
    it('computes fround(a*b + c) in float64 for dense, strided, empty and special inputs', () => {
      for (const n of [0, 1, 5, 8, 257]) {
        const [a, b, c] = [random.floats(n), random.floats(n), random.floats(n, 100)];
        const expected = Float32Array.from(a, (x, i) => Math.fround(x * b[i] + c[i]));
        expectSameFloats(vector.fma(a, b, c), expected, `fma n=${n}`);
      }
      const a = Float32Array.from(SPECIALS);
      const b = Float32Array.from(SPECIALS).reverse();
      const c = Float32Array.from(SPECIALS.map((x, i) => (i % 2 === 0 ? x : -1)));
      expectSameFloats(
        vector.fma(a, b, c),
        Float32Array.from(a, (x, i) => Math.fround(x * b[i] + c[i])),
      );
      const pc: Strided = { offset: 2, stride: 3 };
      const cs = random.floats(2 + 3 * 6);
      const out = new Float32Array(12);
      vector.fma(a, b, cs, out, { length: 6, a: { stride: 2 }, c: pc, out: { offset: 1, stride: 2 } });
      for (let i = 0; i < 6; i++) {
        expect(out[1 + 2 * i]).to.satisfy((v: number) => Object.is(v, Math.fround(a[2 * i] * b[i] + cs[2 + 3 * i])));
        expect(out[2 * i]).to.equal(0);
      }
    });

    it('is rounded once where the float32 product alone would lose the answer', () => {
      const x = Math.fround(1 + 2 ** -12);
      const c = Math.fround(-(1 + 2 ** -11));
      // x*x = 1 + 2^-11 + 2^-24 exactly; rounding the product to float32 first would give 0.
      expect(vector.fma(Float32Array.of(x), Float32Array.of(x), Float32Array.of(c))[0]).to.equal(2 ** -24);
    });
  });

  describe('dot', () => {
    it('matches a float64 naive sum, with strides, and is 0 when empty', () => {
      for (const n of [0, 1, 2, 3, 4, 5, 7, 100, 1003]) {
        const a = random.floats(n);
        const b = random.floats(n);
        let expected = 0;
        let magnitude = 0;
        for (let i = 0; i < n; i++) {
          expected += a[i] * b[i];
          magnitude += Math.abs(a[i] * b[i]);
        }
        expect(vector.dot(a, b)).to.be.closeTo(expected, 1e-12 * magnitude + 1e-300);
      }
      expect(vector.dot(new Float32Array(0), new Float32Array(0))).to.equal(0);
      const a = Float32Array.of(1, 9, 2, 9, 3, 9);
      const b = Float32Array.of(9, 4, 5, 6);
      expect(vector.dot(a, b, { a: { stride: 2 }, b: { offset: 1 } })).to.equal(1 * 4 + 2 * 5 + 3 * 6);
      expect(vector.dot(a, b, { length: 2, a: { offset: 1, stride: 2 }, b: { stride: 3 } })).to.equal(9 * 9 + 9 * 6);
    });

    it('propagates NaN and infinities', () => {
      expect(vector.dot(Float32Array.of(1, NaN, 2), Float32Array.of(1, 1, 1))).to.satisfy(Number.isNaN);
      expect(vector.dot(Float32Array.of(1, Infinity), Float32Array.of(1, 2))).to.equal(Infinity);
      expect(vector.dot(Float32Array.of(Infinity, 1), Float32Array.of(0, 1))).to.satisfy(Number.isNaN);
    });
  });

  describe('compare', () => {
    for (const op of Object.keys(COMPARISONS) as CompareOp[]) {
      it(`${op} matches a naive loop for arrays and scalars, with NaN false except for ne`, () => {
        const a = Float32Array.from(SPECIALS.flatMap((x) => SPECIALS.map(() => x)));
        const b = Float32Array.from(SPECIALS.flatMap(() => SPECIALS));
        const expected = Uint8Array.from(a, (x, i) => (COMPARISONS[op](x, b[i]) ? 1 : 0));
        expect([...vector.compare(a, b, op)]).to.deep.equal([...expected]);
        for (const scalar of [0, 1, NaN, -Infinity, 0.1]) {
          const f = Math.fround(scalar);
          const expectedScalar = Uint8Array.from(a, (x) => (COMPARISONS[op](x, f) ? 1 : 0));
          expect([...vector.compare(a, scalar, op)], `scalar ${scalar}`).to.deep.equal([...expectedScalar]);
        }
      });
    }

    it('rounds a scalar to float32, writes a strided mask and returns a u8 buffer for a buffer input', async () => {
      expect([...vector.compare(Float32Array.of(0.1, 0.2), 0.1, 'eq')]).to.deep.equal([1, 0]);
      const a = Float32Array.of(5, 0, 1, 0, 7, 0);
      const out = new Uint8Array(7).fill(9);
      const result = vector.compare(a, 3, 'gt', out, { a: { stride: 2 }, out: { offset: 1, stride: 2 } });
      expect(result).to.equal(out);
      expect([...out]).to.deep.equal([9, 1, 9, 0, 9, 1, 9]);
      const buffer = memory.allocate(3);
      memory.copyToDevice(buffer, Float32Array.of(1, 2, 3));
      const mask = vector.compare(buffer, Float32Array.of(3, 2, 1), 'ge') as unknown as DeviceBuffer;
      expect(mask).to.include({ kind: 'buffer', dtype: 'u8', length: 3 });
      expect([...(await memory.copyFromDevice(mask))]).to.deep.equal([0, 1, 1]);
    });

    it('rejects an unknown comparison with KNHK_E_ARG_INVALID and a mask output of the wrong type', () => {
      const a = Float32Array.of(1, 2);
      expectCode(() => vector.compare(a, a, 'gte' as CompareOp), 'KNHK_E_ARG_INVALID');
      expectCode(() => vector.compare(a, a, 'lt', new Float32Array(2) as never), 'KNHK_E_ARG_TYPE');
      expectCode(() => vector.compare(a, a, 'lt', new Uint8Array(1)), 'KNHK_E_ARG_LENGTH');
      expectCode(() => vector.compare(a, '1' as never, 'lt'), 'KNHK_E_ARG_TYPE');
    });
  });

  describe('bad input', () => {
    const a = Float32Array.of(1, 2, 3);

    it('rejects mismatched lengths and short outputs with KNHK_E_ARG_LENGTH', () => {
      expectCode(() => vector.add(a, Float32Array.of(1, 2)), 'KNHK_E_ARG_LENGTH');
      expectCode(() => vector.fma(a, a, Float32Array.of(1)), 'KNHK_E_ARG_LENGTH');
      expectCode(() => vector.dot(a, new Float32Array(4)), 'KNHK_E_ARG_LENGTH');
      expectCode(() => vector.add(a, a, new Float32Array(2)), 'KNHK_E_ARG_LENGTH');
      expectCode(() => vector.add(a, a, undefined, { length: 4 }), 'KNHK_E_ARG_LENGTH');
      expectCode(() => vector.add(a, a, new Float32Array(3), { out: { stride: 2 } }), 'KNHK_E_ARG_LENGTH');
    });

    it('rejects plain arrays and other typed arrays with KNHK_E_ARG_TYPE', () => {
      expectCode(() => vector.add([1, 2, 3] as never, a), 'KNHK_E_ARG_TYPE');
      expectCode(() => vector.sub(a, new Float64Array(3) as never), 'KNHK_E_ARG_TYPE');
      expectCode(() => vector.mul(a, a, [0, 0, 0] as never), 'KNHK_E_ARG_TYPE');
      expectCode(() => vector.dot(a, null as never), 'KNHK_E_ARG_TYPE');
      expectCode(() => vector.add(a, a, undefined, 5 as never), 'KNHK_E_ARG_TYPE');
      expectCode(() => vector.add(a, a, undefined, { a: 1 } as never), 'KNHK_E_ARG_TYPE');
    });

    it('rejects negative or fractional offsets, zero strides and a bad length with KNHK_E_ARG_RANGE', () => {
      expectCode(() => vector.add(a, a, undefined, { a: { offset: -1 } }), 'KNHK_E_ARG_RANGE');
      expectCode(() => vector.add(a, a, undefined, { b: { offset: 0.5 } }), 'KNHK_E_ARG_RANGE');
      expectCode(() => vector.add(a, a, undefined, { a: { stride: 0 } }), 'KNHK_E_ARG_RANGE');
      expectCode(() => vector.add(a, a, undefined, { a: { offset: 4 } }), 'KNHK_E_ARG_RANGE');
      expectCode(() => vector.dot(a, a, { length: -1 }), 'KNHK_E_ARG_RANGE');
      expectCode(() => vector.add(a, a, new Float32Array(3), { out: { stride: -1 } }), 'KNHK_E_ARG_RANGE');
    });

    it('rejects released, u8, foreign and other-instance buffers', async () => {
      const released = memory.allocate(3);
      memory.free(released);
      expectCode(() => vector.add(released, a), 'KNHK_E_BUFFER_RELEASED');
      expectCode(() => vector.add(a, a, released as never), 'KNHK_E_BUFFER_RELEASED');
      expectCode(() => vector.dot(a, memory.allocate(3, 'u8')), 'KNHK_E_ARG_TYPE');
      const foreign = {
        kind: 'buffer',
        provider: 'acme-gpu',
        released: false,
        length: 3,
        dtype: 'f32',
        device: 'gpu0',
      };
      expectCode(() => vector.add(foreign as DeviceBuffer, a), 'KNHK_E_BUFFER_FOREIGN');
      const lookalike = { ...foreign, provider: 'cpu', device: 'cpu0' };
      expectCode(() => vector.add(a, lookalike as DeviceBuffer), 'KNHK_E_BUFFER_FOREIGN');
      const other = await startCpu();
      try {
        const otherBuffer = other.get('memory').allocate(3);
        expectCode(() => vector.mul(a, otherBuffer), 'KNHK_E_BUFFER_FOREIGN');
      } finally {
        await other.dispose();
      }
    });
  });
});
