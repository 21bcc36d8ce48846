/**
 * The shape of the N-API addon (build/Release/knhk_native.node). Every function checks its
 * arguments and throws an Error whose `code` is `KNHK_E_ARG_TYPE` or `KNHK_E_ARG_LENGTH`.
 */

import type { CudaBinding } from './cuda/cuda-addon-types.js';
import type { OpenClBinding } from './opencl/opencl-addon-types.js';

/** The native instruction sets: `scalar` always, `avx2` and `avx512` on x86, `neon` on aarch64. */
export type NativeIsa = 'scalar' | 'avx2' | 'avx512' | 'neon';

/** A compiled pattern set inside the addon (a type-tagged external). */
export interface NativePatternDb {
  readonly __brand: 'knhk-native-pattern-set';
}

/** A streaming scan inside the addon (a type-tagged external). */
export interface NativePatternStreamHandle {
  readonly __brand: 'knhk-native-pattern-stream';
}

/** How a compiled set is scanned: Teddy prefilter, hashed-prefix prefilter, or Aho-Corasick. */
export type NativePatternStrategy = 'empty' | 'teddy' | 'prefix-hash' | 'aho-corasick';

/** Matches as parallel arrays, sorted by end offset, then pattern id. */
export interface NativeMatchList {
  readonly count: number;
  readonly ids: Uint32Array;
  readonly ends: Float64Array;
}

/**
 * The id of a live block of {@link NativeAddon.allocateMemory} in this thread
 * ({@link NativeAddon.memoryId}): dot and the reductions take one in place of a Float32Array
 * over the whole block, which spares the N-API boundary inspecting a typed array (most of a
 * short call's cost). An id of a released block, or of another thread, is
 * `KNHK_E_BUFFER_RELEASED`.
 */
export type MemoryId = number;

/** A dense f32 operand: a Float32Array, or a whole block of device memory by its id. */
export type F32Operand = Float32Array | MemoryId;

/** The kernels of one instruction set, over dense Float32Arrays of one length. */
export interface NativeKernels {
  /** The instruction set these kernels use. */
  readonly isa: NativeIsa;
  /** out[i] = a[i] + b[i]; returns `out`, which may alias `a` or `b` element for element. */
  add(a: Float32Array, b: Float32Array, out: Float32Array): Float32Array;
  /** out[i] = a[i] - b[i] */
  sub(a: Float32Array, b: Float32Array, out: Float32Array): Float32Array;
  /** out[i] = a[i] * b[i] */
  mul(a: Float32Array, b: Float32Array, out: Float32Array): Float32Array;
  /** out[i] = a[i] / b[i] */
  div(a: Float32Array, b: Float32Array, out: Float32Array): Float32Array;
  /** out[i] = a[i] * b[i] + c[i], rounded once. */
  fma(a: Float32Array, b: Float32Array, c: Float32Array, out: Float32Array): Float32Array;
  /**
   * Sum of a[i] * b[i]: f32 SIMD accumulators, reduced horizontally in double. `a` and `b`
   * may each be a {@link MemoryId} instead of a Float32Array.
   */
  dot(a: F32Operand, b: F32Operand): number;
  /**
   * out[i] = (a[i] op b[i]) ? 1 : 0 (b a number: the same number, rounded to f32, for every
   * i); op is the index of lt, le, gt, ge, eq, ne. NaN compares false, except with ne. `out`
   * must not share memory with `a` or `b` (`KNHK_E_ARG_INVALID`). Returns `out`.
   */
  compare(a: Float32Array, b: Float32Array | number, out: Uint8Array, op: number): Uint8Array;
  /** Sum of x (accumulated in double); 0 when empty. Like min, max and argmax, x may be a {@link MemoryId}. */
  sum(x: F32Operand): number;
  /** Smallest element; NaN when any is NaN. Throws `KNHK_E_ARG_LENGTH` when empty. */
  min(x: F32Operand): number;
  /** Largest element; NaN when any is NaN. Throws `KNHK_E_ARG_LENGTH` when empty. */
  max(x: F32Operand): number;
  /** Index of the first NaN, else of the first largest element. Throws `KNHK_E_ARG_LENGTH` when empty. */
  argmax(x: F32Operand): number;
  /**
   * C = alpha * op(A) * op(B) + beta * C in place (row-major, BLAS rules: beta 0 does not
   * read C; alpha 0 or k 0 does not read A and B); returns `c`. Packed, cache-blocked, on
   * the thread pool for large sizes. A or B sharing memory with C is `KNHK_E_ARG_INVALID`.
   */
  sgemm(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    n: number,
    k: number,
    alpha: number,
    beta: number,
    transA: boolean,
    transB: boolean,
    lda: number,
    ldb: number,
    ldc: number,
    aOffset: number,
    bOffset: number,
    cOffset: number,
  ): Float32Array;
  /**
   * Runs the ISA's independent FMA chains `iterations` times on this thread, or on `threads`
   * threads of the pool at once (1 to {@link NativeAddon.threads}): time it for the peak.
   */
  fmaPeak(iterations: number, threads?: number): number;
  /** Floating-point operations of one iteration of {@link fmaPeak}. */
  readonly fmaPeakFlopsPerIteration: number;
  /**
   * Compiles non-empty byte patterns (`KNHK_E_ARG_INVALID` for an empty one). The set scans
   * with this ISA's Teddy kernel when it is small enough.
   */
  compilePatterns(patterns: readonly Uint8Array[]): NativePatternDb;
  /** The strategy the set was compiled to. */
  patternStrategy(set: NativePatternDb): NativePatternStrategy;
  /** Every match in `data`; `KNHK_E_BUFFER_RELEASED` once the set is released. */
  patternScan(set: NativePatternDb, data: Uint8Array): NativeMatchList;
  /** Frees the set's memory (streams over it fail from then on); again is harmless. */
  patternRelease(set: NativePatternDb): void;
  /** A stream over the set. */
  patternOpenStream(set: NativePatternDb): NativePatternStreamHandle;
  /** The matches that end inside `chunk`, offsets counted from the start of the stream. */
  patternStreamWrite(stream: NativePatternStreamHandle, chunk: Uint8Array): NativeMatchList;
  /** Frees the stream; writing afterwards is `KNHK_E_BUFFER_RELEASED`. */
  patternStreamClose(stream: NativePatternStreamHandle): void;
}

/** What cpuid and xgetbv report. */
export interface NativeFeatures {
  readonly avx2: boolean;
  readonly fma: boolean;
  readonly avx512f: boolean;
  readonly avx512bw: boolean;
  readonly avx512vl: boolean;
  readonly avx512dq: boolean;
  /** The OS saves YMM state (XCR0 bits 1-2). */
  readonly osYmm: boolean;
  /** The OS saves opmask and ZMM state (XCR0 bits 5-7). */
  readonly osZmm: boolean;
  /** AArch64 ASIMD (NEON), from the auxiliary vector's HWCAP_ASIMD; false on other machines. */
  readonly neon: boolean;
}

/** The addon's exports. */
export interface NativeAddon {
  /** CPU flags and OS register-state support. */
  features(): NativeFeatures;
  /** ISAs compiled in and supported by this CPU and OS. */
  supportedIsas(): NativeIsa[];
  /** ISAs compiled into this build. */
  compiledIsas(): NativeIsa[];
  /** The best supported ISA among `allowed`, falling through to `scalar`. */
  choose(allowed: readonly string[]): NativeIsa;
  /** The kernels of one ISA; throws `KNHK_E_PLUGIN_UNAVAILABLE` when the CPU or OS lacks it. */
  kernels(isa: string): NativeKernels;
  /** The OpenCL binding (the ICD loader is loaded at run time, on first use). */
  readonly opencl: OpenClBinding;
  /** The CUDA driver API (libcuda.so.1 loaded at run time); see cuda/cuda-addon-types.ts. */
  readonly cuda: CudaBinding;
  /** Threads of the process-wide pool that large operations use (the caller included). */
  threads(): number;
  /** Resizes the pool: 1 to 256 threads, else `KNHK_E_ARG_RANGE`. */
  setThreads(threads: number): void;
  /** A zero-filled, 64-byte aligned ArrayBuffer of `bytes` bytes of memory the addon owns. */
  allocateMemory(bytes: number): ArrayBuffer;
  /** Detaches an ArrayBuffer from {@link allocateMemory}: its views become empty and the memory is freed. */
  releaseMemory(memory: ArrayBuffer): void;
  /**
   * The {@link MemoryId} of a live block of {@link allocateMemory} in this thread. The id of
   * a released block never names another one.
   */
  memoryId(memory: ArrayBuffer): number;
  /** Benchmark-only peer: '' when libopenblas.so.0 was opened (dlopen) and set to one thread, else why not. */
  openblasStatus(): string;
  /** Benchmark-only peer: C = A * B by OpenBLAS on one thread (dense row-major m x k times k x n); returns `c`. */
  openblasSgemm(a: Float32Array, b: Float32Array, c: Float32Array, m: number, n: number, k: number): Float32Array;
  /** Set only in the test-only emulation build (native/emulation): what is emulated. */
  readonly emulation?: string;
}
