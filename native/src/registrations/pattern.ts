/**
 * The pattern kernels of a native backend: multi-literal matching with the ISA's prefilters
 * (Teddy for up to 16 patterns, else the prefix filter; `native/src/pattern/`). The kernels
 * share one matcher per plugin instance, which knows the sets it compiled.
 */
import type { Kernel } from '@knhk/core';
import type { NativeRuntime } from './native-runtime.js';
import { nativeKernel } from './native-kernel.js';

const matcher = (runtime: NativeRuntime) => runtime.pattern;

/** The family, in registration order. */
export const PATTERN_KERNELS: readonly Kernel[] = (['compile', 'scan', 'openStream', 'release'] as const).map(
  (operation) => nativeKernel('pattern', operation, matcher),
);
