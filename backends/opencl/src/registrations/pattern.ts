/**
 * The pattern kernels of the opencl backend: multi-literal matching on the device (see
 * {@link OpenClPatternMatcher}). The kernels share one matcher per plugin instance, which
 * knows the sets it compiled.
 */
import { type Kernel, defineKernel } from '@knhk/core';
import { OpenClPatternMatcher } from '../pattern-matcher.js';

export const compileKernel = defineKernel({
  capability: 'pattern',
  operation: 'compile',
  create: (container) => {
    const pattern = container.resolve(OpenClPatternMatcher);
    return pattern.compile.bind(pattern);
  },
});

export const scanKernel = defineKernel({
  capability: 'pattern',
  operation: 'scan',
  create: (container) => {
    const pattern = container.resolve(OpenClPatternMatcher);
    return pattern.scan.bind(pattern);
  },
});

export const openStreamKernel = defineKernel({
  capability: 'pattern',
  operation: 'openStream',
  create: (container) => {
    const pattern = container.resolve(OpenClPatternMatcher);
    return pattern.openStream.bind(pattern);
  },
});

export const releaseSetKernel = defineKernel({
  capability: 'pattern',
  operation: 'release',
  create: (container) => {
    const pattern = container.resolve(OpenClPatternMatcher);
    return pattern.release.bind(pattern);
  },
});

/** The family, in registration order. */
export const PATTERN_KERNELS: readonly Kernel[] = [compileKernel, scanKernel, openStreamKernel, releaseSetKernel];
