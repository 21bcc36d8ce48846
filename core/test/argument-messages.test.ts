/**
 * What the shared argument checks say about the value they got (a message never reads as if
 * the string "1" were the number 1, and never throws on a hostile value), sgemm's flags,
 * one pattern limit for every backend, and detached or Proxy typed arrays.
 */
import { expect } from 'chai';
import {
  KnhkError,
  MAX_PATTERN_BYTES,
  OPERATIONS,
  checkBufferDType,
  checkCompareOp,
  checkCopyToDevice,
  checkCount,
  checkFinite,
  checkFlag,
  checkFloat32Array,
  checkPatterns,
  checkSpec,
  isDetached,
  isFloat32Array,
  isUint8Array,
  patternBytes,
  sgemmShape,
  stridedSpan,
  typeName,
  valueName,
} from '../src/index.js';

/** The KnhkError `run` throws (anything else fails the test). */
function thrown(run: () => unknown): KnhkError {
  try {
    run();
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(KnhkError);
    return error as KnhkError;
  }
  throw new Error('expected a KnhkError, nothing was thrown');
}

function detached(): Float32Array {
  const array = new Float32Array(4);
  structuredClone(array.buffer, { transfer: [array.buffer] });
  return array;
}

const throwing = new Proxy(
  {},
  {
    get() {
      throw new Error('trap');
    },
    getPrototypeOf() {
      throw new Error('trap');
    },
  },
);

describe('argument messages', () => {
  it('name what a value is, and never throw', () => {
    expect(typeName('1')).to.equal('the string "1"');
    expect(typeName(1)).to.equal('the number 1');
    expect(typeName(-0)).to.equal('the number -0');
    expect(typeName(true)).to.equal('the boolean true');
    expect(typeName(5n)).to.equal('the bigint 5n');
    expect(typeName(Symbol('s'))).to.equal('a symbol');
    expect(typeName(() => 0)).to.equal('a function');
    expect(typeName(null)).to.equal('null');
    expect(typeName(undefined)).to.equal('undefined');
    expect(typeName([1])).to.equal('an Array');
    expect(typeName(new Float64Array(2))).to.equal('Float64Array');
    expect(typeName(Object.create(null))).to.equal('an object');
    expect(typeName(throwing)).to.equal('an object');
    expect(typeName(new Proxy(new Float32Array(2), {}))).to.equal('an object posing as a Float32Array (a Proxy?)');
    expect(typeName('x'.repeat(100))).to.equal(`the string "${'x'.repeat(40)}..."`);
    expect(valueName(1.5)).to.equal('1.5');
    expect(valueName(Number.NaN)).to.equal('NaN');
    expect(valueName('1')).to.equal('the string "1"');
  });

  it('say "the string" for a string where a number is needed, not the number it prints as', () => {
    expect(thrown(() => checkCount('op', 'n', '1')).message).to.include('n must be a number, got the string "1"');
    expect(thrown(() => checkCount('op', 'n', 1.5)).message).to.include('got 1.5');
    expect(thrown(() => checkFinite('op', 'alpha', '1')).message).to.include('got the string "1"');
    const offset = thrown(() => stridedSpan('vector.add', 'a', 4, { offset: '1' as unknown as number }));
    expect(offset.code).to.equal('KNHK_E_ARG_TYPE');
    expect(offset.message).to.include('vector.add: a offset must be a number, got the string "1"');
    const stride = thrown(() => stridedSpan('vector.add', 'b', 4, { stride: true as unknown as number }));
    expect(stride.code).to.equal('KNHK_E_ARG_TYPE');
    expect(stride.message).to.include('b stride must be a number, got the boolean true');
    expect(thrown(() => stridedSpan('vector.add', 'a', 4, { offset: -1 })).code).to.equal('KNHK_E_ARG_RANGE');
  });

  it('keep their coded error for values that cannot be printed (symbols, null prototypes, bigints)', () => {
    expect(thrown(() => checkCompareOp('vector.compare', Object.create(null))).code).to.equal('KNHK_E_ARG_INVALID');
    expect(thrown(() => checkCompareOp('vector.compare', Symbol('lt'))).code).to.equal('KNHK_E_ARG_INVALID');
    expect(thrown(() => checkBufferDType('memory.allocate', 1n)).message).to.include('got the bigint 1n');
    expect(thrown(() => stridedSpan('vector.add', 'a', 4, { offset: Symbol('o') as unknown as number })).code).to.equal(
      'KNHK_E_ARG_TYPE',
    );
    expect(thrown(() => checkSpec('mlp.createModel', { layers: [3, Symbol('s')] })).code).to.equal('KNHK_E_ARG_SHAPE');
    expect(thrown(() => checkSpec('mlp.createModel', { layers: [3, 2], seed: Object.create(null) })).code).to.equal(
      'KNHK_E_ARG_INVALID',
    );
    // The dispatcher sizes a createModel call before any check: a symbol among the layers must not throw there.
    expect(OPERATIONS.mlp.createModel.size({ layers: [3, Symbol('s')] }, 0, 0, 0, 0)).to.equal(0);
    expect(OPERATIONS.vector.add.size(new Proxy(new Float32Array(4), {}), 0, 0, undefined, 0)).to.equal(0);
  });
});

describe('sgemm flags', () => {
  const base = { m: 1, n: 1, k: 1, a: new Float32Array(1), b: new Float32Array(1), c: new Float32Array(1) };
  const lengths = { a: 1, b: 1, c: 1 };

  it('take true, false or nothing', () => {
    expect(checkFlag('op', 'transA', undefined)).to.equal(false);
    expect(checkFlag('op', 'transA', false)).to.equal(false);
    expect(checkFlag('op', 'transA', true)).to.equal(true);
    expect(sgemmShape({ ...base, transA: true, transB: false }, lengths)).to.include({ transA: true, transB: false });
  });

  it('refuse 1, "yes", null and anything else with KNHK_E_ARG_TYPE instead of ignoring it', () => {
    for (const value of [1, 0, 'yes', 'true', null, {}]) {
      const error = thrown(() => sgemmShape({ ...base, transA: value as unknown as boolean }, lengths));
      expect(error.code, String(value)).to.equal('KNHK_E_ARG_TYPE');
      expect(error.message).to.include('matmul.sgemm: transA must be a boolean (true or false) or left out, got');
    }
    expect(thrown(() => sgemmShape({ ...base, transB: 'yes' as unknown as boolean }, lengths)).message).to.include(
      'transB must be a boolean (true or false) or left out, got the string "yes"',
    );
  });
});

describe('the pattern limit', () => {
  it('is 2^20 - 1 bytes in all, for every backend (checkPatterns)', () => {
    expect(MAX_PATTERN_BYTES).to.equal(2 ** 20 - 1);
    expect(checkPatterns('pattern.compile', [new Uint8Array(MAX_PATTERN_BYTES)])).to.have.length(1);
    expect(checkPatterns('pattern.compile', ['ab', new Uint8Array([1])]).map((p) => [...p])).to.deep.equal([
      [97, 98],
      [1],
    ]);
    const one = thrown(() => checkPatterns('pattern.compile', [new Uint8Array(MAX_PATTERN_BYTES + 1)]));
    expect(one.code).to.equal('KNHK_E_ARG_RANGE');
    expect(one.message).to.include('more than 1048575 bytes in all');
    const two = thrown(() => checkPatterns('pattern.compile', [new Uint8Array(2 ** 19), new Uint8Array(2 ** 19)]));
    expect(two.code).to.equal('KNHK_E_ARG_RANGE');
    expect(two.details).to.include({ index: 1 });
  });

  it('comes after the type checks of each pattern', () => {
    expect(thrown(() => checkPatterns('pattern.compile', 'ab')).code).to.equal('KNHK_E_ARG_TYPE');
    expect(thrown(() => checkPatterns('pattern.compile', ['a', 5])).code).to.equal('KNHK_E_ARG_TYPE');
    expect(thrown(() => checkPatterns('pattern.compile', ['a', ''])).code).to.equal('KNHK_E_ARG_INVALID');
    // eslint-disable-next-line no-sparse-arrays
    expect(thrown(() => checkPatterns('pattern.compile', ['a', , 'b'])).code).to.equal('KNHK_E_ARG_TYPE');
  });
});

describe('typed arrays that are not what they seem', () => {
  it('tells a Proxy of a typed array from the array', () => {
    const proxy = new Proxy(new Float32Array(4), {});
    expect(proxy instanceof Float32Array).to.equal(true);
    expect(isFloat32Array(proxy)).to.equal(false);
    expect(isFloat32Array(new Float32Array(1))).to.equal(true);
    expect(isUint8Array(new Proxy(new Uint8Array(1), {}))).to.equal(false);
    expect(thrown(() => checkFloat32Array('mlp.forward', 'x', proxy)).code).to.equal('KNHK_E_ARG_TYPE');
    expect(thrown(() => patternBytes('pattern.compile', new Proxy(new Uint8Array(2), {}), 0)).code).to.equal(
      'KNHK_E_ARG_TYPE',
    );
  });

  it('finds a detached array, and refuses to copy from one', () => {
    expect(isDetached(detached())).to.equal(true);
    expect(isDetached(new Float32Array(0))).to.equal(false);
    expect(isDetached(new Float32Array(3))).to.equal(false);
    expect(isDetached(new Float32Array(new ArrayBuffer(8), 8))).to.equal(false);
    const error = thrown(() => checkCopyToDevice('memory.copyToDevice', { dtype: 'f32', length: 8 }, detached(), 0));
    expect(error.code).to.equal('KNHK_E_ARG_INVALID');
    expect(error.message).to.include('detached ArrayBuffer');
    expect(
      checkCopyToDevice('memory.copyToDevice', { dtype: 'f32', length: 8 }, new Float32Array(0), 8),
    ).to.have.length(0);
  });
});
