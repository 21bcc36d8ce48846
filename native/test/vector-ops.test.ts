/**
 * The capability classes over the kernels, beyond the conformance kit: buffer handles of
 * other providers are foreign, partially overlapping operands are computed as if copied first, and strided
 * ranges run on the cpu backend's code with the same results.
 */
import { expect } from 'chai';
import { CpuHostMemory, CpuReductions, CpuVectorOps } from '@knhk/backend-cpu';
import { NativeBufferStore, NativeReductions, NativeVectorOps, loadNative } from '../src/index.js';

const load = loadNative();
if (!load.ok) throw new Error(`the addon must be built for these tests: ${load.reason}`);
const addon = load.addon;

function codeOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  throw new Error('expected the call to throw');
}

for (const isa of load.isas) {
  describe(`@knhk/native capability classes: ${isa}`, () => {
    const store = new NativeBufferStore(isa, addon);
    const vector = new NativeVectorOps(addon.kernels(isa), store);
    const reduce = new NativeReductions(addon.kernels(isa), store);
    const cpuMemory = new CpuHostMemory();
    const cpu = new CpuVectorOps(cpuMemory);

    it('answers a buffer handle with KNHK_E_BUFFER_FOREIGN and other types with KNHK_E_ARG_TYPE', () => {
      const buffer = cpuMemory.allocate('test', 4, 'f32');
      const x = new Float32Array(4);
      expect(codeOf(() => vector.add(buffer, x))).to.equal('KNHK_E_BUFFER_FOREIGN');
      expect(codeOf(() => vector.add(x, buffer))).to.equal('KNHK_E_BUFFER_FOREIGN');
      expect(codeOf(() => vector.dot(x, buffer))).to.equal('KNHK_E_BUFFER_FOREIGN');
      expect(codeOf(() => reduce.sum(buffer))).to.equal('KNHK_E_BUFFER_FOREIGN');
      expect(codeOf(() => vector.compare(buffer, 1, 'lt'))).to.equal('KNHK_E_BUFFER_FOREIGN');
      expect(codeOf(() => vector.add(new Float64Array(4) as unknown as Float32Array, x))).to.equal('KNHK_E_ARG_TYPE');
    });

    it('computes an out that overlaps an input at a shifted offset as if the input were copied first', () => {
      const base = Float32Array.from({ length: 40 }, (_, i) => i + 1);
      const want = cpu.add(base.slice(), base.slice(), base.slice(), {
        length: 30,
        a: { offset: 0 },
        out: { offset: 5 },
      });
      vector.add(base, base.slice(), base, { length: 30, a: { offset: 0 }, out: { offset: 5 } });
      expect(base).to.deep.equal(want);
    });

    it('runs strided ranges with the results of the cpu backend', () => {
      const a = Float32Array.from({ length: 64 }, (_, i) => (i % 11) - 5);
      const b = Float32Array.from({ length: 64 }, (_, i) => (i % 7) - 3);
      const range = { length: 20, a: { offset: 1, stride: 3 }, b: { stride: 2 } };
      expect(vector.mul(a, b, undefined, range)).to.deep.equal(cpu.mul(a, b, undefined, range));
      expect(vector.dot(a, b, range)).to.equal(cpu.dot(a, b, range));
      const cpuReduce = new CpuReductions(cpuMemory);
      expect(reduce.argmax(a, { offset: 2, stride: 5 })).to.equal(cpuReduce.argmax(a, { offset: 2, stride: 5 }));
      expect(reduce.sum(a, { offset: 3, length: 9 })).to.equal(cpuReduce.sum(a, { offset: 3, length: 9 }));
    });
  });
}
