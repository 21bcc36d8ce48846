/**
 * The pattern kernels of the opencl backend: multi-literal matching on the device (see
 * {@link OpenClPatternMatcher}). The kernels share one matcher per plugin instance, which
 * knows the sets it compiled.
 */
import type { Kernel } from '@knhk/core';
import { OpenClPatternMatcher } from '../pattern-matcher.js';
import { openclKernel } from './opencl-kernel.js';

/** The family, in registration order. */
export const PATTERN_KERNELS: readonly Kernel[] = (['compile', 'scan', 'openStream', 'release'] as const).map(
  (operation) => openclKernel('pattern', operation, OpenClPatternMatcher),
);
