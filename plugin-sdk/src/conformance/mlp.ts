/**
 * Checks of the `mlp` capability. Both the plugin and the reference get the same parameters
 * (the reference's initialisation with random biases); forward, loss and one trainStep
 * (its loss and the parameter update) must then agree within a tolerance. Also: the model
 * handle, getParameters/setParameters round trips, released models and bad shapes.
 */
import type { MlpModel, MlpParameters, MlpSpec, NeuralTraining } from '@knhk/core';
import {
  F32_TINY,
  attempt,
  expectF32Equal,
  expectKnhkError,
  expectNumber,
  expectRejectedLikeReference,
  expectThat,
} from './compare.js';
import type { Random } from './random.js';
import type { CheckContext, ConformanceCheck } from './types.js';

/** Relative tolerance of logits and losses: float32 implementations differ by far less, a bug by far more. */
export const MLP_TOLERANCE = 2 ** -13;
/** Tolerance of a parameter update, relative to the largest update of the same tensor. */
export const MLP_UPDATE_TOLERANCE = 2 ** -10;
const LEARNING_RATE = 0.1;

/** A network and the batch sizes it is checked with. */
interface NetCase {
  readonly spec: MlpSpec;
  readonly batches: readonly number[];
}

const NETS: readonly NetCase[] = [
  { spec: { layers: [5, 8, 3], activation: 'relu' }, batches: [1, 7] },
  { spec: { layers: [7, 16, 9, 4], activation: 'tanh', seed: 3 }, batches: [1, 33] },
  { spec: { layers: [4, 6, 2], activation: 'sigmoid' }, batches: [5] },
  { spec: { layers: [3, 5] }, batches: [4] },
];

function describeSpec(spec: MlpSpec): string {
  return `layers [${spec.layers.join(', ')}] ${spec.activation ?? 'relu (default)'}`;
}

/** A model of the plugin and one of the reference with identical parameters. */
interface Pair {
  readonly label: string;
  readonly sub: NeuralTraining;
  readonly ref: NeuralTraining;
  readonly subModel: MlpModel;
  readonly refModel: MlpModel;
  readonly params: MlpParameters;
}

function withBiases(rng: Random, params: MlpParameters): MlpParameters {
  return {
    weights: params.weights.map((w) => w.slice()),
    biases: params.biases.map((b) => rng.uniformArray(b.length, -0.5, 0.5)),
  };
}

function withPair(ctx: CheckContext, spec: MlpSpec, use: (pair: Pair) => void): void {
  const label = describeSpec(spec);
  const [sub, ref] = [ctx.subject.get('mlp'), ctx.reference.get('mlp')];
  const refModel = attempt(`${label}: the reference's mlp.createModel`, () => ref.createModel(spec));
  const subModel = attempt(`${label}: mlp.createModel`, () => sub.createModel(spec));
  try {
    const params = withBiases(ctx.rng, ref.getParameters(refModel));
    ref.setParameters(refModel, params);
    attempt(`${label}: mlp.setParameters`, () => sub.setParameters(subModel, params));
    use({ label, sub, ref, subModel, refModel, params });
  } finally {
    ref.release(refModel);
    attempt(`${label}: mlp.release`, () => sub.release(subModel));
  }
}

interface Batch {
  readonly x: Float32Array;
  readonly labels: Uint32Array;
  readonly size: number;
}

function makeBatch(rng: Random, spec: MlpSpec, size: number): Batch {
  const layers = spec.layers;
  const labels = Uint32Array.from({ length: size }, () => rng.int(0, layers[layers.length - 1] - 1));
  return { x: rng.uniformArray(size * layers[0], -1, 1), labels, size };
}

function scaledTolerance(expected: Float32Array, relative: number): Float64Array {
  const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
  return new Float64Array(expected.length).fill(relative * scale);
}

function checkForward(pair: Pair, batch: Batch): void {
  const label = `${pair.label}, batch ${batch.size}: mlp.forward`;
  const want = pair.ref.forward(pair.refModel, batch.x, batch.size);
  const got = attempt(label, () => pair.sub.forward(pair.subModel, batch.x.slice(), batch.size));
  expectF32Equal(label, got, want, scaledTolerance(want, MLP_TOLERANCE));
}

function checkLoss(pair: Pair, batch: Batch): void {
  const label = `${pair.label}, batch ${batch.size}: mlp.loss`;
  const want = pair.ref.loss(pair.refModel, batch.x, batch.labels, batch.size);
  const got = attempt(label, () => pair.sub.loss(pair.subModel, batch.x.slice(), batch.labels.slice(), batch.size));
  expectNumber(label, got, want, MLP_TOLERANCE * Math.max(1, Math.abs(want)));
}

/** Compares the update of one tensor (after minus before) within a tolerance of its largest update. */
function expectUpdate(label: string, before: Float32Array, got: Float32Array, want: Float32Array): void {
  const largest = want.reduce((m, v, i) => Math.max(m, Math.abs(v - before[i])), 0);
  const tolerance = Float64Array.from(
    before,
    (p) => MLP_UPDATE_TOLERANCE * largest + 4 * 2 ** -24 * Math.abs(p) + F32_TINY,
  );
  expectF32Equal(`${label} (update ${largest.toExponential(2)} at most)`, got, want, tolerance);
}

function checkTrainStep(pair: Pair, batch: Batch): void {
  const label = `${pair.label}, batch ${batch.size}: mlp.trainStep`;
  const options = { learningRate: LEARNING_RATE };
  const want = pair.ref.trainStep(pair.refModel, batch.x, batch.labels, batch.size, options);
  const got = attempt(label, () =>
    pair.sub.trainStep(pair.subModel, batch.x.slice(), batch.labels.slice(), batch.size, options),
  );
  expectNumber(`${label} returned loss`, got, want, MLP_TOLERANCE * Math.max(1, Math.abs(want)));
  const after = pair.ref.getParameters(pair.refModel);
  const mine = attempt(`${label}: mlp.getParameters`, () => pair.sub.getParameters(pair.subModel));
  after.weights.forEach((w, l) => expectUpdate(`${label}: weights[${l}]`, pair.params.weights[l], mine.weights[l], w));
  after.biases.forEach((b, l) => expectUpdate(`${label}: biases[${l}]`, pair.params.biases[l], mine.biases[l], b));
}

function agreementCheck(id: string, run: (pair: Pair, batch: Batch) => void): ConformanceCheck {
  return {
    id,
    capability: 'mlp',
    run(ctx) {
      for (const net of NETS) {
        for (const size of net.batches)
          withPair(ctx, net.spec, (pair) => run(pair, makeBatch(ctx.rng, net.spec, size)));
      }
    },
  };
}

function expectShapes(label: string, params: MlpParameters, layers: readonly number[]): void {
  const count = layers.length - 1;
  expectThat(
    params.weights?.length === count && params.biases?.length === count,
    () => `${label}: expected ${count} weight and bias arrays`,
  );
  for (let l = 0; l < count; l++) {
    expectThat(
      params.weights[l] instanceof Float32Array && params.weights[l].length === layers[l] * layers[l + 1],
      () => `${label}: weights[${l}] must be a Float32Array of ${layers[l]}x${layers[l + 1]}`,
    );
    expectThat(
      params.biases[l] instanceof Float32Array && params.biases[l].length === layers[l + 1],
      () => `${label}: biases[${l}] must be a Float32Array of ${layers[l + 1]}`,
    );
  }
}

const handleCheck: ConformanceCheck = {
  id: 'mlp.createModel: returns a model handle of this plugin',
  capability: 'mlp',
  run(ctx) {
    const mlp = ctx.subject.get('mlp');
    const model = attempt('mlp.createModel', () => mlp.createModel({ layers: [3, 4, 2] }));
    expectThat(model.kind === 'mlp-model', () => `kind is ${JSON.stringify(model.kind)}, expected "mlp-model"`);
    expectThat(
      model.provider === ctx.subject.name,
      () => `provider is ${JSON.stringify(model.provider)}, expected ${JSON.stringify(ctx.subject.name)}`,
    );
    expectThat(
      model.activation === 'relu',
      () => `activation is ${JSON.stringify(model.activation)}, the default is "relu"`,
    );
    expectThat(
      JSON.stringify(model.layers) === '[3,4,2]',
      () => `layers are ${JSON.stringify(model.layers)}, expected [3,4,2]`,
    );
    expectThat(model.released === false, () => 'a new model must not be released');
    expectShapes(
      'mlp.getParameters',
      attempt('mlp.getParameters', () => mlp.getParameters(model)),
      [3, 4, 2],
    );
    attempt('mlp.release', () => mlp.release(model));
    expectThat(model.released === true, () => 'released must be true after release()');
  },
};

const roundTripCheck: ConformanceCheck = {
  id: 'mlp: getParameters returns a copy of what setParameters set',
  capability: 'mlp',
  run(ctx) {
    const mlp = ctx.subject.get('mlp');
    const layers = [6, 5, 3];
    const model = attempt('mlp.createModel', () => mlp.createModel({ layers, activation: 'tanh' }));
    try {
      const params = {
        weights: [ctx.rng.uniformArray(30, -1, 1), ctx.rng.uniformArray(15, -1, 1)],
        biases: [ctx.rng.uniformArray(5, -1, 1), ctx.rng.uniformArray(3, -1, 1)],
      };
      attempt('mlp.setParameters', () =>
        mlp.setParameters(model, {
          weights: params.weights.map((w) => w.slice()),
          biases: params.biases.map((b) => b.slice()),
        }),
      );
      const first = attempt('mlp.getParameters', () => mlp.getParameters(model));
      expectShapes('mlp.getParameters', first, layers);
      first.weights.forEach((w, l) => expectF32Equal(`weights[${l}]`, w, params.weights[l]));
      first.biases.forEach((b, l) => expectF32Equal(`biases[${l}]`, b, params.biases[l]));
      first.weights[0].fill(9);
      first.biases[1].fill(9);
      const second = mlp.getParameters(model);
      expectF32Equal('weights[0] after changing the copy getParameters returned', second.weights[0], params.weights[0]);
      expectF32Equal('biases[1] after changing the copy getParameters returned', second.biases[1], params.biases[1]);
    } finally {
      mlp.release(model);
    }
  },
};

const releasedCheck: ConformanceCheck = {
  id: 'mlp: a released model throws KNHK_E_BUFFER_RELEASED',
  capability: 'mlp',
  async run(ctx) {
    const mlp = ctx.subject.get('mlp');
    const model = attempt('mlp.createModel', () => mlp.createModel({ layers: [2, 2] }));
    attempt('mlp.release', () => mlp.release(model));
    const code = 'KNHK_E_BUFFER_RELEASED';
    const x = new Float32Array(2);
    await expectKnhkError('mlp.forward of a released model', () => mlp.forward(model, x, 1), code);
    await expectKnhkError('mlp.getParameters of a released model', () => mlp.getParameters(model), code);
    await expectKnhkError(
      'mlp.trainStep of a released model',
      () => mlp.trainStep(model, x, Uint32Array.of(0), 1, { learningRate: 0.1 }),
      code,
    );
  },
};

type BadCall = readonly [label: string, call: (mlp: NeuralTraining, model: MlpModel) => unknown];

const LAYERS = [3, 4, 2];
const x6 = (): Float32Array => new Float32Array(6);
const goodParams = (): MlpParameters => ({
  weights: [new Float32Array(12), new Float32Array(8)],
  biases: [new Float32Array(4), new Float32Array(2)],
});

const BAD_SHAPES: readonly BadCall[] = [
  ['mlp.createModel with layers [3]', (m) => m.createModel({ layers: [3] })],
  ['mlp.createModel with layers [3, 0, 2]', (m) => m.createModel({ layers: [3, 0, 2] })],
  ['mlp.createModel with layers [3, 2.5]', (m) => m.createModel({ layers: [3, 2.5] })],
  ["mlp.createModel with activation 'gelu'", (m) => m.createModel({ layers: [3, 2], activation: 'gelu' as 'relu' })],
  [
    'mlp.setParameters with weights[0] of 11 elements',
    (m, model) => m.setParameters(model, { ...goodParams(), weights: [new Float32Array(11), new Float32Array(8)] }),
  ],
  [
    'mlp.setParameters with one bias array',
    (m, model) => m.setParameters(model, { ...goodParams(), biases: [new Float32Array(4)] }),
  ],
  [
    'mlp.setParameters with a Float64Array bias',
    (m, model) =>
      m.setParameters(model, {
        ...goodParams(),
        biases: [new Float32Array(4), new Float64Array(2) as unknown as Float32Array],
      }),
  ],
  ['mlp.forward with 5 inputs for a batch of 2', (m, model) => m.forward(model, new Float32Array(5), 2)],
  ['mlp.forward with a plain array', (m, model) => m.forward(model, [1, 2, 3] as unknown as Float32Array, 1)],
  ['mlp.forward with batch -1', (m, model) => m.forward(model, x6(), -1)],
  ['mlp.loss with 1 label for a batch of 2', (m, model) => m.loss(model, x6(), Uint32Array.of(0), 2)],
  ['mlp.loss with label 2 of 2 outputs', (m, model) => m.loss(model, x6(), Uint32Array.of(0, 2), 2)],
  ['mlp.loss with plain array labels', (m, model) => m.loss(model, x6(), [0, 1] as unknown as Uint32Array, 2)],
  [
    'mlp.trainStep with learningRate 0',
    (m, model) => m.trainStep(model, x6(), Uint32Array.of(0, 1), 2, { learningRate: 0 }),
  ],
  [
    'mlp.trainStep with learningRate NaN',
    (m, model) => m.trainStep(model, x6(), Uint32Array.of(0, 1), 2, { learningRate: NaN }),
  ],
];

const badShapesCheck: ConformanceCheck = {
  id: "mlp: bad shapes and arguments throw the reference's coded errors",
  capability: 'mlp',
  async run(ctx) {
    const [sub, ref] = [ctx.subject.get('mlp'), ctx.reference.get('mlp')];
    const subModel = attempt('mlp.createModel', () => sub.createModel({ layers: LAYERS }));
    const refModel = ref.createModel({ layers: LAYERS });
    try {
      for (const [label, call] of BAD_SHAPES)
        await expectRejectedLikeReference(
          label,
          () => call(sub, subModel),
          () => call(ref, refModel),
        );
    } finally {
      sub.release(subModel);
      ref.release(refModel);
    }
  },
};

/** Every check of the `mlp` capability. */
export function mlpChecks(): ConformanceCheck[] {
  return [
    handleCheck,
    roundTripCheck,
    agreementCheck('mlp.forward: logits match the reference (relu, tanh, sigmoid)', checkForward),
    agreementCheck('mlp.loss: matches the reference', checkLoss),
    agreementCheck('mlp.trainStep: loss and updated parameters match the reference', checkTrainStep),
    releasedCheck,
    badShapesCheck,
  ];
}
