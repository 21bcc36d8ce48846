/**
 * The cuda backend's options (`createFramework({ pluginOptions: { cuda: { ... } } })`),
 * checked: a bad value is `KNHK_E_CONFIG_INVALID` naming the option.
 */
import { KnhkError } from '@knhk/core';

/** The options of the cuda backend. */
export interface CudaOptions {
  /** The driver library to dlopen; default `$KNHK_CUDA_LIBRARY` or `libcuda.so.1`. */
  readonly library?: string;
}

/** The checked options. */
export function parseOptions(options: Readonly<Record<string, unknown>>): CudaOptions {
  const { library } = options;
  if (library !== undefined && (typeof library !== 'string' || library === '')) {
    throw new KnhkError(
      'KNHK_E_CONFIG_INVALID',
      'cuda: library must be a non-empty path or file name of the CUDA driver library (libcuda.so.1)',
      { plugin: 'cuda', option: 'library' },
    );
  }
  return { library };
}
