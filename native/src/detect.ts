/**
 * What a native SIMD backend reports from `detect()`: available only when the addon loaded
 * and both the CPU and the OS support the backend's instruction set.
 */
import os from 'node:os';
import { type DetectResult, KnhkError, readCpuFlags } from '@knhk/core';
import { detectCpuDevice } from '@knhk/host';
import type { NativeAddon, NativeFeatures, NativeKernels } from './addon-types.js';
import { loadNative } from './loader.js';

/** An ISA a native backend runs on. */
export type SimdIsa = 'avx2' | 'avx512' | 'neon';

/** The CPU flags each ISA's kernels are compiled for, as cpuid and /proc/cpuinfo name them. */
export const REQUIRED_FLAGS: Readonly<Record<SimdIsa, readonly (keyof NativeFeatures)[]>> = Object.freeze({
  avx2: ['avx2', 'fma'],
  avx512: ['avx512f', 'avx512bw', 'avx512vl', 'avx512dq'],
  neon: ['neon'],
});

/** The Node.js architecture each ISA's kernels are built for. */
const ARCHITECTURE: Readonly<Record<SimdIsa, { readonly arch: readonly string[]; readonly name: string }>> = {
  avx2: { arch: ['x64', 'ia32'], name: 'x86-64' },
  avx512: { arch: ['x64', 'ia32'], name: 'x86-64' },
  neon: { arch: ['arm64'], name: 'aarch64' },
};

const OS_STATE: Readonly<Partial<Record<SimdIsa, { readonly key: keyof NativeFeatures; readonly what: string }>>> = {
  avx2: { key: 'osYmm', what: 'YMM register state' },
  avx512: { key: 'osZmm', what: 'opmask and ZMM register state' },
};

/** Why `isa` cannot run on this machine's architecture, or undefined when it is the right one. */
export function wrongArchitecture(isa: SimdIsa, arch: string = process.arch): string | undefined {
  const wanted = ARCHITECTURE[isa];
  if (wanted.arch.includes(arch)) return undefined;
  return `this CPU is ${arch === process.arch ? os.machine() : arch}; ${isa === 'neon' ? 'NEON' : isa} needs ${wanted.name}`;
}

const SIMD_FLAG = /^(sse|ssse3|avx|fma|f16c|asimd)/;

/** Why `isa` cannot run here, or undefined when it can. */
export function missingSupport(isa: SimdIsa, features: NativeFeatures): string | undefined {
  const architecture = wrongArchitecture(isa);
  if (architecture !== undefined) return architecture;
  const missing = REQUIRED_FLAGS[isa].filter((flag) => !features[flag]);
  if (missing.length > 0) {
    const flags = readCpuFlags().filter((flag) => SIMD_FLAG.test(flag));
    return `this CPU lacks ${missing.join(', ')} (flags: ${flags.join(' ') || 'none reported'})`;
  }
  const state = OS_STATE[isa];
  if (state !== undefined && !features[state.key])
    return `the operating system does not enable ${state.what} (XCR0), so ${isa} cannot run`;
  return undefined;
}

/** The detect() result of the backend for `isa`. */
export function detectNative(isa: SimdIsa): DetectResult {
  const architecture = wrongArchitecture(isa);
  if (architecture !== undefined) return { available: false, reason: architecture, devices: [] };
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
