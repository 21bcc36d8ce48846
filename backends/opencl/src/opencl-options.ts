/**
 * The opencl backend's options (`createFramework({ pluginOptions: { opencl: { ... } } })`),
 * checked: a bad value is `KNHK_E_CONFIG_INVALID` naming the option.
 */
import os from 'node:os';
import path from 'node:path';
import { KnhkError } from '@knhk/core';

/** The options after checking, with defaults filled in. */
export interface OpenClOptions {
  /** The ICD loader to dlopen; default `$KNHK_OPENCL_LIBRARY` or `libOpenCL.so.1`. */
  readonly library?: string;
  /**
   * Devices to open, by id (`opencl:<platform>:<device>`), `all`, or `measured` (all, ordered
   * by a probe run on each). Default: the one best device (a GPU before an accelerator before a
   * CPU, then the most compute units). The first one is the primary device (allocations and
   * calls on host arrays); `OpenClMemory.on(id)` allocates on the others.
   */
  readonly devices?: readonly string[] | 'all' | 'measured';
  /** Folder of the program binary cache, or false for none. Default `$KNHK_OPENCL_CACHE` or `~/.cache/knhk/opencl`. */
  readonly cacheDir: string | false;
  /** Most bytes of device memory the backend may hold (live buffers and its pool). Default: the device's global memory. */
  readonly maxBufferBytes?: number;
  /**
   * Calls on host arrays with at least this many elements (element-wise ops, dot and
   * reductions) or elements of C (sgemm) are split over every opened device when more than one
   * is open; `false` never splits. Default {@link DEFAULT_SPLIT_MIN_ELEMENTS}.
   */
  readonly splitMinElements: number | false;
}

/** Default `splitMinElements`: 2^20 elements (4 MiB of f32 per operand). */
export const DEFAULT_SPLIT_MIN_ELEMENTS = 2 ** 20;

function invalid(message: string): KnhkError {
  return new KnhkError('KNHK_E_CONFIG_INVALID', `opencl: ${message}`, { plugin: 'opencl' });
}

/** The default cache folder. */
export function defaultCacheDir(): string {
  return process.env.KNHK_OPENCL_CACHE ?? path.join(os.homedir(), '.cache', 'knhk', 'opencl');
}

function checkDevices(value: unknown): readonly string[] | 'all' | 'measured' | undefined {
  if (value === undefined || value === 'all' || value === 'measured') return value;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((d) => typeof d === 'string')) {
    throw invalid('devices must be "all", "measured", a device id such as "opencl:0:0", or a non-empty list of ids');
  }
  return list as string[];
}

/** Checks the plugin options. */
export function parseOptions(options: Readonly<Record<string, unknown>>): OpenClOptions {
  const { library, devices, device, cacheDir, maxBufferBytes, splitMinElements } = options;
  if (library !== undefined && (typeof library !== 'string' || library === '')) {
    throw invalid('library must be a non-empty path or file name of the OpenCL ICD loader');
  }
  if (cacheDir !== undefined && cacheDir !== false && (typeof cacheDir !== 'string' || cacheDir === '')) {
    throw invalid('cacheDir must be a folder path or false');
  }
  if (maxBufferBytes !== undefined && (!Number.isSafeInteger(maxBufferBytes) || (maxBufferBytes as number) < 1)) {
    throw invalid(`maxBufferBytes must be a positive integer, got ${String(maxBufferBytes)}`);
  }
  if (
    splitMinElements !== undefined &&
    splitMinElements !== false &&
    (!Number.isSafeInteger(splitMinElements) || (splitMinElements as number) < 1)
  ) {
    throw invalid(`splitMinElements must be a positive integer or false, got ${String(splitMinElements)}`);
  }
  return {
    library: library as string | undefined,
    devices: checkDevices(devices ?? device),
    cacheDir: cacheDir === undefined ? defaultCacheDir() : (cacheDir as string | false),
    maxBufferBytes: maxBufferBytes as number | undefined,
    splitMinElements: (splitMinElements as number | false | undefined) ?? DEFAULT_SPLIT_MIN_ELEMENTS,
  };
}
