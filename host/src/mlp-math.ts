/**
 * The arithmetic of a dense MLP with softmax cross-entropy: the forward pass, the loss and
 * its gradient, and backpropagation fused with the SGD update. Matrix products go through a
 * {@link GemmRoutine}: by default the blocked kernel of `gemm-kernel.ts`, or another
 * backend's sgemm (the native SIMD backends pass theirs); activations are float32, sums
 * float64.
 */
import type { Activation, SgemmShape } from '@knhk/core';
import { allocateFloat32 } from './array-allocation.js';
import { denseShape, gemm } from './gemm-kernel.js';

/** C = alpha * op(A) * op(B) + beta * C for a checked shape; A and B do not share memory with C. */
export type GemmRoutine = (s: SgemmShape, a: Float32Array, b: Float32Array, c: Float32Array) => void;

/** The parameters of a network: `weights[l]` is `layers[l] x layers[l+1]` row-major, `biases[l]` has `layers[l+1]` elements. */
export interface MlpNetwork {
  readonly layers: readonly number[];
  readonly activation: Activation;
  readonly weights: Float32Array[];
  readonly biases: Float32Array[];
}

function activate(activation: Activation, z: Float32Array): void {
  if (activation === 'relu') {
    for (let i = 0; i < z.length; i++) if (z[i] < 0) z[i] = 0;
  } else if (activation === 'tanh') {
    for (let i = 0; i < z.length; i++) z[i] = Math.tanh(z[i]);
  } else {
    for (let i = 0; i < z.length; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
  }
}

/** delta *= activation'(z), written in terms of the activated values h. */
function activationGradient(activation: Activation, h: Float32Array, delta: Float32Array): void {
  if (activation === 'relu') {
    for (let i = 0; i < h.length; i++) if (!(h[i] > 0)) delta[i] = 0;
  } else if (activation === 'tanh') {
    for (let i = 0; i < h.length; i++) delta[i] *= 1 - h[i] * h[i];
  } else {
    for (let i = 0; i < h.length; i++) delta[i] *= h[i] * (1 - h[i]);
  }
}

/**
 * The outputs of every layer for a batch: `[x, hidden 1, ..., logits]`, each row-major
 * `batch x layers[l]`. Hidden layers are activated; the last layer is linear.
 */
export function forwardPass(
  op: string,
  net: MlpNetwork,
  x: Float32Array,
  batch: number,
  multiply: GemmRoutine = gemm,
): Float32Array[] {
  const outputs = [x];
  const last = net.layers.length - 2;
  for (let l = 0; l <= last; l++) {
    const inputs = net.layers[l];
    const units = net.layers[l + 1];
    const z = allocateFloat32(op, `layer ${l + 1} outputs`, batch * units);
    for (let r = 0; r < batch; r++) z.set(net.biases[l], r * units);
    multiply(denseShape(batch, units, inputs, { beta: 1 }), outputs[l], net.weights[l], z);
    if (l < last) activate(net.activation, z);
    outputs.push(z);
  }
  return outputs;
}

/**
 * Mean softmax cross-entropy of `logits` (batch x classes) against `labels`, with a stable
 * log-sum-exp. When `gradient` is given it receives d(mean loss)/d(logits).
 */
export function softmaxCrossEntropy(
  logits: Float32Array,
  labels: Uint32Array,
  batch: number,
  classes: number,
  gradient?: Float32Array,
): number {
  let total = 0;
  for (let r = 0; r < batch; r++) {
    const row = r * classes;
    let max = -Infinity;
    for (let j = 0; j < classes; j++) max = Math.max(max, logits[row + j]);
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += Math.exp(logits[row + j] - max);
    const logSumExp = max + Math.log(sum);
    total += logSumExp - logits[row + labels[r]];
    if (gradient !== undefined) {
      for (let j = 0; j < classes; j++) {
        const p = Math.exp(logits[row + j] - logSumExp);
        gradient[row + j] = (p - (j === labels[r] ? 1 : 0)) / batch;
      }
    }
  }
  return total / batch;
}

/** bias -= rate * (column sums of delta), the sums in float64. */
function updateBias(bias: Float32Array, delta: Float32Array, batch: number, rate: number): void {
  const units = bias.length;
  const sums = new Float64Array(units);
  for (let r = 0; r < batch; r++) {
    const row = r * units;
    for (let j = 0; j < units; j++) sums[j] += delta[row + j];
  }
  for (let j = 0; j < units; j++) bias[j] -= rate * sums[j];
}

/**
 * Backpropagates `outputGradient` (d loss / d logits) through the layers whose outputs
 * `forwardPass` returned, updating each layer as soon as the gradient below it is known:
 * W -= rate * inputs^T * delta, b -= rate * sum(delta).
 */
export function backpropagateAndStep(
  op: string,
  net: MlpNetwork,
  outputs: readonly Float32Array[],
  outputGradient: Float32Array,
  batch: number,
  rate: number,
  multiply: GemmRoutine = gemm,
): void {
  let delta = outputGradient;
  for (let l = net.layers.length - 2; l >= 0; l--) {
    const inputs = net.layers[l];
    const units = net.layers[l + 1];
    let below: Float32Array | undefined;
    if (l > 0) {
      below = allocateFloat32(op, `layer ${l} gradient`, batch * inputs);
      multiply(denseShape(batch, inputs, units, { transB: true }), delta, net.weights[l], below);
      activationGradient(net.activation, outputs[l], below);
    }
    updateBias(net.biases[l], delta, batch, rate);
    multiply(
      denseShape(inputs, units, batch, { transA: true, alpha: -rate, beta: 1 }),
      outputs[l],
      delta,
      net.weights[l],
    );
    if (below !== undefined) delta = below;
  }
}
