/**
 * Dense multi-layer perceptrons trained with softmax cross-entropy and plain SGD, their
 * parameters kept in host memory. {@link MlpTraining} is provider-neutral: each backend that
 * trains on the host gets the same semantics with its own provider name and its own sgemm
 * (the cpu backend's blocked one, the native SIMD backends' kernels).
 */
import {
  type Activation,
  KnhkError,
  type MlpModel,
  type MlpParameters,
  type MlpSpec,
  type NeuralTraining,
  type TrainStepOptions,
  checkLabels,
  checkLearningRate,
  checkParameters,
  checkSpec,
} from '@knhk/core';
import { allocateFloat32 } from './array-allocation.js';
import { checkMlpInputs, checkOwnedModel } from './mlp-checks.js';
import {
  type GemmRoutine,
  type MlpNetwork,
  backpropagateAndStep,
  forwardPass,
  softmaxCrossEntropy,
} from './mlp-math.js';
import { initialNetwork } from './mlp-initialisation.js';

/** A model of an {@link MlpTraining}. Its parameters stay with the instance that created it. */
export class HostMlpModel implements MlpModel {
  readonly kind = 'mlp-model' as const;
  private releasedValue = false;

  constructor(
    readonly layers: readonly number[],
    readonly activation: Activation,
    readonly provider: string,
  ) {}

  /** True once released. */
  get released(): boolean {
    return this.releasedValue;
  }

  /** Marks the model released. Called by {@link MlpTraining.release}. */
  markReleased(): void {
    this.releasedValue = true;
  }
}

/** Dense MLP training on the host: forward, loss and SGD steps, the matrix products by `multiply`. */
export class MlpTraining implements NeuralTraining {
  private readonly created = new WeakSet<HostMlpModel>();
  private readonly networks = new WeakMap<HostMlpModel, MlpNetwork>();

  /** @param provider the name models carry; @param multiply the sgemm of every matrix product. */
  constructor(
    private readonly provider: string,
    private readonly multiply: GemmRoutine,
  ) {}

  /** A model with seeded initial weights (see `initialNetwork`) and zero biases. */
  createModel(spec: MlpSpec): MlpModel {
    const op = 'mlp.createModel';
    const checked = checkSpec(op, spec);
    const network = initialNetwork(op, checked);
    const model = new HostMlpModel(checked.layers, checked.activation, this.provider);
    this.created.add(model);
    this.networks.set(model, network);
    return model;
  }

  /** Copies of the weights and biases. */
  getParameters(model: MlpModel): MlpParameters {
    const net = this.network('mlp.getParameters', model);
    return { weights: net.weights.map((w) => w.slice()), biases: net.biases.map((b) => b.slice()) };
  }

  /** Copies the parameters in, after checking every shape (nothing changes when one is wrong). */
  setParameters(model: MlpModel, parameters: MlpParameters): void {
    const op = 'mlp.setParameters';
    const net = this.network(op, model);
    const checked = checkParameters(op, net.layers, parameters);
    checked.weights.forEach((w, l) => net.weights[l].set(w));
    checked.biases.forEach((b, l) => net.biases[l].set(b));
  }

  /** Logits, row-major batch x outputs. */
  forward(model: MlpModel, x: Float32Array, batch: number): Float32Array {
    const op = 'mlp.forward';
    const net = this.network(op, model);
    const outputs = forwardPass(op, net, checkMlpInputs(op, net.layers, x, batch), batch, this.multiply);
    return outputs[outputs.length - 1];
  }

  /** Mean softmax cross-entropy of the batch. */
  loss(model: MlpModel, x: Float32Array, labels: Uint32Array, batch: number): number {
    const op = 'mlp.loss';
    const net = this.network(op, model);
    const inputs = checkMlpInputs(op, net.layers, x, batch);
    const classes = net.layers[net.layers.length - 1];
    const checkedLabels = checkLabels(op, labels, batch, classes);
    const outputs = forwardPass(op, net, inputs, batch, this.multiply);
    return softmaxCrossEntropy(outputs[outputs.length - 1], checkedLabels, batch, classes);
  }

  /** One SGD step on the mean loss of the batch; returns the loss before the step. */
  trainStep(model: MlpModel, x: Float32Array, labels: Uint32Array, batch: number, options: TrainStepOptions): number {
    const op = 'mlp.trainStep';
    const net = this.network(op, model);
    const inputs = checkMlpInputs(op, net.layers, x, batch);
    const classes = net.layers[net.layers.length - 1];
    const checkedLabels = checkLabels(op, labels, batch, classes);
    const rate = checkLearningRate(op, options);
    const outputs = forwardPass(op, net, inputs, batch, this.multiply);
    const gradient = allocateFloat32(op, 'output gradient', batch * classes);
    const loss = softmaxCrossEntropy(outputs[outputs.length - 1], checkedLabels, batch, classes, gradient);
    backpropagateAndStep(op, net, outputs, gradient, batch, rate, this.multiply);
    return loss;
  }

  /** Frees the model's parameters; releasing it again does nothing. */
  release(model: MlpModel): void {
    const owned = this.owned('mlp.release', model);
    this.networks.delete(owned);
    owned.markReleased();
  }

  private network(op: string, model: unknown): MlpNetwork {
    const network = this.networks.get(this.owned(op, model));
    if (network === undefined) {
      throw new KnhkError('KNHK_E_BUFFER_RELEASED', `${op}: the model was released`, { op });
    }
    return network;
  }

  private owned(op: string, model: unknown): HostMlpModel {
    return checkOwnedModel(
      op,
      model,
      this.provider,
      (m): m is HostMlpModel => m instanceof HostMlpModel && this.created.has(m),
    );
  }
}
