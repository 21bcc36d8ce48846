/**
 * Bad input at the N-API boundary: wrong types, mismatched lengths, missing and extra
 * arguments, unknown ISAs. Each gives an Error with a knhk code, never a crash.
 */
import { expect } from 'chai';
import { loadNative } from '../src/index.js';

const load = loadNative();
if (!load.ok) throw new Error(`the addon must be built for these tests: ${load.reason}`);
const addon = load.addon;

function codeOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    expect(error).to.be.instanceOf(Error);
    return (error as { code?: string }).code;
  }
  throw new Error('expected the call to throw');
}

const f32 = (n: number): Float32Array => new Float32Array(n);

for (const isa of load.isas) {
  describe(`@knhk/native boundary checks: ${isa}`, () => {
    // Untyped on purpose: these calls pass what the types forbid.
    const k = addon.kernels(isa) as unknown as Record<string, (...args: unknown[]) => unknown>;

    it('rejects missing and extra arguments with KNHK_E_ARG_TYPE', () => {
      for (const name of ['add', 'sub', 'mul', 'div']) {
        expect(
          codeOf(() => k[name]()),
          name,
        ).to.equal('KNHK_E_ARG_TYPE');
        expect(
          codeOf(() => k[name](f32(2), f32(2))),
          name,
        ).to.equal('KNHK_E_ARG_TYPE');
        expect(
          codeOf(() => k[name](f32(2), f32(2), f32(2), f32(2))),
          name,
        ).to.equal('KNHK_E_ARG_TYPE');
      }
      expect(codeOf(() => k.fma(f32(2), f32(2), f32(2)))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(() => k.dot(f32(2)))).to.equal('KNHK_E_ARG_TYPE');
      for (const name of ['sum', 'min', 'max', 'argmax'])
        expect(
          codeOf(() => k[name]()),
          name,
        ).to.equal('KNHK_E_ARG_TYPE');
    });

    it('rejects everything but a Float32Array with KNHK_E_ARG_TYPE', () => {
      const wrong = [
        [1, 2],
        new Float64Array(2),
        new Uint8Array(8),
        new Int32Array(2),
        new ArrayBuffer(8),
        new DataView(new ArrayBuffer(8)),
        null,
        undefined,
        2,
        'ab',
        { length: 2 },
      ];
      for (const value of wrong) {
        expect(codeOf(() => k.add(value, f32(2), f32(2)))).to.equal('KNHK_E_ARG_TYPE');
        expect(codeOf(() => k.add(f32(2), value, f32(2)))).to.equal('KNHK_E_ARG_TYPE');
        expect(codeOf(() => k.add(f32(2), f32(2), value))).to.equal('KNHK_E_ARG_TYPE');
        expect(codeOf(() => k.fma(f32(2), f32(2), value, f32(2)))).to.equal('KNHK_E_ARG_TYPE');
        // dot and the reductions also take memory ids: an integer that names no memory is
        // KNHK_E_BUFFER_RELEASED (device-buffers.test.ts), any other number KNHK_E_ARG_TYPE.
        const expected = value === 2 ? 'KNHK_E_BUFFER_RELEASED' : 'KNHK_E_ARG_TYPE';
        expect(codeOf(() => k.dot(f32(2), value as Float32Array))).to.equal(expected);
        expect(codeOf(() => k.argmax(value as Float32Array))).to.equal(expected);
      }
      for (const value of [-1, 0.5, Number.NaN, Infinity]) {
        expect(codeOf(() => k.sum(value))).to.equal('KNHK_E_ARG_TYPE');
      }
    });

    it('checks the arguments of compare: types, lengths, the predicate and overlapping memory', () => {
      const u8 = (n: number): Uint8Array => new Uint8Array(n);
      expect(codeOf(() => k.compare(f32(4), f32(4), u8(4)))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(() => k.compare(f32(4), f32(4), f32(4), 0))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(() => k.compare(f32(4), 'x', u8(4), 0))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(() => k.compare(new Float64Array(4), 1, u8(4), 0))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(() => k.compare(f32(4), f32(3), u8(4), 0))).to.equal('KNHK_E_ARG_LENGTH');
      expect(codeOf(() => k.compare(f32(4), 1, u8(5), 0))).to.equal('KNHK_E_ARG_LENGTH');
      expect(codeOf(() => k.compare(f32(4), 1, u8(4), 6))).to.equal('KNHK_E_ARG_INVALID');
      expect(codeOf(() => k.compare(f32(4), 1, u8(4), -1))).to.equal('KNHK_E_ARG_RANGE');
      const shared = f32(8);
      const bytes = new Uint8Array(shared.buffer, 4, 4);
      expect(codeOf(() => k.compare(shared.subarray(0, 4), 1, bytes, 0))).to.equal('KNHK_E_ARG_INVALID');
      expect(codeOf(() => k.compare(f32(4), shared.subarray(0, 4), bytes, 0))).to.equal('KNHK_E_ARG_INVALID');
    });

    it('rejects mismatched lengths with KNHK_E_ARG_LENGTH', () => {
      expect(codeOf(() => k.add(f32(4), f32(3), f32(4)))).to.equal('KNHK_E_ARG_LENGTH');
      expect(codeOf(() => k.mul(f32(4), f32(4), f32(3)))).to.equal('KNHK_E_ARG_LENGTH');
      expect(codeOf(() => k.fma(f32(4), f32(4), f32(5), f32(4)))).to.equal('KNHK_E_ARG_LENGTH');
      expect(codeOf(() => k.dot(f32(1000), f32(999)))).to.equal('KNHK_E_ARG_LENGTH');
    });

    it('rejects an empty input to min, max and argmax with KNHK_E_ARG_LENGTH; sums it to 0', () => {
      for (const name of ['min', 'max', 'argmax'])
        expect(
          codeOf(() => k[name](f32(0))),
          name,
        ).to.equal('KNHK_E_ARG_LENGTH');
      expect(k.sum(f32(0))).to.equal(0);
      expect(k.dot(f32(0), f32(0))).to.equal(0);
    });

    it('treats a detached array as empty', () => {
      const x = f32(16);
      const buffer = x.buffer as ArrayBuffer;
      structuredClone(buffer, { transfer: [buffer] });
      expect(x.length).to.equal(0);
      expect(k.sum(x)).to.equal(0);
      expect(codeOf(() => k.max(x))).to.equal('KNHK_E_ARG_LENGTH');
      expect(codeOf(() => k.add(x, f32(16), f32(16)))).to.equal('KNHK_E_ARG_LENGTH');
    });

    it('computes on subarray views at their offset', () => {
      const base = Float32Array.from({ length: 40 }, (_, i) => i);
      const view = base.subarray(3, 3 + 20);
      expect(k.sum(view)).to.equal(20 * 3 + (19 * 20) / 2);
      expect(k.argmax(view)).to.equal(19);
    });
  });
}

describe('@knhk/native ISA selection', () => {
  it('rejects unknown ISA names with KNHK_E_ARG_INVALID and non-strings with KNHK_E_ARG_TYPE', () => {
    const untyped = addon as unknown as Record<string, (...args: unknown[]) => unknown>;
    expect(codeOf(() => addon.kernels('neon-ish'))).to.equal('KNHK_E_ARG_INVALID');
    expect(codeOf(() => untyped.kernels(3))).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => untyped.kernels())).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => untyped.choose('avx2'))).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => untyped.choose([1]))).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => addon.choose(['sse9']))).to.equal('KNHK_E_ARG_INVALID');
  });

  it('compiles every x86 ISA and supports scalar everywhere', () => {
    expect(addon.supportedIsas()).to.include('scalar');
    if (process.arch === 'x64') expect(addon.compiledIsas()).to.deep.equal(['scalar', 'avx2', 'avx512']);
  });

  it('chooses the best allowed ISA the CPU supports and falls through to scalar', () => {
    const supported = addon.supportedIsas();
    expect(addon.choose([])).to.equal('scalar');
    expect(addon.choose(['scalar'])).to.equal('scalar');
    expect(addon.choose(['avx2'])).to.equal(supported.includes('avx2') ? 'avx2' : 'scalar');
    const best = supported.includes('avx512') ? 'avx512' : supported.includes('avx2') ? 'avx2' : 'scalar';
    expect(addon.choose(['scalar', 'avx2', 'avx512'])).to.equal(best);
  });

  it('hands out and runs the kernels of every ISA this CPU supports (at least scalar)', () => {
    const supported = addon.supportedIsas();
    expect(supported, 'the addon reports no ISA this CPU can run').to.include('scalar');
    const ran: string[] = [];
    for (const isa of supported) {
      const kernels = addon.kernels(isa);
      expect(kernels.isa, isa).to.equal(isa);
      expect(kernels.dot(Float32Array.of(1, 2, 3), Float32Array.of(4, 5, 6)), isa).to.equal(32);
      ran.push(isa);
    }
    expect(ran).to.deep.equal(supported);
  });

  it('refuses the kernels of every ISA this CPU lacks with KNHK_E_PLUGIN_UNAVAILABLE', () => {
    const supported = addon.supportedIsas();
    // The ISAs of the other architecture are never supported, so the refusal is tested on every host.
    const lacking = (['avx2', 'avx512', 'neon'] as const).filter((isa) => !supported.includes(isa));
    expect(lacking.length, 'an ISA of the other architecture must be lacking').to.be.greaterThan(0);
    for (const isa of lacking)
      expect(
        codeOf(() => addon.kernels(isa)),
        isa,
      ).to.equal('KNHK_E_PLUGIN_UNAVAILABLE');
  });

  it('agrees with /proc/cpuinfo on the CPU flags', async () => {
    const { readCpuFlags } = await import('@knhk/core');
    const flags = readCpuFlags();
    if (flags.length === 0) return;
    const features = addon.features();
    for (const flag of ['avx2', 'fma', 'avx512f', 'avx512bw', 'avx512vl', 'avx512dq'] as const) {
      expect(features[flag], flag).to.equal(flags.includes(flag));
    }
  });
});
