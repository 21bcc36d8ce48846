/**
 * The shape of the addon's OpenCL binding (`addon.opencl`). The binding loads the OpenCL ICD
 * loader with dlopen at run time; every function checks its arguments and throws an Error
 * whose `code` is a knhk code: `KNHK_E_ARG_*` for bad arguments, `KNHK_E_BUFFER_RELEASED` for
 * a released buffer or context, `KNHK_E_OPENCL_BUILD` for a program the compiler rejects
 * (with the compiler's `log`), `KNHK_E_OPENCL_OUT_OF_RESOURCES` when the device or host runs
 * out of memory or resources, `KNHK_E_OPENCL_CALL` for any other failed OpenCL call (the
 * error's `clError` is the OpenCL status).
 */

/** A device as the OpenCL runtime describes it. */
export interface OpenClDeviceDescription {
  readonly platformIndex: number;
  readonly deviceIndex: number;
  readonly platformName: string;
  readonly platformVendor: string;
  readonly platformVersion: string;
  readonly name: string;
  readonly vendor: string;
  readonly version: string;
  readonly driverVersion: string;
  /** Space-separated extension names. */
  readonly extensions: string;
  readonly type: 'cpu' | 'gpu' | 'accelerator';
  readonly computeUnits: number;
  readonly clockMhz: number;
  readonly maxWorkGroupSize: number;
  readonly globalMemBytes: number;
  readonly localMemBytes: number;
  readonly maxAllocBytes: number;
  /** Single precision supports denormals (CL_FP_DENORM). */
  readonly denormals: boolean;
  /** Single precision has a hardware fma (CL_FP_FMA). */
  readonly fma: boolean;
  /** `-cl-fp32-correctly-rounded-divide-sqrt` is available (CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT). */
  readonly correctlyRoundedDivide: boolean;
}

/** A device buffer (cl_mem); opaque. */
export interface OpenClMem {
  readonly __openclMem: never;
}

/** A built program (cl_program); opaque. */
export interface OpenClProgram {
  readonly __openclProgram: never;
}

/** A kernel of a built program (cl_kernel); opaque. */
export interface OpenClKernel {
  readonly __openclKernel: never;
}

/** A kernel argument: a buffer, a number (typed by its letter in `types`) or local-memory bytes. */
export type OpenClKernelArg = OpenClMem | number;

/** One device's context and in-order command queue. */
export interface OpenClContextHandle {
  /** Builds OpenCL C source; `KNHK_E_OPENCL_BUILD` with the compiler log when it does not compile. */
  buildProgram(source: string, options: string): OpenClProgram;
  /** A program from a binary of {@link programBinary}; `KNHK_E_OPENCL_BUILD` when the device rejects it. */
  programFromBinary(binary: Uint8Array, options: string): OpenClProgram;
  /** The device binary of a built program. */
  programBinary(program: OpenClProgram): Uint8Array;
  /** A kernel of a built program by name. */
  kernel(program: OpenClProgram, name: string): OpenClKernel;
  /** The largest work-group the kernel can run with on this device. */
  kernelWorkGroupSize(kernel: OpenClKernel): number;
  /** A read-write buffer of `bytes` (at least 1). */
  createBuffer(bytes: number): OpenClMem;
  /** Releases a buffer now; twice is harmless. */
  releaseBuffer(mem: OpenClMem): void;
  /**
   * Copies `data` into the buffer at `byteOffset`, in queue order. Returns when the copy is done,
   * unless `wait` is false: then the copy is only enqueued, and `data` must stay alive and
   * unchanged until a later blocking call (readSync, finishSync) returns.
   */
  write(mem: OpenClMem, byteOffset: number, data: ArrayBufferView, wait?: boolean): void;
  /** Enqueues zeroing `bytes` from `byteOffset`. */
  zero(mem: OpenClMem, byteOffset: number, bytes: number): void;
  /** Enqueues a device-side copy. */
  copy(source: OpenClMem, target: OpenClMem, sourceOffset: number, targetOffset: number, bytes: number): void;
  /** Waits for queued work and reads into `target`; returns `target`. */
  readSync<T extends ArrayBufferView>(mem: OpenClMem, byteOffset: number, target: T): T;
  /** Reads `bytes` into a new ArrayBuffer once queued work is done, without blocking the JS thread. */
  read(mem: OpenClMem, byteOffset: number, bytes: number): Promise<ArrayBuffer>;
  /**
   * Sets the kernel's arguments and enqueues it. `types` has one letter per argument: `b`
   * buffer, `i` int32, `u` uint32, `f` float, `l` local memory of that many bytes. `local`
   * null lets the runtime choose the work-group size.
   */
  run(
    kernel: OpenClKernel,
    types: string,
    args: readonly OpenClKernelArg[],
    global: readonly number[],
    local: readonly number[] | null,
  ): void;
  /** Resolves once everything queued so far is done (rejects with a coded error when a command failed). */
  finish(): Promise<void>;
  /** Blocks until everything queued is done. */
  finishSync(): void;
  /** Submits everything queued to the device without waiting for it (clFlush). */
  flush(): void;
  /** Waits for queued work and releases the queue and context; twice is harmless. */
  release(): void;
}

/** `addon.opencl`. */
export interface OpenClBinding {
  /** Loads the ICD loader at `library` (e.g. `libOpenCL.so.1`); never throws. */
  load(library: string): { readonly ok: true } | { readonly ok: false; readonly reason: string };
  /** Every device of every platform. */
  devices(library: string): OpenClDeviceDescription[];
  /** Opens a context and queue on one device. */
  Context: new (library: string, platformIndex: number, deviceIndex: number) => OpenClContextHandle;
}
