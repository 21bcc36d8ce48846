import type { KnhkHandle } from './handles.js';

/** Activation of the hidden layers. The output layer is linear (logits). */
export type Activation = 'relu' | 'tanh' | 'sigmoid';

/** A dense multi-layer perceptron: `layers` = [inputs, hidden..., outputs]. */
export interface MlpSpec {
  readonly layers: readonly number[];
  /** Default 'relu'. */
  readonly activation?: Activation;
  /** Seed of the weight initialisation (a safe integer; deterministic per provider). Default 1. */
  readonly seed?: number;
}

/** A model whose parameters live with the provider that created it. */
export interface MlpModel extends KnhkHandle {
  readonly kind: 'mlp-model';
  readonly layers: readonly number[];
  readonly activation: Activation;
}

/**
 * Parameters of a model. `weights[l]` is a `layers[l] x layers[l+1]` row-major matrix
 * (inputs by outputs); `biases[l]` has `layers[l+1]` elements.
 */
export interface MlpParameters {
  readonly weights: readonly Float32Array[];
  readonly biases: readonly Float32Array[];
}

/** Options of one stochastic-gradient-descent step. */
export interface TrainStepOptions {
  /** Positive and finite. */
  readonly learningRate: number;
}

/**
 * Dense MLP training with softmax cross-entropy. Inputs `x` are row-major `batch x inputs`;
 * `labels` holds one class index (< outputs) per row.
 */
export interface NeuralTraining {
  createModel(spec: MlpSpec): MlpModel;
  /** A copy of the parameters. */
  getParameters(model: MlpModel): MlpParameters;
  /** Replaces the parameters (shapes must match the model's layers). */
  setParameters(model: MlpModel, parameters: MlpParameters): void;
  /** Logits, row-major `batch x outputs`. */
  forward(model: MlpModel, x: Float32Array, batch: number): Float32Array;
  /** Mean softmax cross-entropy of the batch. */
  loss(model: MlpModel, x: Float32Array, labels: Uint32Array, batch: number): number;
  /** One SGD step on the mean loss of the batch; returns the loss before the step. */
  trainStep(model: MlpModel, x: Float32Array, labels: Uint32Array, batch: number, options: TrainStepOptions): number;
  /** Frees the model; releasing it again is harmless. */
  release(model: MlpModel): void;
}
