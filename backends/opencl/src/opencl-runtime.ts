/**
 * The opencl backend's runtime, one per plugin instance: the checked options, the opened
 * devices and the buffers it owns. `init()` opens the devices; `dispose()` frees everything.
 */
import { KnhkError, PLUGIN_CONTEXT, type PluginContext, inject, injectable } from '@knhk/core';
import { type OpenClDeviceDescription, loadOpenCl } from '@knhk/native';
import { type DeviceProbe, orderByProbe, probeDevice } from './device-choice.js';
import { type NamedOperand, deviceOfOperands } from './device-placement.js';
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

  /** Every opened device; the first runs calls on host arrays that are not split. */
  get devices(): readonly OpenClDevice[] {
    return this.opened;
  }

  /** The device that runs calls on host arrays only (when they are not split) and allocates by default. */
  get primary(): OpenClDevice {
    const device = this.opened[0];
    if (device === undefined) {
      throw new KnhkError('KNHK_E_PLUGIN_UNAVAILABLE', 'opencl: no device is open (the backend was not initialised)', {
        plugin: 'opencl',
      });
    }
    return device;
  }

  /**
   * The opened device `id`; `KNHK_E_ARG_INVALID` naming the opened ones for any other value
   * (a device that exists but was not opened with the `devices` option included).
   */
  device(op: string, id: unknown): OpenClDevice {
    const device = this.opened.find((d) => d.id === id);
    if (device === undefined) {
      const ids = this.opened.map((d) => d.id).join(', ');
      throw new KnhkError(
        'KNHK_E_ARG_INVALID',
        `${op}: ${JSON.stringify(id)} is not an opened opencl device; opened: ${ids} (open more with the devices option, e.g. devices: 'all')`,
        { op, device: String(id) },
      );
    }
    return device;
  }

  /** The device a call runs on: the one holding its buffers, else the primary (see `deviceOfOperands`). */
  deviceFor(op: string, operands: readonly NamedOperand[]): OpenClDevice {
    return deviceOfOperands(op, this.primary, operands);
  }

  /**
   * The devices to split a call of `n` elements over: every opened device when more than one
   * is open, `n` reaches `splitMinElements` and no operand is a buffer; else undefined.
   */
  splitOver(n: number, operands: readonly unknown[]): readonly OpenClDevice[] | undefined {
    const min = this.options.splitMinElements;
    if (this.opened.length < 2 || min === false || n < min || n < this.opened.length) return undefined;
    return operands.every((v) => v === undefined || typeof v === 'number' || ArrayBuffer.isView(v))
      ? this.opened
      : undefined;
  }

  /**
   * Each opened device's share of a split call, in the order of {@link devices}: its measured
   * speed (1 / the probe's median) with `devices: 'measured'`, else equal shares.
   */
  get splitShares(): readonly number[] {
    const speeds = this.opened.map((d) => 1 / this.probe(d.id));
    return speeds.every((speed) => Number.isFinite(speed) && speed > 0) ? speeds : this.opened.map(() => 1);
  }

  /** Frees every buffer and releases every device. */
  close(): void {
    this.buffers.releaseAll();
    for (const device of this.opened.splice(0)) device.release();
  }
}
