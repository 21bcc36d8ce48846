import type { MlpModel, MlpParameters, MlpSpec, NeuralTraining, PluginInstance } from '@knhk/core';
import { expect } from 'chai';
import { startCpu } from './cpu-instance.js';
import { expectCode } from './knhk-assertions.js';
import { TestRandom } from './test-random.js';

interface Dataset {
  readonly x: Float32Array;
  readonly labels: Uint32Array;
  readonly size: number;
}

/** `perClass` points around each of three centres, spread by `sigma`. */
function gaussianBlobs(random: TestRandom, perClass: number, sigma: number): Dataset {
  const centres = [
    [0, 2.5],
    [2.2, -1.3],
    [-2.2, -1.3],
  ];
  const size = perClass * centres.length;
  const x = new Float32Array(size * 2);
  const labels = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    const label = i % centres.length;
    labels[i] = label;
    x[2 * i] = centres[label][0] + sigma * random.normal();
    x[2 * i + 1] = centres[label][1] + sigma * random.normal();
  }
  return { x, labels, size };
}

/** Two concentric rings (radius 1 and 2.5), class = ring: not linearly separable. */
function rings(random: TestRandom, perClass: number, noise: number): Dataset {
  const size = perClass * 2;
  const x = new Float32Array(size * 2);
  const labels = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    const label = i % 2;
    const radius = (label === 0 ? 1 : 2.5) + noise * random.normal();
    const angle = random.uniform(0, 2 * Math.PI);
    labels[i] = label;
    x[2 * i] = radius * Math.cos(angle);
    x[2 * i + 1] = radius * Math.sin(angle);
  }
  return { x, labels, size };
}

function accuracy(mlp: NeuralTraining, model: MlpModel, data: Dataset): number {
  const classes = model.layers[model.layers.length - 1];
  const logits = mlp.forward(model, data.x, data.size);
  let correct = 0;
  for (let i = 0; i < data.size; i++) {
    const row = Array.from(logits.subarray(i * classes, (i + 1) * classes));
    if (row.indexOf(Math.max(...row)) === data.labels[i]) correct++;
  }
  return correct / data.size;
}

function flatten(parameters: MlpParameters): number[] {
  return [...parameters.weights, ...parameters.biases].flatMap((array) => [...array]);
}

/** The parameters with entry `index` of the flattened list set to `value`. */
function withEntry(parameters: MlpParameters, index: number, value: number): MlpParameters {
  const weights = parameters.weights.map((w) => w.slice());
  const biases = parameters.biases.map((b) => b.slice());
  let rest = index;
  for (const array of [...weights, ...biases]) {
    if (rest < array.length) {
      array[rest] = value;
      break;
    }
    rest -= array.length;
  }
  return { weights, biases };
}

describe('cpu neural training', () => {
  let instance: PluginInstance;
  let mlp: NeuralTraining;
  const random = new TestRandom(31337);

  before(async () => {
    instance = await startCpu();
    mlp = instance.get('mlp');
  });
  after(() => instance.dispose());

  it('reaches >= 0.95 accuracy on held-out points of 3 Gaussian blobs (300 training samples)', () => {
    const train = gaussianBlobs(random, 100, 0.7);
    const test = gaussianBlobs(random, 100, 0.7);
    const model = mlp.createModel({ layers: [2, 16, 3], activation: 'relu', seed: 7 });
    const first = mlp.trainStep(model, train.x, train.labels, train.size, { learningRate: 0.2 });
    let last = first;
    for (let step = 0; step < 150; step++)
      last = mlp.trainStep(model, train.x, train.labels, train.size, { learningRate: 0.2 });
    expect(last).to.be.below(first / 4);
    expect(accuracy(mlp, model, test)).to.be.at.least(0.95);
  });

  it('reaches >= 0.95 accuracy on held-out points of two concentric rings with tanh (400 training samples, mini-batches)', () => {
    const train = rings(random, 200, 0.15);
    const test = rings(random, 200, 0.15);
    const model = mlp.createModel({ layers: [2, 16, 16, 2], activation: 'tanh', seed: 3 });
    const batch = 50;
    for (let epoch = 0; epoch < 150; epoch++) {
      for (let start = 0; start < train.size; start += batch) {
        const x = train.x.subarray(2 * start, 2 * (start + batch));
        mlp.trainStep(model, x, train.labels.subarray(start, start + batch), batch, { learningRate: 0.1 });
      }
    }
    expect(accuracy(mlp, model, test)).to.be.at.least(0.95);
  });

  for (const [activation, layers, eps] of [
    ['tanh', [3, 4, 3], 1e-2],
    ['sigmoid', [3, 5, 2], 1e-2],
    ['relu', [3, 5, 4, 3], 1e-3],
  ] as const) {
    it(`trainStep follows the finite-difference gradient of the loss (${activation}, layers ${layers.join('-')})`, () => {
      const model = mlp.createModel({ layers, activation, seed: 11 });
      const batch = 5;
      const x = random.floats(batch * layers[0], 1.5);
      const labels = Uint32Array.from({ length: batch }, () => random.int(layers[layers.length - 1]));
      const start = mlp.getParameters(model);
      const values = flatten(start);
      const numeric = values.map((w, i) => {
        const [up, down] = [Math.fround(w + eps), Math.fround(w - eps)];
        mlp.setParameters(model, withEntry(start, i, up));
        const lossUp = mlp.loss(model, x, labels, batch);
        mlp.setParameters(model, withEntry(start, i, down));
        const lossDown = mlp.loss(model, x, labels, batch);
        return (lossUp - lossDown) / (up - down);
      });
      mlp.setParameters(model, start);
      const lossBefore = mlp.loss(model, x, labels, batch);
      const rate = 0.05;
      expect(mlp.trainStep(model, x, labels, batch, { learningRate: rate })).to.equal(lossBefore);
      const after = flatten(mlp.getParameters(model));
      values.forEach((w, i) => {
        const analytic = (w - after[i]) / rate;
        expect(analytic, `parameter ${i}`).to.be.closeTo(numeric[i], 2e-3 + 0.02 * Math.abs(numeric[i]));
      });
      expect(mlp.loss(model, x, labels, batch)).to.be.below(lossBefore);
    });
  }

  it('computes the forward pass and the mean softmax cross-entropy of a known network', () => {
    const model = mlp.createModel({ layers: [2, 3, 2], activation: 'relu' });
    const w0 = [1, -1, 0.5, 2, 1, -0.5];
    const b0 = [0.1, 0, -0.2];
    const w1 = [1, 0, -1, 2, 0.5, 0.5];
    const b1 = [0, 0.3];
    mlp.setParameters(model, {
      weights: [Float32Array.from(w0), Float32Array.from(w1)],
      biases: [Float32Array.from(b0), Float32Array.from(b1)],
    });
    const x = [0.5, -1, 2, 1];
    const expected: number[] = [];
    for (let r = 0; r < 2; r++) {
      const h = [0, 1, 2].map((j) => Math.max(0, x[2 * r] * w0[j] + x[2 * r + 1] * w0[3 + j] + b0[j]));
      for (let o = 0; o < 2; o++) expected.push(h[0] * w1[o] + h[1] * w1[2 + o] + h[2] * w1[4 + o] + b1[o]);
    }
    const logits = mlp.forward(model, Float32Array.from(x), 2);
    expect(logits).to.be.instanceOf(Float32Array);
    [...logits].forEach((v, i) => expect(v).to.be.closeTo(expected[i], 1e-5));
    const labels = Uint32Array.of(1, 0);
    let total = 0;
    for (let r = 0; r < 2; r++) {
      const [z0, z1] = [expected[2 * r], expected[2 * r + 1]];
      total += Math.log(Math.exp(z0) + Math.exp(z1)) - expected[2 * r + labels[r]];
    }
    expect(mlp.loss(model, Float32Array.from(x), labels, 2)).to.be.closeTo(total / 2, 1e-5);
  });

  it('keeps the loss finite for huge logits (log-sum-exp)', () => {
    const model = mlp.createModel({ layers: [1, 2] });
    mlp.setParameters(model, { weights: [Float32Array.of(1e4, -1e4)], biases: [new Float32Array(2)] });
    expect(mlp.loss(model, Float32Array.of(1), Uint32Array.of(0), 1)).to.be.closeTo(0, 1e-12);
    expect(mlp.loss(model, Float32Array.of(1), Uint32Array.of(1), 1)).to.be.closeTo(2e4, 1e-6);
  });

  it('initialises deterministically from the seed, within the He / Xavier limits, with zero biases', () => {
    const spec: MlpSpec = { layers: [4, 8, 3], activation: 'relu', seed: 5 };
    const a = mlp.getParameters(mlp.createModel(spec));
    const b = mlp.getParameters(mlp.createModel(spec));
    const c = mlp.getParameters(mlp.createModel({ ...spec, seed: 6 }));
    expect(flatten(a)).to.deep.equal(flatten(b));
    expect(flatten(a)).to.not.deep.equal(flatten(c));
    expect(flatten(mlp.getParameters(mlp.createModel({ layers: [4, 8, 3] })))).to.deep.equal(
      flatten(mlp.getParameters(mlp.createModel({ layers: [4, 8, 3], activation: 'relu', seed: 1 }))),
    );
    expect(a.weights[0].length).to.equal(32);
    expect(a.weights[1].length).to.equal(24);
    expect(Math.max(...a.weights[0].map(Math.abs))).to.be.at.most(Math.sqrt(6 / 4));
    expect(Math.max(...a.weights[1].map(Math.abs))).to.be.at.most(Math.sqrt(6 / 11));
    expect(new Set(a.weights[0]).size).to.be.above(30);
    expect(flatten({ weights: [], biases: a.biases }).every((v) => v === 0)).to.equal(true);
  });

  it('returns copies of the parameters and copies them in', () => {
    const model = mlp.createModel({ layers: [2, 2], seed: 2 });
    const parameters = mlp.getParameters(model);
    parameters.weights[0][0] = 123;
    expect(mlp.getParameters(model).weights[0][0]).to.not.equal(123);
    const mine = { weights: [Float32Array.of(1, 2, 3, 4)], biases: [Float32Array.of(5, 6)] };
    mlp.setParameters(model, mine);
    mine.weights[0][0] = 0;
    expect([...mlp.getParameters(model).weights[0]]).to.deep.equal([1, 2, 3, 4]);
    expect(model).to.include({ kind: 'mlp-model', provider: 'cpu', activation: 'relu', released: false });
    expect(model.layers).to.deep.equal([2, 2]);
  });

  it('rejects bad specs and parameters with coded errors', () => {
    expectCode(() => mlp.createModel({ layers: [3] }), 'KNHK_E_ARG_SHAPE');
    expectCode(() => mlp.createModel({ layers: [3, 0, 2] }), 'KNHK_E_ARG_SHAPE');
    expectCode(() => mlp.createModel({ layers: [3, 2.5] }), 'KNHK_E_ARG_SHAPE');
    expectCode(() => mlp.createModel({ layers: [3, '2'] as never }), 'KNHK_E_ARG_SHAPE');
    expectCode(() => mlp.createModel({ layers: 'big' as never }), 'KNHK_E_ARG_TYPE');
    expectCode(() => mlp.createModel(null as never), 'KNHK_E_ARG_TYPE');
    expectCode(() => mlp.createModel({ layers: [1e6, 1e6] }), 'KNHK_E_ARG_RANGE');
    expectCode(() => mlp.createModel({ layers: [3, 2], activation: 'gelu' as never }), 'KNHK_E_ARG_INVALID');
    expectCode(() => mlp.createModel({ layers: [3, 2], seed: 0.5 }), 'KNHK_E_ARG_INVALID');
    const model = mlp.createModel({ layers: [2, 3] });
    const good = mlp.getParameters(model);
    expectCode(() => mlp.setParameters(model, { weights: [], biases: good.biases }), 'KNHK_E_ARG_SHAPE');
    expectCode(
      () => mlp.setParameters(model, { weights: [new Float32Array(5)], biases: good.biases }),
      'KNHK_E_ARG_SHAPE',
    );
    expectCode(
      () => mlp.setParameters(model, { weights: good.weights, biases: [new Float32Array(2)] }),
      'KNHK_E_ARG_SHAPE',
    );
    expectCode(
      () => mlp.setParameters(model, { weights: [[1, 2, 3, 4, 5, 6]] as never, biases: good.biases }),
      'KNHK_E_ARG_TYPE',
    );
    expectCode(() => mlp.setParameters(model, null as never), 'KNHK_E_ARG_TYPE');
  });

  it('rejects bad batches, labels and learning rates with coded errors', () => {
    const model = mlp.createModel({ layers: [2, 3] });
    const x = new Float32Array(4);
    const labels = Uint32Array.of(0, 2);
    const options = { learningRate: 0.1 };
    expectCode(() => mlp.trainStep(model, new Float32Array(5), labels, 2, options), 'KNHK_E_ARG_LENGTH');
    expectCode(() => mlp.trainStep(model, x, Uint32Array.of(0), 2, options), 'KNHK_E_ARG_LENGTH');
    expectCode(() => mlp.trainStep(model, x, Uint32Array.of(0, 3), 2, options), 'KNHK_E_ARG_RANGE');
    expectCode(() => mlp.trainStep(model, x, Int32Array.of(0, 1) as never, 2, options), 'KNHK_E_ARG_TYPE');
    expectCode(() => mlp.trainStep(model, [0, 0, 0, 0] as never, labels, 2, options), 'KNHK_E_ARG_TYPE');
    expectCode(() => mlp.trainStep(model, new Float32Array(0), new Uint32Array(0), 0, options), 'KNHK_E_ARG_RANGE');
    expectCode(() => mlp.forward(model, x, 1.5), 'KNHK_E_ARG_RANGE');
    for (const learningRate of [0, -0.1, NaN, Infinity]) {
      expectCode(() => mlp.trainStep(model, x, labels, 2, { learningRate }), 'KNHK_E_ARG_INVALID');
    }
    expectCode(() => mlp.trainStep(model, x, labels, 2, undefined as never), 'KNHK_E_ARG_TYPE');
    expectCode(() => mlp.loss(model, x, Uint32Array.of(5, 0), 2), 'KNHK_E_ARG_RANGE');
    expectCode(() => mlp.forward(model, new Float32Array(3), 2), 'KNHK_E_ARG_LENGTH');
  });

  it('rejects released, foreign and other-instance models', async () => {
    const model = mlp.createModel({ layers: [2, 2] });
    mlp.release(model);
    mlp.release(model);
    expect(model.released).to.equal(true);
    expectCode(() => mlp.forward(model, new Float32Array(2), 1), 'KNHK_E_BUFFER_RELEASED');
    expectCode(() => mlp.getParameters(model), 'KNHK_E_BUFFER_RELEASED');
    const foreign = {
      kind: 'mlp-model',
      provider: 'acme-gpu',
      released: false,
      layers: [2, 2],
      activation: 'relu',
    } as const;
    expectCode(() => mlp.getParameters(foreign), 'KNHK_E_BUFFER_FOREIGN');
    expectCode(() => mlp.getParameters({ ...foreign, provider: 'cpu' }), 'KNHK_E_BUFFER_FOREIGN');
    expectCode(() => mlp.getParameters({} as never), 'KNHK_E_ARG_TYPE');
    const other = await startCpu();
    try {
      const theirs = other.get('mlp').createModel({ layers: [2, 2] });
      expectCode(() => mlp.forward(theirs, new Float32Array(2), 1), 'KNHK_E_BUFFER_FOREIGN');
    } finally {
      await other.dispose();
    }
  });
});
