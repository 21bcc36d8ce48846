/**
 * EMULATION: the avx512 kernel sources, compiled a second time against SIMDe in the
 * test-only build of native/emulation (this machine may have no AVX-512), checked against
 * the scalar kernels and the TypeScript references, and through the conformance kit. The
 * backends never load that build. The root `npm install` builds it (native/scripts/build.mjs)
 * when libsimde-dev is installed; without SIMDe this suite is not run (required when CI is
 * set), and with SIMDe an emulation build that does not load fails it with the build error.
 * x86 only: on aarch64 there is no emulation build.
 */
import path from 'node:path';
import { expect } from 'chai';
import { checkConformance, formatFailures } from '@knhk/plugin-sdk';
import { SYSTEM_PACKAGES, describeWithSystemPackages } from '@knhk/plugin-sdk/mocha';
import { DEFAULT_BUILD_DIR, type NativeAddon, type NativeKernels, loadNative } from '../src/index.js';
import { checkComparisons } from './comparison-checks.js';
import { NATIVE_CAPABILITIES, kernelPlugin } from './kernel-plugin.js';
import { SIZES, argmaxReference, dotReference, elementwise, randomF32 } from './native-reference.js';

const EMULATION_BUILD_DIR = path.join(DEFAULT_BUILD_DIR, '..', 'emulation', 'build');
const x86 = ['x64', 'ia32'].includes(process.arch);

/** The emulation build, or a throw with the build's failure and what to run. */
function loadEmulationBuild(): NativeAddon {
  const emulated = loadNative({ buildDir: EMULATION_BUILD_DIR });
  if (!emulated.ok) {
    throw new Error(
      `SIMDe is installed but the avx512 emulation build does not load (run npm run build:emulation -w @knhk/native): ${emulated.reason}`,
    );
  }
  return emulated.addon;
}

/** op(A) * op(B) in float64, for the sgemm checks. */
function product(m: number, n: number, k: number, a: Float32Array, b: Float32Array, tA: boolean, tB: boolean) {
  const out = new Float64Array(m * n);
  const abs = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      for (let p = 0; p < k; p++) {
        const x = (tA ? a[p * m + i] : a[i * k + p]) * (tB ? b[j * k + p] : b[p * n + j]);
        out[i * n + j] += x;
        abs[i * n + j] += Math.abs(x);
      }
    }
  }
  return { out, abs };
}

function checkSgemm(k: NativeKernels, m: number, n: number, depth: number, tA: boolean, tB: boolean): void {
  const a = randomF32(m * depth, m + 3 * depth);
  const b = randomF32(depth * n, n + 7 * depth);
  const c0 = randomF32(m * n, m * n + 1);
  const { out, abs } = product(m, n, depth, a, b, tA, tB);
  const c = c0.slice();
  k.sgemm(a, b, c, m, n, depth, 1.5, -0.5, tA, tB, tA ? m : depth, tB ? depth : n, n, 0, 0, 0);
  for (let i = 0; i < m * n; i++) {
    const want = 1.5 * out[i] - 0.5 * c0[i];
    const bound = (depth + 2) * 2 ** -23 * (1.5 * abs[i] + 0.5 * Math.abs(c0[i])) + 1e-30;
    expect(Math.abs(c[i] - want), `${m}x${n}x${depth} tA=${tA} tB=${tB} at ${i}`).to.be.at.most(bound);
  }
}

const title = '@knhk/native avx512 kernels on SIMDe (EMULATION, test-only build)';
if (!x86) {
  // Say what is not run here, and why (mocha lists it as pending), instead of leaving no trace.
  describe(title, () => {
    it(`NOT RUN on ${process.arch}: the SIMDe build of the avx512 kernels is x86 only`, function () {
      this.skip();
    });
  });
}
const suite = x86 ? describeWithSystemPackages : () => undefined;
suite(title, [SYSTEM_PACKAGES.simde], () => {
  let addon: NativeAddon;
  let k: NativeKernels;
  before(() => {
    addon = loadEmulationBuild();
    k = addon.kernels('avx512');
  });

  it('is the emulation build, never the real addon', () => {
    expect(addon.emulation).to.match(/SIMDe/);
    const real = loadNative();
    expect(real.ok && real.addon === addon).to.equal(false);
    expect(k.isa).to.equal('avx512');
  });

  it('add, sub, mul, div and fma match the float32 reference at every tail length', () => {
    for (const n of SIZES) {
      const a = randomF32(n, 1 + n);
      const b = randomF32(n, 2 + n).map((v) => (v === 0 ? 0.5 : v));
      const c = randomF32(n, 3 + n);
      expect(k.add(a, b, new Float32Array(n))).to.deep.equal(elementwise(n, (i) => a[i] + b[i]));
      expect(k.sub(a, b, new Float32Array(n))).to.deep.equal(elementwise(n, (i) => a[i] - b[i]));
      expect(k.mul(a, b, new Float32Array(n))).to.deep.equal(elementwise(n, (i) => a[i] * b[i]));
      expect(k.div(a, b, new Float32Array(n))).to.deep.equal(elementwise(n, (i) => a[i] / b[i]));
      expect(k.fma(a, b, c, new Float32Array(n))).to.deep.equal(elementwise(n, (i) => a[i] * b[i] + c[i]));
    }
  });

  it('dot, sum, min, max and argmax match the reference at every tail length, NaN and -0 included', () => {
    for (const n of SIZES) {
      const a = randomF32(n, 5 + n);
      const b = randomF32(n, 6 + n);
      const { value, abs } = dotReference(a, b);
      expect(Math.abs(k.dot(a, b) - value)).to.be.at.most(2 * (n + 1) * 2 ** -23 * abs);
      const sum = a.reduce((s, v) => s + v, 0);
      expect(Math.abs(k.sum(a) - sum)).to.be.at.most(1e-9 * (1 + Math.abs(sum)) * (n + 1));
      if (n === 0) continue;
      expect(k.min(a)).to.equal(Math.min(...a));
      expect(k.max(a)).to.equal(Math.max(...a));
      expect(k.argmax(a)).to.equal(argmaxReference(a));
      const x = a.slice();
      x[n >> 1] = NaN;
      expect(Number.isNaN(k.max(x))).to.equal(true);
      expect(k.argmax(x)).to.equal(n >> 1);
    }
    const zeros = new Float32Array(33);
    zeros[32] = -0;
    expect(Object.is(k.min(zeros), -0)).to.equal(true);
  });

  it('compare matches JavaScript for every predicate at every tail length, with NaN, zeros and infinities', () => {
    for (const n of SIZES) checkComparisons(k, n);
  });

  it('sgemm matches the float64 product within the f32 accumulation bound, for every transposition and edge', () => {
    const shapes = [
      [1, 1, 1],
      [12, 32, 8],
      [13, 33, 9],
      [11, 31, 300],
      [40, 70, 257],
      [3, 100, 5],
    ];
    for (const [m, n, depth] of shapes) {
      for (const tA of [false, true]) for (const tB of [false, true]) checkSgemm(k, m, n, depth, tA, tB);
    }
  });

  it('sgemm with beta 0 does not read C', () => {
    const c = new Float32Array(13 * 33).fill(NaN);
    k.sgemm(randomF32(13 * 5, 1), randomF32(5 * 33, 2), c, 13, 33, 5, 1, 0, false, false, 5, 33, 33, 0, 0, 0);
    expect(c.some(Number.isNaN)).to.equal(false);
  });

  it('passes the conformance kit for vector, reduce, matmul, mlp and memory', async () => {
    const plugin = kernelPlugin('avx512-emulated', addon, 'avx512', 'EMULATION: avx512 kernels on SIMDe');
    const report = await checkConformance(plugin, { capabilities: [...NATIVE_CAPABILITIES] });
    expect(report.passed, formatFailures(report)).to.equal(true);
  });
});
