/**
 * Loading OpenCL: the addon, then the ICD loader (`libOpenCL.so.1`, or the library named by
 * the `library` option or `KNHK_OPENCL_LIBRARY`) with dlopen, then its devices. Each step that
 * fails becomes the reason, with what to install.
 */
import { loadNative } from '../loader.js';
import type { OpenClBinding, OpenClDeviceDescription } from './opencl-addon-types.js';

/** The ICD loader's file name on Linux. */
export const DEFAULT_OPENCL_LIBRARY = 'libOpenCL.so.1';

const INSTALL_HINT =
  "install ocl-icd-libopencl1 and a driver, e.g. pocl-opencl-icd for CPUs or the GPU vendor's OpenCL driver";

/** The result of loading OpenCL: the binding, the library and its devices, or why not. */
export type OpenClLoad =
  | {
      readonly ok: true;
      readonly binding: OpenClBinding;
      readonly library: string;
      readonly devices: readonly OpenClDeviceDescription[];
    }
  | { readonly ok: false; readonly reason: string };

/** The library to load: `library`, else `$KNHK_OPENCL_LIBRARY`, else {@link DEFAULT_OPENCL_LIBRARY}. */
export function openClLibrary(library?: string): string {
  return library ?? process.env.KNHK_OPENCL_LIBRARY ?? DEFAULT_OPENCL_LIBRARY;
}

/** Loads OpenCL and lists its devices. Never throws: every failure is `{ ok: false, reason }`. */
export function loadOpenCl(options: { readonly library?: string } = {}): OpenClLoad {
  const library = openClLibrary(options.library);
  const native = loadNative();
  if (!native.ok) return { ok: false, reason: native.reason };
  const binding = native.addon.opencl as OpenClBinding | undefined;
  if (binding === undefined) {
    return {
      ok: false,
      reason: 'the native addon was built without the OpenCL binding; rebuild it with `node native/scripts/build.mjs`',
    };
  }
  const loaded = binding.load(library);
  if (!loaded.ok) return { ok: false, reason: `no OpenCL ICD loader found (${loaded.reason}); ${INSTALL_HINT}` };
  let devices: OpenClDeviceDescription[];
  try {
    devices = binding.devices(library);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `the OpenCL runtime failed to list its devices (${message}); ${INSTALL_HINT}` };
  }
  if (devices.length === 0) {
    return { ok: false, reason: `the OpenCL ICD loader (${library}) found no platform with a device; ${INSTALL_HINT}` };
  }
  return { ok: true, binding, library, devices };
}
