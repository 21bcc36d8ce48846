/**
 * How many threads large native operations use. The addon keeps one pool per process,
 * shared by the avx2 and avx512 backends (src/parallel/thread_pool.h), sized by default to
 * the hardware threads. The `threads` plugin option (`createFramework({ pluginOptions:
 * { avx2: { threads: 2 } } })`) or the `KNHK_THREADS` environment variable sets it; the
 * option wins. 1 runs everything on the calling thread.
 */
import { KnhkError } from '@knhk/core';
import type { NativeAddon } from './addon-types.js';

/** The most threads the pool takes. */
export const THREADS_MAX = 256;

/**
 * The thread count asked for by a plugin option or the environment, checked, or undefined
 * when neither says (pure: the caller passes both in).
 */
export function requestedThreads(option: unknown, environment: string | undefined): number | undefined {
  if (option !== undefined) return checkThreads(option, 'the threads option');
  if (environment === undefined || environment.trim() === '') return undefined;
  return checkThreads(Number(environment), `KNHK_THREADS=${JSON.stringify(environment)}`);
}

function checkThreads(value: unknown, source: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > THREADS_MAX) {
    throw new KnhkError(
      'KNHK_E_CONFIG_INVALID',
      `${source} must be an integer from 1 to ${THREADS_MAX} (threads for large native operations), got ${String(value)}`,
      { source },
    );
  }
  return value;
}

/** Applies the requested thread count to the addon's pool (nothing when none is requested). */
export function configureThreads(addon: NativeAddon, option: unknown, environment: string | undefined): void {
  const threads = requestedThreads(option, environment);
  if (threads !== undefined && threads !== addon.threads()) addon.setThreads(threads);
}
