/** The pattern kernels of the cpu backend: Aho-Corasick matching (`CpuPatternMatcher`) of byte patterns. */
import { CpuPatternMatcher } from '../pattern-matcher.js';
import { serviceKernel } from './service-kernel.js';

/** The pattern kernels, in the order of the `pattern` capability. */
export const PATTERN_KERNELS = [
  serviceKernel('pattern', 'compile', CpuPatternMatcher),
  serviceKernel('pattern', 'scan', CpuPatternMatcher),
  serviceKernel('pattern', 'openStream', CpuPatternMatcher),
  serviceKernel('pattern', 'release', CpuPatternMatcher),
] as const;
