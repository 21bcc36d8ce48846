/**
 * The native kernel registrations: every operation of every compute capability registered
 * once, the accumulation the C++ kernels really use, and the families a backend picks.
 */
import { expect } from 'chai';
import { OPERATIONS } from '@knhk/core';
import { NATIVE_KERNEL_FAMILIES, familyKernels, registerAllKernels } from '../src/index.js';

describe('@knhk/native kernel registrations', () => {
  it('register every operation of every compute capability once, over all families', () => {
    const ids = registerAllKernels('avx2').map((k) => k.id);
    const every = Object.entries(OPERATIONS).flatMap(([capability, ops]) =>
      Object.keys(ops).map((op) => `${capability}.${op}`),
    );
    expect([...ids].sort()).to.deep.equal([...every].sort());
  });

  it('declare the accumulation of the C++ kernels: dot in f32 lanes (double on scalar), sum in double, sgemm in f32', () => {
    const of = (isa: 'scalar' | 'avx2' | 'avx512' | 'neon', id: string) =>
      registerAllKernels(isa).find((k) => k.id === id)?.accumulation;
    for (const isa of ['avx2', 'avx512', 'neon'] as const) {
      expect(of(isa, 'vector.dot'), isa).to.equal('f32');
      expect(of(isa, 'reduce.sum'), isa).to.equal('f64');
      expect(of(isa, 'matmul.sgemm'), isa).to.equal('f32');
    }
    expect(of('scalar', 'vector.dot')).to.equal('f64');
  });

  it('give a backend only the families it lists', () => {
    const ids = registerAllKernels('neon', ['dot', 'memory']).map((k) => k.id);
    expect(ids).to.deep.equal(['vector.dot', ...familyKernels('memory', 'neon').map((k) => k.id)]);
    expect(NATIVE_KERNEL_FAMILIES).to.include.members(['elementwise', 'sgemm', 'mlp', 'pattern']);
  });
});
