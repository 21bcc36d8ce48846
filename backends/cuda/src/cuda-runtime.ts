/**
 * The cuda backend's runtime, one per plugin instance: the driver, a context and a
 * non-blocking stream on the primary device (ordinal 0), and the host arrays that queued
 * copies still read. `init()` opens it; `dispose()` destroys the context, which frees every
 * device allocation of it.
 */
import { KnhkError, PLUGIN_CONTEXT, type PluginContext, inject, injectable } from '@knhk/core';
import {
  type CudaBinding,
  type CudaContext,
  type CudaDeviceDescription,
  type CudaStream,
  loadCuda,
} from '@knhk/native';
import { deviceId } from './cuda-detection.js';
import { type CudaOptions, parseOptions } from './cuda-options.js';

/** The opened device: its binding, description, context and stream. */
export interface CudaOpened {
  readonly binding: CudaBinding;
  readonly id: string;
  readonly description: CudaDeviceDescription;
  readonly context: CudaContext;
  readonly stream: CudaStream;
}

/** The opened device and the host arrays queued copies read, of one plugin instance. */
@injectable()
export class CudaRuntime {
  readonly options: CudaOptions;
  private opened: CudaOpened | undefined;
  /** Host arrays that copies queued on the stream still read, kept alive until the stream is synchronised. */
  private readonly inFlight: ArrayBufferView[] = [];

  constructor(@inject(PLUGIN_CONTEXT) context: PluginContext) {
    this.options = parseOptions(context.options);
  }

  /** Opens device 0 (at init). `KNHK_E_PLUGIN_UNAVAILABLE` without the driver or a device. */
  open(): void {
    if (this.opened !== undefined) return;
    const load = loadCuda({ library: this.options.library });
    if (!load.ok) throw new KnhkError('KNHK_E_PLUGIN_UNAVAILABLE', `cuda: ${load.reason}`, { plugin: 'cuda' });
    const description = load.devices[0];
    const context = load.binding.createContext(load.library, description.ordinal);
    const stream = load.binding.streamCreate(context);
    this.opened = { binding: load.binding, id: deviceId(description), description, context, stream };
  }

  /** The opened device; `KNHK_E_PLUGIN_UNAVAILABLE` before init or after dispose. */
  get device(): CudaOpened {
    if (this.opened === undefined) {
      throw new KnhkError('KNHK_E_PLUGIN_UNAVAILABLE', 'cuda: no device is open (the backend was not initialised)', {
        plugin: 'cuda',
      });
    }
    return this.opened;
  }

  /** Keeps `data` alive until the next {@link synchronize}: a queued copy reads it. */
  keepUntilSynchronized(data: ArrayBufferView): void {
    this.inFlight.push(data);
  }

  /** Resolves once everything queued on the stream is done (an event recorded now has completed). */
  async synchronize(): Promise<void> {
    const { binding, context, stream } = this.device;
    const held = this.inFlight.splice(0);
    const event = binding.eventCreate(context);
    try {
      binding.eventRecord(event, stream);
      await binding.eventSynchronize(event);
    } catch (error) {
      this.inFlight.unshift(...held);
      throw error;
    } finally {
      binding.eventDestroy(event);
    }
  }

  /** Destroys the context (every allocation of it goes with it). */
  close(): void {
    const opened = this.opened;
    if (opened === undefined) return;
    this.opened = undefined;
    opened.binding.streamDestroy(opened.stream);
    opened.binding.destroyContext(opened.context);
    this.inFlight.length = 0;
  }
}
