import { KnhkError } from '../errors/knhk-error.js';

/**
 * Runs a plugin hook with a time limit. A hook that throws synchronously or rejects is
 * turned into a rejection; one that does not settle in `ms` rejects with
 * `KNHK_E_PLUGIN_TIMEOUT` (the hook itself cannot be stopped, but nobody waits for it).
 */
export async function runHook<T>(plugin: string, hook: string, ms: number, fn: () => T | Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new KnhkError('KNHK_E_PLUGIN_TIMEOUT', `plugin "${plugin}": ${hook}() did not finish within ${ms} ms`, {
          plugin,
          hook,
          timeoutMs: ms,
        }),
      );
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([Promise.resolve().then(fn), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
