/**
 * The blocked sgemm kernel (both sides of C at least 48) against the cpu reference, for every
 * transposition, with padded leading dimensions and offsets, beta 0 over a C full of NaN, and
 * sizes that are not multiples of its 64x64 tiles. The conformance kit's larger case covers
 * only the untransposed and doubly transposed products.
 */
import { expect } from 'chai';
import { PluginInstance, type SgemmParams } from '@knhk/core';
import { cpuBackend } from '@knhk/backend-cpu';
import { openclBackend } from '../src/index.js';
import { describeWithSystemPackages } from '@knhk/plugin-sdk/mocha';
import { OPENCL_RUNTIME } from './opencl-runtime.js';

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
}

describeWithSystemPackages('@knhk/backend-opencl: blocked sgemm', OPENCL_RUNTIME, () => {
  let opencl: PluginInstance;
  let cpu: PluginInstance;

  before(async () => {
    [opencl, cpu] = await Promise.all([PluginInstance.start(openclBackend), PluginInstance.start(cpuBackend)]);
    expect(opencl.status, opencl.reason).to.equal('ready');
  });

  after(() => Promise.all([opencl.dispose(), cpu.dispose()]));

  for (const [transA, transB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    it(`agrees with the cpu backend, transA ${transA}, transB ${transB}`, () => {
      const random = seeded(7);
      const [m, n, k] = [70, 129, 53];
      const [lda, ldb, ldc] = [(transA ? m : k) + 3, (transB ? k : n) + 5, n + 2];
      const [aOffset, bOffset, cOffset] = [4, 1, 6];
      const a = Float32Array.from({ length: aOffset + (transA ? k : m) * lda }, random);
      const b = Float32Array.from({ length: bOffset + (transB ? n : k) * ldb }, random);
      for (const beta of [0, -0.5]) {
        const c = Float32Array.from({ length: cOffset + m * ldc + 3 }, () => (beta === 0 ? NaN : random()));
        const params: Omit<SgemmParams, 'c'> = {
          m,
          n,
          k,
          a,
          b,
          alpha: 1.5,
          beta,
          transA,
          transB,
          lda,
          ldb,
          ldc,
          aOffset,
          bOffset,
        };
        const want = cpu.get('matmul').sgemm({ ...params, c: c.slice(), cOffset });
        const got = opencl.get('matmul').sgemm({ ...params, c: c.slice(), cOffset });
        for (let i = 0; i < c.length; i++) {
          const inside = i >= cOffset && (i - cOffset) % ldc < n && i < cOffset + m * ldc;
          if (!inside)
            expect(
              Object.is(got[i], c[i]) || (Number.isNaN(got[i]) && Number.isNaN(c[i])),
              `untouched [${i}]`,
            ).to.equal(true);
          else expect(Math.abs(got[i] - want[i]), `C[${i}] beta ${beta}`).to.be.lessThan(1e-4);
        }
      }
    });
  }
});
