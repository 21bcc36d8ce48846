/**
 * The `mlp` capability of the opencl backend: a model's weights and biases live in device
 * memory; forward passes, the loss, backpropagation and the SGD step run as kernels (the
 * tiled sgemm for the layers). The checks are core's and the seeded initial weights
 * `@knhk/host`'s, so bad input gets the same coded errors and a seed gives the same initial
 * model as on every other backend.
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
  inject,
  injectable,
} from '@knhk/core';
import { checkMlpInputs, checkOwnedModel, denseShape, initialNetwork } from '@knhk/host';
import type { PooledBlock } from './buffer-pool.js';
import { type DeviceCall, type DeviceOperand, onDevice } from './device-call.js';
import { MLP_PROGRAM } from './kernels/mlp-kernels.js';
import { OPENCL_PROVIDER } from './opencl-buffer.js';
import type { OpenClDevice } from './opencl-device.js';
import { OpenClRuntime } from './opencl-runtime.js';
import { enqueueSgemm } from './sgemm-launch.js';

const ACTIVATION_CODES: Readonly<Record<Activation, number>> = { relu: 0, tanh: 1, sigmoid: 2 };

/** A model of the opencl backend: its parameters in device memory. */
export class OpenClMlpModel implements MlpModel {
  readonly kind = 'mlp-model' as const;
  readonly provider = OPENCL_PROVIDER;
  private blocks: { weights: PooledBlock[]; biases: PooledBlock[] } | undefined;

  constructor(
    readonly device: OpenClDevice,
    readonly layers: readonly number[],
    readonly activation: Activation,
    blocks: { weights: PooledBlock[]; biases: PooledBlock[] },
  ) {
    this.blocks = blocks;
  }

  /** True once released. */
  get released(): boolean {
    return this.blocks === undefined;
  }

  /** The parameter blocks; undefined once released. */
  get parameters(): { readonly weights: readonly PooledBlock[]; readonly biases: readonly PooledBlock[] } | undefined {
    return this.blocks;
  }

  /** Gives the parameters' memory back to the pool. */
  markReleased(): void {
    if (this.blocks === undefined) return;
    for (const block of [...this.blocks.weights, ...this.blocks.biases]) this.device.pool.giveBack(block);
    this.blocks = undefined;
  }
}

function operand(block: PooledBlock): DeviceOperand {
  return { mem: block.mem, offset: 0, stride: 1 };
}

/** Dense MLP training on the device. */
@injectable()
export class OpenClNeuralTraining implements NeuralTraining {
  private readonly created = new WeakSet<OpenClMlpModel>();

  constructor(@inject(OpenClRuntime) private readonly runtime: OpenClRuntime) {}

  /** A model with `@knhk/host`'s seeded initial weights (the cpu backend's too) and zero biases, uploaded. */
  createModel(spec: MlpSpec): MlpModel {
    const op = 'mlp.createModel';
    const checked = checkSpec(op, spec);
    const network = initialNetwork(op, checked);
    const device = this.runtime.primary;
    const upload = (data: Float32Array): PooledBlock => {
      const block = device.pool.acquire(op, data.byteLength);
      device.context.write(block.mem, 0, data);
      return block;
    };
    const blocks = { weights: network.weights.map(upload), biases: network.biases.map(upload) };
    const model = new OpenClMlpModel(device, checked.layers, checked.activation, blocks);
    this.created.add(model);
    return model;
  }

  /** Copies of the weights and biases, read back from the device. */
  getParameters(model: MlpModel): MlpParameters {
    const owned = this.owned('mlp.getParameters', model);
    const blocks = this.blocksOf('mlp.getParameters', owned);
    const { layers, device } = owned;
    const read = (block: PooledBlock, n: number): Float32Array =>
      device.context.readSync(block.mem, 0, new Float32Array(n));
    return {
      weights: blocks.weights.map((w, l) => read(w, layers[l] * layers[l + 1])),
      biases: blocks.biases.map((b, l) => read(b, layers[l + 1])),
    };
  }

  /** Copies the parameters in, after checking every shape (nothing changes when one is wrong). */
  setParameters(model: MlpModel, parameters: MlpParameters): void {
    const op = 'mlp.setParameters';
    const owned = this.owned(op, model);
    const blocks = this.blocksOf(op, owned);
    const checked = checkParameters(op, owned.layers, parameters);
    checked.weights.forEach((w, l) => owned.device.context.write(blocks.weights[l].mem, 0, w));
    checked.biases.forEach((b, l) => owned.device.context.write(blocks.biases[l].mem, 0, b));
  }

  /** Logits, row-major batch x outputs. */
  forward(model: MlpModel, x: Float32Array, batch: number): Float32Array {
    const op = 'mlp.forward';
    const owned = this.owned(op, model);
    const blocks = this.blocksOf(op, owned);
    const inputs = checkMlpInputs(op, owned.layers, x, batch);
    return onDevice(owned.device, op, (call) => {
      const outputs = this.forwardPass(call, owned, blocks, inputs, batch);
      const classes = owned.layers[owned.layers.length - 1];
      return call.readSync(outputs[outputs.length - 1].mem, new Float32Array(batch * classes));
    });
  }

  /** Mean softmax cross-entropy of the batch. */
  loss(model: MlpModel, x: Float32Array, labels: Uint32Array, batch: number): number {
    const op = 'mlp.loss';
    const owned = this.owned(op, model);
    const blocks = this.blocksOf(op, owned);
    const inputs = checkMlpInputs(op, owned.layers, x, batch);
    const checkedLabels = checkLabels(op, labels, batch, owned.layers[owned.layers.length - 1]);
    return onDevice(owned.device, op, (call) => {
      const outputs = this.forwardPass(call, owned, blocks, inputs, batch);
      return this.crossEntropy(call, owned, outputs[outputs.length - 1], checkedLabels, batch, undefined);
    });
  }

  /** One SGD step on the mean loss of the batch; returns the loss before the step. */
  trainStep(model: MlpModel, x: Float32Array, labels: Uint32Array, batch: number, options: TrainStepOptions): number {
    const op = 'mlp.trainStep';
    const owned = this.owned(op, model);
    const blocks = this.blocksOf(op, owned);
    const inputs = checkMlpInputs(op, owned.layers, x, batch);
    const classes = owned.layers[owned.layers.length - 1];
    const checkedLabels = checkLabels(op, labels, batch, classes);
    const rate = checkLearningRate(op, options);
    return onDevice(owned.device, op, (call) => {
      const outputs = this.forwardPass(call, owned, blocks, inputs, batch);
      const gradient = call.temporary(batch * classes * 4);
      const loss = this.crossEntropy(call, owned, outputs[outputs.length - 1], checkedLabels, batch, gradient);
      this.backpropagateAndStep(call, owned, blocks, outputs, gradient, batch, rate);
      return loss;
    });
  }

  /** Frees the model's parameters; releasing it again does nothing. */
  release(model: MlpModel): void {
    this.owned('mlp.release', model).markReleased();
  }

  /** The outputs of every layer, in device memory: [x, hidden 1, ..., logits]. */
  private forwardPass(
    call: DeviceCall,
    model: OpenClMlpModel,
    blocks: { readonly weights: readonly PooledBlock[]; readonly biases: readonly PooledBlock[] },
    x: Float32Array,
    batch: number,
  ): PooledBlock[] {
    const { context } = call.device;
    const input = call.temporary(x.byteLength);
    context.write(input.mem, 0, x);
    const outputs = [input];
    const last = model.layers.length - 2;
    for (let l = 0; l <= last; l++) {
      const [inputs, units] = [model.layers[l], model.layers[l + 1]];
      const z = call.temporary(batch * units * 4);
      context.run(
        call.device.kernel(MLP_PROGRAM, 'bias_rows'),
        'bbu',
        [z.mem, blocks.biases[l].mem, units],
        [batch * units],
        null,
      );
      const shape = denseShape(batch, units, inputs, { beta: 1 });
      enqueueSgemm(call.device, shape, operand(outputs[l]), operand(blocks.weights[l]), operand(z));
      if (l < last) {
        const code = ACTIVATION_CODES[model.activation];
        context.run(call.device.kernel(MLP_PROGRAM, 'activate'), 'bi', [z.mem, code], [batch * units], null);
      }
      outputs.push(z);
    }
    return outputs;
  }

  /** Mean loss of the batch (row losses added in double); writes d(mean loss)/d(logits) into `gradient` when given. */
  private crossEntropy(
    call: DeviceCall,
    model: OpenClMlpModel,
    logits: PooledBlock,
    labels: Uint32Array,
    batch: number,
    gradient: PooledBlock | undefined,
  ): number {
    const { context } = call.device;
    const classes = model.layers[model.layers.length - 1];
    const labelBlock = call.temporary(batch * 4);
    context.write(labelBlock.mem, 0, labels);
    const rowLoss = call.temporary(batch * 4);
    const target = gradient ?? rowLoss;
    const args = [
      logits.mem,
      labelBlock.mem,
      classes,
      rowLoss.mem,
      target.mem,
      gradient === undefined ? 0 : 1,
      1 / batch,
    ];
    context.run(call.device.kernel(MLP_PROGRAM, 'softmax_cross_entropy'), 'bbubbuf', args, [batch], null);
    let total = 0;
    for (const loss of call.readSync(rowLoss.mem, new Float32Array(batch))) total += loss;
    return total / batch;
  }

  /** W -= rate * inputs^T * delta and b -= rate * sum(delta), layer by layer from the top; the gradient below uses W before its step. */
  private backpropagateAndStep(
    call: DeviceCall,
    model: OpenClMlpModel,
    blocks: { readonly weights: readonly PooledBlock[]; readonly biases: readonly PooledBlock[] },
    outputs: readonly PooledBlock[],
    outputGradient: PooledBlock,
    batch: number,
    rate: number,
  ): void {
    const { context } = call.device;
    let delta = outputGradient;
    for (let l = model.layers.length - 2; l >= 0; l--) {
      const [inputs, units] = [model.layers[l], model.layers[l + 1]];
      let below: PooledBlock | undefined;
      if (l > 0) {
        below = call.temporary(batch * inputs * 4);
        enqueueSgemm(
          call.device,
          denseShape(batch, inputs, units, { transB: true }),
          operand(delta),
          operand(blocks.weights[l]),
          operand(below),
        );
        const code = ACTIVATION_CODES[model.activation];
        context.run(
          call.device.kernel(MLP_PROGRAM, 'activation_gradient'),
          'bbi',
          [outputs[l].mem, below.mem, code],
          [batch * inputs],
          null,
        );
      }
      context.run(
        call.device.kernel(MLP_PROGRAM, 'bias_step'),
        'bbuuf',
        [blocks.biases[l].mem, delta.mem, batch, units, rate],
        [units],
        null,
      );
      const step = denseShape(inputs, units, batch, { transA: true, alpha: -rate, beta: 1 });
      enqueueSgemm(call.device, step, operand(outputs[l]), operand(delta), operand(blocks.weights[l]));
      if (below !== undefined) delta = below;
    }
  }

  private blocksOf(
    op: string,
    model: OpenClMlpModel,
  ): { readonly weights: readonly PooledBlock[]; readonly biases: readonly PooledBlock[] } {
    const blocks = model.parameters;
    if (blocks === undefined) throw new KnhkError('KNHK_E_BUFFER_RELEASED', `${op}: the model was released`, { op });
    return blocks;
  }

  private owned(op: string, model: unknown): OpenClMlpModel {
    return checkOwnedModel(
      op,
      model,
      OPENCL_PROVIDER,
      (m): m is OpenClMlpModel => m instanceof OpenClMlpModel && this.created.has(m),
    );
  }
}
