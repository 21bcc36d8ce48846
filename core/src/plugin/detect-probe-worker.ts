/**
 * Runs in a worker thread: imports one plugin module and answers its detect(). A plugin
 * whose import or detect() blocks (a busy loop, a driver call that never returns) then
 * blocks only this worker, which the host terminates at the time limit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DeviceInfo } from '../capabilities/memory.js';
import { container } from '../di.js';
import { describeError } from '../errors/knhk-error.js';
import { silentLogger } from '../framework/logger.js';
import type { KnhkPlugin, PluginContext } from './manifest.js';
import type { ProbeRequest, ProbeResponse } from './detect-probe.js';

async function probe(request: ProbeRequest): Promise<ProbeResponse> {
  let plugin: KnhkPlugin | undefined;
  try {
    const loaded = (await import(request.entryUrl)) as { default?: KnhkPlugin; plugin?: KnhkPlugin };
    plugin = loaded.default ?? loaded.plugin;
  } catch (error) {
    return { ok: false, stage: 'import', message: describeError(error) };
  }
  if (typeof plugin?.detect !== 'function')
    return { ok: false, stage: 'import', message: 'no plugin with a detect() exported' };
  try {
    const context: PluginContext = {
      name: plugin.manifest.name,
      container: container.createChildContainer(),
      options: request.options,
      logger: silentLogger,
      dependencies: {},
    };
    const result = await plugin.detect(context);
    const devices = JSON.parse(JSON.stringify(result?.devices ?? [])) as DeviceInfo[];
    return { ok: true, available: result?.available === true, reason: String(result?.reason ?? ''), devices };
  } catch (error) {
    return { ok: false, stage: 'detect', message: describeError(error) };
  }
}

parentPort?.postMessage(await probe(workerData as ProbeRequest));
