/**
 * The judge of the bad-call fuzz (test/fuzz/outcome.ts): what counts as a coded error, and
 * when a returned result differs from the reference's.
 */
import { KnhkError } from '@knhk/core';
import { expect } from 'chai';
import { CALLER_ERROR } from './fuzz/bad-values.js';
import { classifyError, difference, verdict } from './fuzz/outcome.js';

describe('bad-call fuzz outcomes', () => {
  it('takes only real KnhkErrors of catalogued codes as coded', () => {
    expect(classifyError(new KnhkError('KNHK_E_ARG_TYPE', 'x'))).to.deep.equal({
      kind: 'coded',
      code: 'KNHK_E_ARG_TYPE',
    });
    const plain = Object.assign(new Error('native.allocateMemory: cannot allocate'), { code: 'KNHK_E_ARG_RANGE' });
    expect(classifyError(plain).kind).to.equal('uncoded');
    expect(classifyError(plain).detail).to.include('code KNHK_E_ARG_RANGE, but not a KnhkError');
    expect(classifyError(new TypeError('detached')).kind).to.equal('uncoded');
    expect(classifyError(CALLER_ERROR).kind).to.equal('caller');
    expect(classifyError(Symbol('thrown')).kind).to.equal('uncoded');
  });

  it('looks behind KNHK_E_PROVIDER_FAILED at what the provider threw', () => {
    const wrapped = new KnhkError('KNHK_E_PROVIDER_FAILED', 'failed', {}, { cause: new TypeError('boom') });
    expect(classifyError(wrapped)).to.include({ kind: 'uncoded' });
    expect(classifyError(wrapped).detail).to.include('KNHK_E_PROVIDER_FAILED wrapping TypeError: boom');
    const coded = new KnhkError(
      'KNHK_E_PROVIDER_FAILED',
      'failed',
      {},
      { cause: new KnhkError('KNHK_E_OPENCL_OUT_OF_RESOURCES', 'x') },
    );
    expect(classifyError(coded)).to.deep.equal({ kind: 'coded', code: 'KNHK_E_PROVIDER_FAILED' });
  });

  it('fails a bad call that returns, a valid call that throws, and a wrong result', () => {
    expect(verdict('bad', { kind: 'returned' }, undefined)).to.include('a bad call must throw');
    expect(verdict('bad', { kind: 'coded', code: 'KNHK_E_ARG_TYPE' }, undefined)).to.equal(undefined);
    expect(verdict('valid', { kind: 'coded', code: 'KNHK_E_ARG_TYPE' }, undefined)).to.include('on a valid call');
    expect(verdict('either', { kind: 'returned' }, 'element 0 is 1')).to.include('wrong result');
    expect(verdict('bad', { kind: 'caller' }, undefined)).to.include('getter error');
    expect(verdict('hostile', { kind: 'caller' }, undefined)).to.equal(undefined);
  });

  it('compares results bit for bit, or within rounding for sums', () => {
    expect(difference('vector.add', new Float32Array([1, -0]), new Float32Array([1, 0]))).to.include('element 1');
    expect(difference('vector.add', new Float32Array([Number.NaN]), new Float32Array([Number.NaN]))).to.equal(
      undefined,
    );
    expect(difference('vector.dot', 1 + 1e-7, 1)).to.equal(undefined);
    expect(difference('vector.dot', 1.1, 1)).to.include('the reference returned 1');
    expect(difference('reduce.min', -0, 0)).to.include('-0');
  });
});
