/**
 * The shape of the addon's CUDA binding (`addon.cuda`): the CUDA driver API, loaded from
 * `libcuda.so.1` with dlopen at run time (native/src/cuda/cuda_loader.cc), as flat functions
 * on opaque handles. Every function checks all its arguments before it uses a handle or the
 * driver, and throws an Error whose `code` is a knhk code: `KNHK_E_ARG_*` for bad arguments
 * (a value that is not a handle of the kind asked for is `KNHK_E_ARG_TYPE`; memory or a
 * stream of another context `KNHK_E_ARG_INVALID`), `KNHK_E_BUFFER_RELEASED` for a released
 * handle or one of a destroyed context, `KNHK_E_PLUGIN_UNAVAILABLE` when the driver does not
 * load or initialise, `KNHK_E_CUDA_MODULE` for an image the driver rejects (with the JIT error
 * log as `log`), `KNHK_E_CUDA_OUT_OF_RESOURCES` when device memory or launch resources run out,
 * `KNHK_E_CUDA_CALL` for any other failed call (the error's `cuError` is the CUresult).
 */

/** A device as the driver describes it. */
export interface CudaDeviceDescription {
  readonly ordinal: number;
  readonly name: string;
  readonly computeCapabilityMajor: number;
  readonly computeCapabilityMinor: number;
  /** Streaming multiprocessors. */
  readonly multiprocessors: number;
  readonly totalMemBytes: number;
  readonly clockKhz: number;
  readonly memoryClockKhz: number;
  readonly memoryBusWidthBits: number;
  readonly warpSize: number;
  readonly maxThreadsPerBlock: number;
  readonly sharedMemPerBlockBytes: number;
  readonly pciBusId: number;
}

/** What `init` found: the driver's version (1000 * major + 10 * minor) and device count, or why it failed. */
export type CudaInit =
  | { readonly ok: true; readonly driverVersion: number; readonly deviceCount: number }
  | { readonly ok: false; readonly reason: string; readonly driverVersion?: number; readonly cuError?: number };

/** A context on one device (CUcontext); opaque. */
export interface CudaContext {
  readonly __cudaContext: never;
}
/** A loaded module (CUmodule); opaque. */
export interface CudaModule {
  readonly __cudaModule: never;
}
/** A kernel of a module (CUfunction); opaque. */
export interface CudaFunction {
  readonly __cudaFunction: never;
}
/** Device memory (CUdeviceptr and its size); opaque. */
export interface CudaMemory {
  readonly __cudaMemory: never;
}
/** A stream (CUstream, non-blocking); opaque. */
export interface CudaStream {
  readonly __cudaStream: never;
}
/** An event (CUevent, without timing); opaque. */
export interface CudaEvent {
  readonly __cudaEvent: never;
}

/** A kernel argument: device memory (`p`) or a number (`i` int32, `u` uint32, `f` float, `z` size_t). */
export type CudaKernelArg = CudaMemory | number;

/** `addon.cuda`. */
export interface CudaBinding {
  /** Loads the driver library at `library` and resolves every entry point; never throws (but for a non-string). */
  load(library: string): { readonly ok: true } | { readonly ok: false; readonly reason: string };
  /** cuInit, cuDriverGetVersion and cuDeviceGetCount; never throws (but for a non-string). */
  init(library: string): CudaInit;
  /** Every device. */
  devices(library: string): CudaDeviceDescription[];
  /** A context on device `ordinal` (blocking synchronisation). */
  createContext(library: string, ordinal: number): CudaContext;
  /** Destroys the context (after the last pinned host buffer of it is collected, when there are any); its handles become unusable. */
  destroyContext(context: CudaContext): void;
  /** The device's free and total memory. */
  memGetInfo(context: CudaContext): { readonly freeBytes: number; readonly totalBytes: number };
  /** Loads a fatbin, cubin or PTX image. */
  loadModule(context: CudaContext, image: Uint8Array): CudaModule;
  unloadModule(module: CudaModule): void;
  /** The kernel `name` (extern "C") of a module. */
  getFunction(module: CudaModule, name: string): CudaFunction;
  /** `bytes` (at least 1) of device memory. */
  memAlloc(context: CudaContext, bytes: number): CudaMemory;
  memFree(memory: CudaMemory): void;
  /** `bytes` of pinned (page-locked) host memory as an ArrayBuffer, freed when it is collected. */
  memHostAlloc(context: CudaContext, bytes: number): ArrayBuffer;
  streamCreate(context: CudaContext): CudaStream;
  streamDestroy(stream: CudaStream): void;
  /** Queues a copy of `source` into the memory at `byteOffset`; `source` must stay alive and unchanged until an event recorded after it completes. */
  memcpyHtoDAsync(memory: CudaMemory, byteOffset: number, source: ArrayBufferView, stream: CudaStream): void;
  /** Queues a copy from the memory at `byteOffset` into `target`, which must stay alive until an event recorded after it completes. */
  memcpyDtoHAsync(target: ArrayBufferView, memory: CudaMemory, byteOffset: number, stream: CudaStream): void;
  eventCreate(context: CudaContext): CudaEvent;
  eventRecord(event: CudaEvent, stream: CudaStream): void;
  /** Resolves once the work before the event's record is done (waits on a worker thread). */
  eventSynchronize(event: CudaEvent): Promise<void>;
  eventDestroy(event: CudaEvent): void;
  /**
   * Queues the kernel on the stream. `grid` and `block` are [x, y, z] (a block at most 1024
   * threads); `types` has one letter per argument of `args`.
   */
  launch(
    fn: CudaFunction,
    grid: readonly [number, number, number],
    block: readonly [number, number, number],
    sharedBytes: number,
    stream: CudaStream,
    types: string,
    args: readonly CudaKernelArg[],
  ): void;
}
