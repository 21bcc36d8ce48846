/** Answering a plugin package's detect() in a worker thread, with a time limit that always holds. */
import { Worker } from 'node:worker_threads';
import type { DeviceInfo } from '../capabilities/memory.js';
import { KnhkError } from '../errors/knhk-error.js';
import type { DetectResult } from './manifest.js';

/** @internal What the probe worker is asked. */
export interface ProbeRequest {
  readonly entryUrl: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** @internal What the probe worker answers. */
export type ProbeResponse =
  | { readonly ok: true; readonly available: boolean; readonly reason: string; readonly devices: readonly DeviceInfo[] }
  | { readonly ok: false; readonly stage: 'import' | 'detect'; readonly message: string };

function probeError(plugin: string, response: Extract<ProbeResponse, { ok: false }>): KnhkError {
  const code = response.stage === 'import' ? 'KNHK_E_PLUGIN_LOAD_FAILED' : 'KNHK_E_PLUGIN_DETECT_FAILED';
  return new KnhkError(code, `plugin "${plugin}": ${response.stage} failed in the probe: ${response.message}`, {
    plugin,
  });
}

/**
 * Imports the plugin module in a worker and runs its detect() there. Rejects with
 * `KNHK_E_PLUGIN_TIMEOUT` (and terminates the worker) when it takes longer than `timeoutMs`,
 * even if the plugin blocks its thread; with `KNHK_E_PLUGIN_DETECT_FAILED` or
 * `KNHK_E_PLUGIN_LOAD_FAILED` when it throws.
 */
export function probeDetect(plugin: string, request: ProbeRequest, timeoutMs: number): Promise<DetectResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./detect-probe-worker.js', import.meta.url), { workerData: request });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(
        new KnhkError('KNHK_E_PLUGIN_TIMEOUT', `plugin "${plugin}": detect() did not finish within ${timeoutMs} ms`, {
          plugin,
          hook: 'detect',
          timeoutMs,
        }),
      );
    }, timeoutMs);
    const settle = (action: () => void): void => {
      clearTimeout(timer);
      void worker.terminate();
      action();
    };
    worker.once('message', (response: ProbeResponse) =>
      settle(() =>
        response.ok
          ? resolve({ available: response.available, reason: response.reason, devices: response.devices })
          : reject(probeError(plugin, response)),
      ),
    );
    worker.once('error', (error) =>
      settle(() => reject(probeError(plugin, { ok: false, stage: 'import', message: error.message }))),
    );
    worker.once('exit', (code) =>
      settle(() =>
        reject(probeError(plugin, { ok: false, stage: 'import', message: `probe exited with code ${code}` })),
      ),
    );
  });
}
