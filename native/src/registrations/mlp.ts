/**
 * The MLP kernels of a native backend: `@knhk/host`'s training with every matrix product on
 * the native sgemm (see {@link NativeNeuralTraining}). The kernels of the family share one
 * trainer per plugin instance, which knows the models it created.
 */
import { type Kernel, defineKernel } from '@knhk/core';
import { nativeRuntime } from './native-runtime.js';

export const createModelKernel = defineKernel({
  capability: 'mlp',
  operation: 'createModel',
  create: (container) => {
    const mlp = nativeRuntime(container).mlp;
    return mlp.createModel.bind(mlp);
  },
});

export const getParametersKernel = defineKernel({
  capability: 'mlp',
  operation: 'getParameters',
  create: (container) => {
    const mlp = nativeRuntime(container).mlp;
    return mlp.getParameters.bind(mlp);
  },
});

export const setParametersKernel = defineKernel({
  capability: 'mlp',
  operation: 'setParameters',
  create: (container) => {
    const mlp = nativeRuntime(container).mlp;
    return mlp.setParameters.bind(mlp);
  },
});

export const forwardKernel = defineKernel({
  capability: 'mlp',
  operation: 'forward',
  create: (container) => {
    const mlp = nativeRuntime(container).mlp;
    return mlp.forward.bind(mlp);
  },
});

export const lossKernel = defineKernel({
  capability: 'mlp',
  operation: 'loss',
  create: (container) => {
    const mlp = nativeRuntime(container).mlp;
    return mlp.loss.bind(mlp);
  },
});

export const trainStepKernel = defineKernel({
  capability: 'mlp',
  operation: 'trainStep',
  create: (container) => {
    const mlp = nativeRuntime(container).mlp;
    return mlp.trainStep.bind(mlp);
  },
});

export const releaseModelKernel = defineKernel({
  capability: 'mlp',
  operation: 'release',
  create: (container) => {
    const mlp = nativeRuntime(container).mlp;
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
