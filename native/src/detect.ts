/**
 * What a native SIMD backend reports from `detect()`: available only when the addon loaded
 * and both the CPU and the OS support the backend's instruction set.
 */
import { type DetectResult, KnhkError, readCpuFlags } from '@knhk/core';
import { detectCpuDevice } from '@knhk/backend-cpu';
import type { NativeAddon, NativeFeatures, NativeKernels } from './addon-types.js';
import { loadNative } from './loader.js';

/** An ISA a native backend runs on. */
export type SimdIsa = 'avx2' | 'avx512';

/** The CPU flags each ISA's kernels are compiled for, as cpuid and /proc/cpuinfo name them. */
export const REQUIRED_FLAGS: Readonly<Record<SimdIsa, readonly (keyof NativeFeatures)[]>> = Object.freeze({
  avx2: ['avx2', 'fma'],
  avx512: ['avx512f', 'avx512bw', 'avx512vl', 'avx512dq'],
});

const OS_STATE: Readonly<Record<SimdIsa, { readonly key: keyof NativeFeatures; readonly what: string }>> = {
  avx2: { key: 'osYmm', what: 'YMM register state' },
  avx512: { key: 'osZmm', what: 'opmask and ZMM register state' },
};

const SIMD_FLAG = /^(sse|ssse3|avx|fma|f16c)/;

/** Why `isa` cannot run here, or undefined when it can. */
export function missingSupport(isa: SimdIsa, features: NativeFeatures): string | undefined {
  const missing = REQUIRED_FLAGS[isa].filter((flag) => !features[flag]);
  if (missing.length > 0) {
    const flags = readCpuFlags().filter((flag) => SIMD_FLAG.test(flag));
    return `this CPU lacks ${missing.join(', ')} (flags: ${flags.join(' ') || 'none reported'})`;
  }
  const state = OS_STATE[isa];
  if (!features[state.key]) return `the operating system does not enable ${state.what} (XCR0), so ${isa} cannot run`;
  return undefined;
}

/** The detect() result of the backend for `isa`. */
export function detectNative(isa: SimdIsa): DetectResult {
  const load = loadNative();
  if (!load.ok) return { available: false, reason: load.reason, devices: [] };
  const missing = missingSupport(isa, load.addon.features());
  if (missing !== undefined) return { available: false, reason: missing, devices: [] };
  return {
    available: true,
    reason: `native addon loaded; this CPU and OS support ${REQUIRED_FLAGS[isa].join(', ')}`,
    devices: [detectCpuDevice()],
  };
}

/** The loaded addon, for a backend of `isa`; `KNHK_E_PLUGIN_UNAVAILABLE` with the reason when `isa` cannot run here. */
export function nativeAddon(isa: SimdIsa): NativeAddon {
  const load = loadNative();
  if (!load.ok) throw new KnhkError('KNHK_E_PLUGIN_UNAVAILABLE', `${isa}: ${load.reason}`, { plugin: isa });
  const missing = missingSupport(isa, load.addon.features());
  if (missing !== undefined) throw new KnhkError('KNHK_E_PLUGIN_UNAVAILABLE', `${isa}: ${missing}`, { plugin: isa });
  return load.addon;
}

/** The kernels of `isa`; `KNHK_E_PLUGIN_UNAVAILABLE` with the reason when they cannot run here. */
export function nativeKernels(isa: SimdIsa): NativeKernels {
  return nativeAddon(isa).kernels(isa);
}
