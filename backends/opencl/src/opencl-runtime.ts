/**
 * The opencl backend's runtime, one per plugin instance: the checked options, the opened
 * devices and the buffers it owns. `init()` opens the devices; `dispose()` frees everything.
 */
import { KnhkError, PLUGIN_CONTEXT, type PluginContext, inject, injectable } from '@knhk/core';
import { type OpenClDeviceDescription, loadOpenCl } from '@knhk/native';
import { type DeviceProbe, orderByProbe, probeDevice } from './device-choice.js';
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
  if (options.devices === 'all' || options.devices === 'measured') return [...found];
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
  private probed: DeviceProbe[] = [];

  constructor(@inject(PLUGIN_CONTEXT) private readonly context: PluginContext) {
    this.options = parseOptions(context.options);
  }

  /** The probe of every device when they were ordered by measurement (`devices: 'measured'`), else empty. */
  get probes(): readonly DeviceProbe[] {
    return this.probed;
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
    if (this.options.devices === 'measured') {
      this.probed = this.opened.map(probeDevice);
      this.opened = orderByProbe(this.opened, this.probed);
      const figures = this.opened.map(
        (d) => `${d.id} ${d.description.name}: ${(this.probe(d.id) / 1e6).toFixed(3)} ms`,
      );
      this.context.logger.info(
        `opencl: devices by measurement (order-128 sgemm with transfers): ${figures.join('; ')}`,
      );
    }
  }

  private probe(id: string): number {
    return this.probed.find((p) => p.device === id)?.medianNs ?? NaN;
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
