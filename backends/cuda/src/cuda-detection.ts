/**
 * What the cuda backend reports from `detect()`: each NVIDIA device with its name, compute
 * capability, SM count, memory and the driver version, or why it is unavailable, with what to
 * do: no `libcuda.so.1` (install the NVIDIA driver), a driver that finds no device, a driver
 * older than the kernels' PTX needs, kernels not built and no PTX shipped.
 */
import type { DetectResult, DeviceInfo } from '@knhk/core';
import { type CudaDeviceDescription, loadCuda } from '@knhk/native';
import { type KernelImages, kernelImages } from './kernel-images.js';
import { driverTooOld, driverVersionText } from './ptx-driver-versions.js';

/** The device id knhk gives a CUDA device: `cuda:<ordinal>`. */
export function deviceId(d: Pick<CudaDeviceDescription, 'ordinal'>): string {
  return `cuda:${d.ordinal}`;
}

/** A device as knhk lists it; features name the SM architecture and the driver's CUDA version. */
export function deviceInfo(d: CudaDeviceDescription, driverVersion: number): DeviceInfo {
  const cc = `${d.computeCapabilityMajor}.${d.computeCapabilityMinor}`;
  return {
    id: deviceId(d),
    name: d.name,
    type: 'gpu',
    computeUnits: d.multiprocessors,
    memoryBytes: d.totalMemBytes,
    features: [
      `sm_${d.computeCapabilityMajor}${d.computeCapabilityMinor}`,
      `compute-capability-${cc}`,
      `cuda-driver-${driverVersionText(driverVersion)}`,
    ],
  };
}

/** What the driver reported: the library, its CUDA version and its devices. */
export interface CudaDriverFound {
  readonly library: string;
  readonly driverVersion: number;
  readonly devices: readonly CudaDeviceDescription[];
}

/**
 * The detect() result for a driver that loaded and lists devices, given the kernel images:
 * unavailable when there are no images or the driver is older than an image's PTX needs.
 * Pure: no I/O.
 */
export function describeCuda(driver: CudaDriverFound, images: KernelImages): DetectResult {
  if (!images.ok) return { available: false, reason: images.reason, devices: [] };
  for (const image of images.images) {
    const old = driverTooOld(driver.driverVersion, image.ptxIsa);
    if (old !== undefined) return { available: false, reason: `${old} (${image.family}, ${image.kind})`, devices: [] };
  }
  const names = driver.devices.map(
    (d) =>
      `${deviceId(d)} ${d.name} (compute capability ${d.computeCapabilityMajor}.${d.computeCapabilityMinor}, ${d.multiprocessors} SMs, ${(d.totalMemBytes / 2 ** 30).toFixed(1)} GiB)`,
  );
  const kinds = [...new Set(images.images.map((i) => i.kind))].join(' and ');
  return {
    available: true,
    reason: `CUDA driver ${driver.library} loaded (CUDA ${driverVersionText(driver.driverVersion)}); ${driver.devices.length} device(s): ${names.join('; ')}; kernels from ${kinds}; the memory capability only: no kernel family is registered yet, so compute calls run on other backends`,
    devices: driver.devices.map((d) => deviceInfo(d, driver.driverVersion)),
  };
}

/** The detect() result for the driver `library` (default: `$KNHK_CUDA_LIBRARY` or libcuda.so.1). */
export function detectCuda(library?: string, imagesRoot?: string): DetectResult {
  const load = loadCuda({ library });
  if (!load.ok) return { available: false, reason: load.reason, devices: [] };
  return describeCuda(load, kernelImages(imagesRoot));
}
