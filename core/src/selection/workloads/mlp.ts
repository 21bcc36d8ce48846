import { type Workload, randomF32 } from './workload.js';

const INPUTS = 64;
const OUTPUTS = 10;
const BATCH = 64;

/** One SGD step of a [64, hidden, 10] MLP on a batch of 64; decides `mlp.createModel`. */
export const MLP_WORKLOADS: readonly Workload<'mlp'>[] = [
  {
    capability: 'mlp',
    operation: 'createModel',
    what: `one training step of a [${INPUTS}, hidden, ${OUTPUTS}] MLP on a batch of ${BATCH}`,
    paramName: 'hidden',
    params: { quick: [16, 64, 256], thorough: [16, 64, 256, 1024] },
    selectionSize: (hidden) => INPUTS * hidden + hidden * OUTPUTS,
    figure: { name: 'samples/s', value: (_hidden, ns) => (BATCH * 1e9) / ns },
    bind(mlp, hidden, random) {
      const model = mlp.createModel({ layers: [INPUTS, hidden, OUTPUTS], seed: 7 });
      const x = randomF32(BATCH * INPUTS, random);
      const labels = Uint32Array.from({ length: BATCH }, () => Math.floor(random() * OUTPUTS));
      return {
        run: () => void mlp.trainStep(model, x, labels, BATCH, { learningRate: 0.01 }),
        dispose: () => mlp.release(model),
      };
    },
  },
];
