/**
 * The MLP kernels of the opencl backend: models whose parameters live on the device (see
 * {@link OpenClNeuralTraining}). The kernels share one trainer per plugin instance, which
 * knows the models it created.
 */
import { type Kernel, defineKernel } from '@knhk/core';
import { OpenClNeuralTraining } from '../neural-training.js';

export const createModelKernel = defineKernel({
  capability: 'mlp',
  operation: 'createModel',
  create: (container) => {
    const mlp = container.resolve(OpenClNeuralTraining);
    return mlp.createModel.bind(mlp);
  },
});

export const getParametersKernel = defineKernel({
  capability: 'mlp',
  operation: 'getParameters',
  create: (container) => {
    const mlp = container.resolve(OpenClNeuralTraining);
    return mlp.getParameters.bind(mlp);
  },
});

export const setParametersKernel = defineKernel({
  capability: 'mlp',
  operation: 'setParameters',
  create: (container) => {
    const mlp = container.resolve(OpenClNeuralTraining);
    return mlp.setParameters.bind(mlp);
  },
});

export const forwardKernel = defineKernel({
  capability: 'mlp',
  operation: 'forward',
  create: (container) => {
    const mlp = container.resolve(OpenClNeuralTraining);
    return mlp.forward.bind(mlp);
  },
});

export const lossKernel = defineKernel({
  capability: 'mlp',
  operation: 'loss',
  create: (container) => {
    const mlp = container.resolve(OpenClNeuralTraining);
    return mlp.loss.bind(mlp);
  },
});

export const trainStepKernel = defineKernel({
  capability: 'mlp',
  operation: 'trainStep',
  create: (container) => {
    const mlp = container.resolve(OpenClNeuralTraining);
    return mlp.trainStep.bind(mlp);
  },
});

export const releaseModelKernel = defineKernel({
  capability: 'mlp',
  operation: 'release',
  create: (container) => {
    const mlp = container.resolve(OpenClNeuralTraining);
    return mlp.release.bind(mlp);
  },
});

/** The family, in registration order. */
export const MLP_KERNELS: readonly Kernel[] = [
  createModelKernel,
  getParametersKernel,
  setParametersKernel,
  forwardKernel,
  lossKernel,
  trainStepKernel,
  releaseModelKernel,
];
