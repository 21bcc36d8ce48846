/**
 * What the opencl backend reports from `detect()`: every OpenCL device found, with type,
 * compute units, memory and extensions, or why there is none.
 */
import type { DetectResult, DeviceInfo } from '@knhk/core';
import { type OpenClDeviceDescription, loadOpenCl } from '@knhk/native';

/** The device id knhk gives an OpenCL device: `opencl:<platform>:<device>`. */
export function deviceId(d: Pick<OpenClDeviceDescription, 'platformIndex' | 'deviceIndex'>): string {
  return `opencl:${d.platformIndex}:${d.deviceIndex}`;
}

/** A device as knhk lists it. */
export function deviceInfo(d: OpenClDeviceDescription): DeviceInfo {
  const precision = [
    d.denormals ? 'fp32-denormals' : '',
    d.fma ? 'fp32-fma' : '',
    d.correctlyRoundedDivide ? 'fp32-correctly-rounded-divide' : '',
  ];
  return {
    id: deviceId(d),
    name: `${d.name} (${d.platformName})`,
    type: d.type,
    computeUnits: d.computeUnits,
    memoryBytes: d.globalMemBytes,
    features: [...precision.filter((f) => f !== ''), ...d.extensions.split(/\s+/).filter((e) => e !== '')],
  };
}

/** The detect() result for the ICD loader `library` (default: `$KNHK_OPENCL_LIBRARY` or libOpenCL.so.1). */
export function detectOpenCl(library?: string): DetectResult {
  const load = loadOpenCl({ library });
  if (!load.ok) return { available: false, reason: load.reason, devices: [] };
  const names = load.devices.map((d) => `${d.name} (${d.platformName}, ${d.computeUnits} compute units)`);
  return {
    available: true,
    reason: `OpenCL ICD loader ${load.library} loaded; ${load.devices.length} device(s): ${names.join('; ')}`,
    devices: load.devices.map(deviceInfo),
  };
}
