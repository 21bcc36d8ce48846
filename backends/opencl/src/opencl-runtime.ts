/**
 * The opencl backend's runtime, one per plugin instance: the checked options, the opened
 * devices and the buffers it owns. `init()` opens the devices; `dispose()` frees everything.
 */
import { KnhkError, PLUGIN_CONTEXT, type PluginContext, inject, injectable } from '@knhk/core';
import { type OpenClDeviceDescription, loadOpenCl } from '@knhk/native';
import { OpenClBuffers } from './opencl-buffer.js';
import { deviceId } from './opencl-detection.js';
import { OpenClDevice } from './opencl-device.js';
import { type OpenClOptions, parseOptions } from './opencl-options.js';
import { ProgramCache } from './program-cache.js';

const TYPE_RANK = { gpu: 0, accelerator: 1, cpu: 2 } as const;

/** The best device: a GPU before an accelerator before a CPU, then the most compute units, then the first. */
export function preferredDevice(devices: readonly OpenClDeviceDescription[]): OpenClDeviceDescription {
  return [...devices].sort((x, y) => TYPE_RANK[x.type] - TYPE_RANK[y.type] || y.computeUnits - x.computeUnits)[0];
}

function chosenDevices(options: OpenClOptions, found: readonly OpenClDeviceDescription[]): OpenClDeviceDescription[] {
  if (options.devices === 'all') return [...found];
  if (options.devices === undefined) return [preferredDevice(found)];
  return options.devices.map((id) => {
    const device = found.find((d) => deviceId(d) === id);
    if (device === undefined) {
      throw new KnhkError(
        'KNHK_E_CONFIG_INVALID',
        `opencl: there is no device "${id}"; found: ${found.map((d) => `${deviceId(d)} (${d.name})`).join(', ')}`,
        { plugin: 'opencl', device: id },
      );
    }
    return device;
  });
}

/** The opened devices and owned buffers of one plugin instance. */
@injectable()
export class OpenClRuntime {
  readonly options: OpenClOptions;
  readonly buffers = new OpenClBuffers();
  private opened: OpenClDevice[] = [];

  constructor(@inject(PLUGIN_CONTEXT) context: PluginContext) {
    this.options = parseOptions(context.options);
  }

  /** Opens the chosen devices (at init). Throws `KNHK_E_PLUGIN_UNAVAILABLE` without OpenCL, `KNHK_E_CONFIG_INVALID` for an unknown device. */
  open(): void {
    if (this.opened.length > 0) return;
    const load = loadOpenCl({ library: this.options.library });
    if (!load.ok) throw new KnhkError('KNHK_E_PLUGIN_UNAVAILABLE', `opencl: ${load.reason}`, { plugin: 'opencl' });
    const cache = new ProgramCache(this.options.cacheDir);
    this.opened = chosenDevices(this.options, load.devices).map(
      (d) => new OpenClDevice(load.binding, load.library, d, cache, this.options.maxBufferBytes),
    );
  }

  /** Every opened device; the first runs the capabilities. */
  get devices(): readonly OpenClDevice[] {
    return this.opened;
  }

  /** The device the capabilities run on. */
  get primary(): OpenClDevice {
    const device = this.opened[0];
    if (device === undefined) {
      throw new KnhkError('KNHK_E_PLUGIN_UNAVAILABLE', 'opencl: no device is open (the backend was not initialised)', {
        plugin: 'opencl',
      });
    }
    return device;
  }

  /** Frees every buffer and releases every device. */
  close(): void {
    this.buffers.releaseAll();
    for (const device of this.opened.splice(0)) device.release();
  }
}
