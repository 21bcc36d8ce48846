/**
 * The seeded weight initialisation of a dense MLP, the same in every backend: a seed gives
 * the same initial model wherever it is created.
 */
import { type CheckedSpec, SeededRandom } from '@knhk/core';
import { allocateFloat32 } from './array-allocation.js';
import type { MlpNetwork } from './mlp-math.js';

/**
 * A network with weights uniform in [-limit, limit): He scaling (sqrt(6 / fanIn)) into ReLU
 * layers, Xavier scaling (sqrt(6 / (fanIn + fanOut))) into tanh and sigmoid layers and
 * into the linear output layer. Biases are 0. Deterministic for a seed.
 */
export function initialNetwork(op: string, spec: CheckedSpec): MlpNetwork {
  const random = new SeededRandom(spec.seed);
  const { layers, activation } = spec;
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const fanIn = layers[l];
    const fanOut = layers[l + 1];
    const isOutput = l + 2 === layers.length;
    const limit = activation === 'relu' && !isOutput ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
    const w = allocateFloat32(op, `weights[${l}]`, fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = random.symmetric(limit);
    weights.push(w);
    biases.push(allocateFloat32(op, `biases[${l}]`, fanOut));
  }
  return { layers, activation, weights, biases };
}
