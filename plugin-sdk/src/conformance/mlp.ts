/**
 * Checks of the `mlp` capability. Both the plugin and the reference get the same parameters
 * (the reference's initialisation with random biases). The logits of forward and the loss
 * are compared with a float64 evaluation of the network within an error bound that follows
 * from the layer sizes (see {@link forwardBound}); one trainStep's parameter update is
 * compared with the reference's (see {@link checkTrainStep}). Also: the model handle,
 * getParameters/setParameters round trips, released models and bad shapes.
 */
import type { MlpModel, MlpParameters, MlpSpec, NeuralTraining } from '@knhk/core';
import {
  attempt,
  expectF32Equal,
  expectKnhkError,
  expectNumber,
  expectRejectedLikeReference,
  expectThat,
} from './compare.js';
import { F32_EPSILON, F32_TINY, gamma } from './error-bounds.js';
import type { Random } from './random.js';
import type { CheckContext, ConformanceCheck } from './types.js';

/**
 * Tolerance of a parameter update, relative to the largest update of the same tensor: an
 * update goes through the backward pass (softmax, every layer's transposed products, the
 * activation derivatives), whose worst-case bound grows with the condition of each step and
 * is far looser than the differences float32 implementations show; a bug (a wrong
 * derivative, a missing term, a transposed gradient) changes updates by far more.
 */
export const MLP_UPDATE_TOLERANCE = 2 ** -10;
/**
 * Evaluation error of tanh and sigmoid in float32, relative to the value: 8 ulps (16 u32);
 * OpenCL's full profile allows tanh 5 ulps and exp 3 ulps, and sigmoid = 1/(1+exp(-z)) adds
 * two roundings.
 */
const ACTIVATION_ERROR = 16 * F32_EPSILON;
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
  readonly spec: MlpSpec;
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
    use({ label, spec, sub, ref, subModel, refModel, params });
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

/** Logits in float64 and a bound of each logit's error, per batch row and class. */
interface Bounded {
  readonly logits: Float64Array;
  readonly bound: Float64Array;
}

/**
 * The forward pass in float64 from the parameters, with a running bound e of each value's
 * error as a float32 provider may compute it (Higham ch. 3). Layer l computes
 * z_j = b_j + sum_i h_i W_ij from inputs h~ that are off by at most e_i: a sum of n_in + 1
 * terms (plus alpha and the store, as sgemm's bound), so
 * |z~_j - z_j| <= sum_i |W_ij| e_i + gamma_{n_in+2}(u32) (|b_j| + sum_i (|h_i| + e_i) |W_ij|).
 * Activations of hidden layers: relu is exact and 1-Lipschitz (e stays), tanh is 1-Lipschitz
 * and sigmoid 1/4-Lipschitz, each plus its evaluation error ({@link ACTIVATION_ERROR}). The
 * inputs x are exact (e = 0); the last layer is linear. The float64 evaluation itself is off
 * by about n u64, 2^-29 of the float32 terms, which the bound covers.
 */
function forwardBound(spec: MlpSpec, params: MlpParameters, x: Float32Array, batch: number): Bounded {
  const layers = spec.layers;
  const activation = spec.activation ?? 'relu';
  let h = Float64Array.from(x);
  let e = new Float64Array(x.length);
  for (let l = 0; l + 1 < layers.length; l++) {
    const [inputs, units] = [layers[l], layers[l + 1]];
    const [w, b] = [params.weights[l], params.biases[l]];
    const g = gamma(inputs + 2, F32_EPSILON);
    const [z, ez] = [new Float64Array(batch * units), new Float64Array(batch * units)];
    for (let r = 0; r < batch; r++) {
      for (let j = 0; j < units; j++) {
        let [sum, propagated, magnitude] = [b[j], 0, Math.abs(b[j])];
        for (let i = 0; i < inputs; i++) {
          const [hi, ei, wij] = [h[r * inputs + i], e[r * inputs + i], w[i * units + j]];
          sum += hi * wij;
          propagated += Math.abs(wij) * ei;
          magnitude += (Math.abs(hi) + ei) * Math.abs(wij);
        }
        z[r * units + j] = sum;
        ez[r * units + j] = propagated + g * magnitude + (inputs + 2) * F32_TINY;
      }
    }
    if (l + 2 < layers.length) activate(activation, z, ez);
    [h, e] = [z, ez];
  }
  return { logits: h, bound: e };
}

/** Applies a hidden layer's activation to values `z` with error bounds `e`, in place. */
function activate(activation: string, z: Float64Array, e: Float64Array): void {
  for (let i = 0; i < z.length; i++) {
    if (activation === 'relu') {
      z[i] = Math.max(0, z[i]);
    } else if (activation === 'tanh') {
      z[i] = Math.tanh(z[i]);
      e[i] = e[i] + ACTIVATION_ERROR * Math.abs(z[i]) + F32_TINY;
    } else {
      z[i] = 1 / (1 + Math.exp(-z[i]));
      e[i] = e[i] / 4 + ACTIVATION_ERROR * z[i] + F32_TINY;
    }
  }
}

function checkForward(pair: Pair, batch: Batch): void {
  const label = `${pair.label}, batch ${batch.size}: mlp.forward`;
  const { logits, bound } = forwardBound(pair.spec, pair.params, batch.x, batch.size);
  const got = attempt(label, () => pair.sub.forward(pair.subModel, batch.x.slice(), batch.size));
  // The float64 logits are rounded to float32 to compare: half an ulp more.
  const tolerance = bound.map((b, i) => b + F32_EPSILON * Math.abs(logits[i]) + F32_TINY);
  expectF32Equal(`${label} (against float64, bound from the layer sizes)`, got, Float32Array.from(logits), tolerance);
}

/**
 * The mean softmax cross-entropy in float64 and its error bound: log-sum-exp is 1-Lipschitz
 * in the max norm, so each row's loss moves by at most max_j e_j + e_label from the logits'
 * errors; computing it in float32 adds the rounding of z_j - max, of c exponentials (a few
 * ulps each) and their sum, of the log and of two additions, bounded by
 * 4 u32 (c + 8 + 2 max_j |z_j| + |lse| + |row loss|) per row, and the mean of B rows
 * gamma_B(u32) times the loss.
 */
function lossBound(pair: Pair, batch: Batch): { readonly loss: number; readonly bound: number } {
  const { logits, bound } = forwardBound(pair.spec, pair.params, batch.x, batch.size);
  const classes = pair.spec.layers[pair.spec.layers.length - 1];
  let [total, error] = [0, 0];
  for (let r = 0; r < batch.size; r++) {
    const row = logits.subarray(r * classes, (r + 1) * classes);
    const rowBound = bound.subarray(r * classes, (r + 1) * classes);
    const max = row.reduce((m, v) => Math.max(m, v), -Infinity);
    const lse = max + Math.log(row.reduce((sum, v) => sum + Math.exp(v - max), 0));
    const loss = lse - row[batch.labels[r]];
    const largest = row.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    total += loss;
    error += rowBound.reduce((m, v) => Math.max(m, v), 0) + rowBound[batch.labels[r]];
    error += 4 * F32_EPSILON * (classes + 8 + 2 * largest + Math.abs(lse) + Math.abs(loss));
  }
  const loss = total / batch.size;
  return { loss, bound: error / batch.size + gamma(batch.size, F32_EPSILON) * Math.abs(loss) };
}

function checkLoss(pair: Pair, batch: Batch): void {
  const label = `${pair.label}, batch ${batch.size}: mlp.loss`;
  const { loss, bound } = lossBound(pair, batch);
  const got = attempt(label, () => pair.sub.loss(pair.subModel, batch.x.slice(), batch.labels.slice(), batch.size));
  expectNumber(`${label} (against float64, bound from the layer sizes)`, got, loss, bound);
}

/** Compares the update of one tensor (after minus before) within a tolerance of its largest update. */
function expectUpdate(label: string, before: Float32Array, got: Float32Array, want: Float32Array): void {
  const largest = want.reduce((m, v, i) => Math.max(m, Math.abs(v - before[i])), 0);
  const tolerance = Float64Array.from(
    before,
    (p) => MLP_UPDATE_TOLERANCE * largest + 4 * F32_EPSILON * Math.abs(p) + F32_TINY,
  );
  expectF32Equal(`${label} (update ${largest.toExponential(2)} at most)`, got, want, tolerance);
}

/**
 * One trainStep: the loss it returns (that of the parameters before the step) within the
 * loss bound, and each tensor's update against the reference's within
 * {@link MLP_UPDATE_TOLERANCE} of its largest update: an analytic bound of the backward pass
 * is impractical (see there), so the update is judged against the reference instead.
 */
function checkTrainStep(pair: Pair, batch: Batch): void {
  const label = `${pair.label}, batch ${batch.size}: mlp.trainStep`;
  const options = { learningRate: LEARNING_RATE };
  const { loss, bound } = lossBound(pair, batch);
  pair.ref.trainStep(pair.refModel, batch.x, batch.labels, batch.size, options);
  const got = attempt(label, () =>
    pair.sub.trainStep(pair.subModel, batch.x.slice(), batch.labels.slice(), batch.size, options),
  );
  expectNumber(`${label} returned loss (against float64)`, got, loss, bound);
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
    agreementCheck(
      'mlp.forward: logits within the error bound of a float64 evaluation (relu, tanh, sigmoid)',
      checkForward,
    ),
    agreementCheck('mlp.loss: within the error bound of a float64 evaluation', checkLoss),
    agreementCheck('mlp.trainStep: loss and updated parameters match the reference', checkTrainStep),
    releasedCheck,
    badShapesCheck,
  ];
}
