/**
 * OpenCL C kernels of the `mlp` capability, around the sgemm kernel: bias rows, activations
 * and their gradients, softmax cross-entropy with its gradient (a stable log-sum-exp per row),
 * and the bias step. Activation codes: 0 relu, 1 tanh, 2 sigmoid.
 */
import type { KernelSource } from './kernel-source.js';

/** The `mlp` program. */
export const MLP_PROGRAM: KernelSource = {
  name: 'mlp',
  source: `
/* z[r * units + j] = bias[j], one work-item per element. */
kernel void bias_rows(global float* z, global const float* bias, uint units) {
  const size_t i = get_global_id(0);
  z[i] = bias[i % units];
}

kernel void activate(global float* z, int activation) {
  const size_t i = get_global_id(0);
  const float v = z[i];
  if (activation == 0) z[i] = v < 0.0f ? 0.0f : v;
  else if (activation == 1) z[i] = tanh(v);
  else z[i] = 1.0f / (1.0f + exp(-v));
}

/* delta *= activation'(z), in terms of the activated values h. */
kernel void activation_gradient(global const float* h, global float* delta, int activation) {
  const size_t i = get_global_id(0);
  const float v = h[i];
  if (activation == 0) { if (!(v > 0.0f)) delta[i] = 0.0f; }
  else if (activation == 1) delta[i] *= 1.0f - v * v;
  else delta[i] *= v * (1.0f - v);
}

/* One work-item per row: its loss, and (when withGradient) d(mean loss)/d(logits) of the row. */
kernel void softmax_cross_entropy(global const float* logits, global const uint* labels, uint classes,
                                  global float* rowLoss, global float* gradient, uint withGradient, float invBatch) {
  const size_t r = get_global_id(0);
  global const float* row = logits + r * classes;
  float best = -INFINITY;
  for (uint j = 0; j < classes; j++) best = fmax(best, row[j]);
  float sum = 0.0f;
  for (uint j = 0; j < classes; j++) sum += exp(row[j] - best);
  const float logSumExp = best + log(sum);
  rowLoss[r] = logSumExp - row[labels[r]];
  if (withGradient) {
    for (uint j = 0; j < classes; j++) {
      const float p = exp(row[j] - logSumExp);
      gradient[r * classes + j] = (p - (j == labels[r] ? 1.0f : 0.0f)) * invBatch;
    }
  }
}

/* bias[j] -= rate * sum over rows of delta[r][j], one work-item per unit. */
kernel void bias_step(global float* bias, global const float* delta, uint batch, uint units, float rate) {
  const size_t j = get_global_id(0);
  float sum = 0.0f;
  for (uint r = 0; r < batch; r++) sum += delta[(size_t)r * units + j];
  bias[j] -= rate * sum;
}
`,
};
