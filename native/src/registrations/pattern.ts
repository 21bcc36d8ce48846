/**
 * The pattern kernels of a native backend: multi-literal matching with the ISA's prefilters
 * (Teddy for up to 16 patterns, else the prefix filter; `native/src/pattern/`). The kernels
 * share one matcher per plugin instance, which knows the sets it compiled.
 */
import { type Kernel, defineKernel } from '@knhk/core';
import { nativeRuntime } from './native-runtime.js';

export const compileKernel = defineKernel({
  capability: 'pattern',
  operation: 'compile',
  create: (container) => {
    const pattern = nativeRuntime(container).pattern;
    return pattern.compile.bind(pattern);
  },
});

export const scanKernel = defineKernel({
  capability: 'pattern',
  operation: 'scan',
  create: (container) => {
    const pattern = nativeRuntime(container).pattern;
    return pattern.scan.bind(pattern);
  },
});

export const openStreamKernel = defineKernel({
  capability: 'pattern',
  operation: 'openStream',
  create: (container) => {
    const pattern = nativeRuntime(container).pattern;
    return pattern.openStream.bind(pattern);
  },
});

export const releaseSetKernel = defineKernel({
  capability: 'pattern',
  operation: 'release',
  create: (container) => {
    const pattern = nativeRuntime(container).pattern;
    return pattern.release.bind(pattern);
  },
});

/** The family, in registration order. */
export const PATTERN_KERNELS: readonly Kernel[] = [compileKernel, scanKernel, openStreamKernel, releaseSetKernel];
