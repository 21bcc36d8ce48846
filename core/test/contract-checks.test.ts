/**
 * The contract checks of the mlp and pattern capabilities, and of vector.compare's
 * operator: each bad input gets its coded error, and good input comes back checked.
 */
import { expect } from 'chai';
import {
  type AnyErrorCode,
  MAX_PARAMETERS,
  checkBatch,
  checkCompareOp,
  checkLabels,
  checkLearningRate,
  checkParameters,
  checkSpec,
  isKnhkError,
  patternBytes,
} from '../src/index.js';

function codeOf(run: () => unknown): AnyErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (isKnhkError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('mlp contract checks', () => {
  it('checks a spec and fills in the defaults', () => {
    expect(checkSpec('op', { layers: [4, 3, 2] })).to.deep.equal({ layers: [4, 3, 2], activation: 'relu', seed: 1 });
    expect(checkSpec('op', { layers: [2, 2], activation: 'tanh', seed: 9 }).activation).to.equal('tanh');
    expect(codeOf(() => checkSpec('op', null))).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => checkSpec('op', { layers: 'x' }))).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => checkSpec('op', { layers: [4] }))).to.equal('KNHK_E_ARG_SHAPE');
    expect(codeOf(() => checkSpec('op', { layers: [4, 0] }))).to.equal('KNHK_E_ARG_SHAPE');
    expect(codeOf(() => checkSpec('op', { layers: [4, 2], activation: 'gelu' }))).to.equal('KNHK_E_ARG_INVALID');
    expect(codeOf(() => checkSpec('op', { layers: [4, 2], seed: 0.5 }))).to.equal('KNHK_E_ARG_INVALID');
    expect(codeOf(() => checkSpec('op', { layers: [MAX_PARAMETERS, 2] }))).to.equal('KNHK_E_ARG_RANGE');
  });

  it('checks parameters against the layers', () => {
    const good = { weights: [new Float32Array(6)], biases: [new Float32Array(2)] };
    expect(checkParameters('op', [3, 2], good).weights[0]).to.equal(good.weights[0]);
    expect(codeOf(() => checkParameters('op', [3, 2], undefined))).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => checkParameters('op', [3, 2], { ...good, weights: [[0]] }))).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => checkParameters('op', [3, 2], { ...good, biases: [] }))).to.equal('KNHK_E_ARG_SHAPE');
    expect(codeOf(() => checkParameters('op', [3, 2], { ...good, weights: [new Float32Array(5)] }))).to.equal(
      'KNHK_E_ARG_SHAPE',
    );
  });

  it('checks batch sizes, labels and learning rates', () => {
    expect(checkBatch('op', 3)).to.equal(3);
    expect(codeOf(() => checkBatch('op', 0))).to.equal('KNHK_E_ARG_RANGE');
    expect(codeOf(() => checkBatch('op', 1.5))).to.equal('KNHK_E_ARG_RANGE');
    expect([...checkLabels('op', Uint32Array.of(0, 2), 2, 3)]).to.deep.equal([0, 2]);
    expect(codeOf(() => checkLabels('op', [0, 1], 2, 3))).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => checkLabels('op', Uint32Array.of(0), 2, 3))).to.equal('KNHK_E_ARG_LENGTH');
    expect(codeOf(() => checkLabels('op', Uint32Array.of(0, 3), 2, 3))).to.equal('KNHK_E_ARG_RANGE');
    expect(checkLearningRate('op', { learningRate: 0.1 })).to.equal(0.1);
    expect(codeOf(() => checkLearningRate('op', 0.1))).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => checkLearningRate('op', { learningRate: 0 }))).to.equal('KNHK_E_ARG_INVALID');
    expect(codeOf(() => checkLearningRate('op', { learningRate: Infinity }))).to.equal('KNHK_E_ARG_INVALID');
  });
});

describe('pattern and compare contract checks', () => {
  it('turns a pattern into bytes: strings as UTF-8, byte arrays as they are', () => {
    expect([...patternBytes('op', 'é', 0)]).to.deep.equal([0xc3, 0xa9]);
    const bytes = Uint8Array.of(1, 2);
    expect(patternBytes('op', bytes, 0)).to.equal(bytes);
    expect(codeOf(() => patternBytes('op', 7, 0))).to.equal('KNHK_E_ARG_TYPE');
    expect(codeOf(() => patternBytes('op', '', 0))).to.equal('KNHK_E_ARG_INVALID');
    expect(codeOf(() => patternBytes('op', new Uint8Array(0), 0))).to.equal('KNHK_E_ARG_INVALID');
  });

  it('accepts the six comparisons and nothing else', () => {
    for (const op of ['lt', 'le', 'gt', 'ge', 'eq', 'ne']) expect(checkCompareOp('vector.compare', op)).to.equal(op);
    expect(codeOf(() => checkCompareOp('vector.compare', 'lte'))).to.equal('KNHK_E_ARG_INVALID');
  });
});
