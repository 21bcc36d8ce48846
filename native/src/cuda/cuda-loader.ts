/**
 * Loading CUDA: the addon, then the driver library (`libcuda.so.1`, or the library named by the
 * `library` option or `KNHK_CUDA_LIBRARY`) with dlopen, then cuInit and its devices. Each step
 * that fails becomes the reason, with what to do.
 */
import { loadNative } from '../loader.js';
import type { CudaBinding, CudaDeviceDescription } from './cuda-addon-types.js';

/** The driver library's file name on Linux. */
export const DEFAULT_CUDA_LIBRARY = 'libcuda.so.1';

/** What to install when there is no driver library. */
export const CUDA_INSTALL_HINT =
  "install the NVIDIA driver, which provides libcuda.so.1 (e.g. apt-get install nvidia-driver-580, or your distribution's libcuda1 / nvidia-utils package; in a container, run it with the NVIDIA Container Toolkit, e.g. docker run --gpus all); the CUDA toolkit is not needed";

/** The result of loading CUDA: the binding, the library, the driver version and the devices, or why not. */
export type CudaLoad =
  | {
      readonly ok: true;
      readonly binding: CudaBinding;
      readonly library: string;
      /** 1000 * major + 10 * minor of the CUDA version the driver supports (13000 for 13.0). */
      readonly driverVersion: number;
      readonly devices: readonly CudaDeviceDescription[];
    }
  | { readonly ok: false; readonly reason: string };

/** The library to load: `library`, else `$KNHK_CUDA_LIBRARY`, else {@link DEFAULT_CUDA_LIBRARY}. */
export function cudaLibrary(library?: string): string {
  return library ?? process.env.KNHK_CUDA_LIBRARY ?? DEFAULT_CUDA_LIBRARY;
}

function cudaVersion(version: number | undefined): string {
  return version === undefined ? 'unknown' : `${Math.floor(version / 1000)}.${Math.floor((version % 1000) / 10)}`;
}

/** Loads the CUDA driver and lists its devices. Never throws: every failure is `{ ok: false, reason }`. */
export function loadCuda(options: { readonly library?: string } = {}): CudaLoad {
  const library = cudaLibrary(options.library);
  const native = loadNative();
  if (!native.ok) return { ok: false, reason: native.reason };
  const binding = native.addon.cuda as CudaBinding | undefined;
  if (binding === undefined) {
    return {
      ok: false,
      reason: 'the native addon was built without the CUDA binding; rebuild it with `node native/scripts/build.mjs`',
    };
  }
  const loaded = binding.load(library);
  if (!loaded.ok) {
    const what =
      library === DEFAULT_CUDA_LIBRARY || library.endsWith(`/${DEFAULT_CUDA_LIBRARY}`) ? DEFAULT_CUDA_LIBRARY : library;
    const found = loaded.reason.includes(' lacks ') ? `${what} is not a usable CUDA driver library` : `no ${what}`;
    return { ok: false, reason: `${found} (${loaded.reason}); ${CUDA_INSTALL_HINT}` };
  }
  const init = binding.init(library);
  if (!init.ok) {
    const driver = `the NVIDIA driver (${library}, CUDA ${cudaVersion(init.driverVersion)})`;
    if (init.cuError === 100) {
      return {
        ok: false,
        reason: `${driver} finds no device (${init.reason}); check that an NVIDIA GPU is present and visible (nvidia-smi, CUDA_VISIBLE_DEVICES, docker --gpus)`,
      };
    }
    return {
      ok: false,
      reason: `${driver} did not initialise (${init.reason}); check the driver with nvidia-smi, or reinstall it (${CUDA_INSTALL_HINT})`,
    };
  }
  if (init.deviceCount === 0) {
    return {
      ok: false,
      reason: `the NVIDIA driver (${library}, CUDA ${cudaVersion(init.driverVersion)}) finds no device; check that an NVIDIA GPU is present and visible (nvidia-smi, CUDA_VISIBLE_DEVICES, docker --gpus)`,
    };
  }
  let devices: CudaDeviceDescription[];
  try {
    devices = binding.devices(library);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason: `the CUDA driver failed to list its devices (${message}); check the driver with nvidia-smi`,
    };
  }
  return { ok: true, binding, library, driverVersion: init.driverVersion, devices };
}
