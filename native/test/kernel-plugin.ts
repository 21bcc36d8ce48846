/**
 * A backend plugin over the kernels of any ISA of a loaded addon, for running the conformance
 * kit on kernels no real backend exposes: scalar, and the SIMDe-emulated avx512 kernels of
 * the test-only emulation build (marked `emulation`, as the framework never selects it).
 */
import { type KnhkPlugin, defineBackend } from '@knhk/core';
import { detectCpuDevice } from '@knhk/backend-cpu';
import { type NativeAddon, type NativeIsa, registerAllKernels, registerNativeRuntime } from '../src/index.js';

export function kernelPlugin(name: string, addon: NativeAddon, isa: NativeIsa, reason: string): KnhkPlugin {
  return defineBackend({
    name,
    version: '0.1.0',
    priority: 1,
    emulation: addon.emulation !== undefined,
    kernels: registerAllKernels(isa),
    register: (container) => registerNativeRuntime(container, name, addon, isa),
    detect: () => ({ available: true, reason, devices: [detectCpuDevice()] }),
  });
}

/** Every capability the native kernels provide. */
export const NATIVE_CAPABILITIES = ['vector', 'reduce', 'matmul', 'mlp', 'memory'] as const;
