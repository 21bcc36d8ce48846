/**
 * methodKernel: the kernel function is the implementation's own method, bound to the object
 * the plugin instance made (so `this` works), with the declared options kept.
 */
import { expect } from 'chai';
import { type F32Input, type VectorRange, container } from '@knhk/core';
import { dotDense, methodKernel } from '../src/index.js';

class CountingDot {
  calls = 0;
  dot(a: F32Input, b: F32Input, _range?: VectorRange): number {
    this.calls++;
    return dotDense(a as Float32Array, b as Float32Array);
  }
}

describe('@knhk/host methodKernel', () => {
  it('binds the method of the instance object once and keeps the declared options', () => {
    const child = container.createChildContainer();
    const target = new CountingDot();
    child.register(CountingDot, { useValue: target });
    let made = 0;
    const kernel = methodKernel(
      'vector',
      'dot',
      (c) => {
        made++;
        return c.resolve(CountingDot) as never;
      },
      { accumulation: 'f64', supports: () => true },
    );
    expect(kernel.id).to.equal('vector.dot');
    expect(kernel.accumulation).to.equal('f64');
    expect(kernel.supports).to.be.a('function');
    const dot = kernel.create(child) as unknown as (a: Float32Array, b: Float32Array) => number;
    expect(dot(Float32Array.of(1, 2), Float32Array.of(3, 4))).to.equal(11);
    expect(dot(Float32Array.of(1), Float32Array.of(1))).to.equal(1);
    expect(target.calls).to.equal(2);
    expect(made).to.equal(1);
  });
});
