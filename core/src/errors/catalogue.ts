/**
 * Core's catalogue of knhk error codes: the framework's, the backends' and the command line's.
 * Each plugin module declares its own codes in a catalogue of its own
 * (`defineErrorCatalogue`, given to `definePlugin({ errors })`): the crypto, marketplace and
 * consensus plugins do.
 *
 * Every error knhk throws on purpose carries a code of some catalogue. Each entry says what
 * went wrong (`summary`) and what the user should do about it (`remedy`); `docs/errors.md`
 * lists the codes of every catalogue, and a test (`cli/test/error-catalogues.test.ts`) keeps
 * them in step.
 *
 * Codes are `KNHK_E_<AREA>_<PROBLEM>`. Codes in the `ARG` and `BUFFER` areas are caller
 * errors: the framework never falls back to another provider because of them.
 */
export const ERROR_CATALOGUE = {
  // Arguments
  KNHK_E_ARG_TYPE: {
    summary: 'An argument has the wrong type.',
    remedy: 'Pass the type named in the message (for example a Float32Array, not a plain array).',
  },
  KNHK_E_ARG_LENGTH: {
    summary: 'Array lengths do not match, or an array is too short for the requested length.',
    remedy: 'Make the arrays the same length, or pass an explicit length that fits all of them.',
  },
  KNHK_E_ARG_SHAPE: {
    summary: 'Matrix or layer dimensions are inconsistent.',
    remedy: 'Check m, n, k, the leading dimensions and the layer sizes against the array lengths.',
  },
  KNHK_E_ARG_RANGE: {
    summary: 'An offset, stride, count or option is out of its allowed range.',
    remedy: 'Use a non-negative integer offset and a positive stride that stay inside the array.',
  },
  KNHK_E_ARG_INVALID: {
    summary: 'An argument has an invalid value.',
    remedy: 'Read the message for the allowed values and pass one of them.',
  },
  // Buffers and handles
  KNHK_E_BUFFER_RELEASED: {
    summary: 'A buffer, model or pattern set was used after it was released.',
    remedy: 'Allocate (or compile, or create) a new one; released handles cannot be reused.',
  },
  KNHK_E_BUFFER_FOREIGN: {
    summary: 'A buffer or handle belongs to another provider than the one called.',
    remedy:
      'Call the provider that created it, or copy the data out with memory.copyFromDevice() and into a buffer of the other provider.',
  },
  KNHK_E_BUFFER_TOO_LARGE: {
    summary: 'A buffer could not be allocated: it is larger than the memory the provider can get.',
    remedy:
      'Allocate fewer elements (process the data in parts), free buffers you no longer need, and check memory.info() for what is free.',
  },
  // Capabilities and providers
  KNHK_E_CAPABILITY_UNKNOWN: {
    summary: 'The capability name is not one knhk defines.',
    remedy: 'Use one of the names in CAPABILITY_NAMES (vector, matmul, reduce, pattern, mlp, memory, ...).',
  },
  KNHK_E_CAPABILITY_MISSING: {
    summary: 'No available provider offers the requested capability.',
    remedy: 'Run `npx knhk detect` to see why providers are unavailable, then install or enable one that offers it.',
  },
  KNHK_E_PROVIDER_FAILED: {
    summary: 'A provider failed while running an operation and no fallback could complete it.',
    remedy: 'Read the recorded reasons (framework.fallbacks()); fix the failing provider or unpin it.',
  },
  KNHK_E_CALL_UNSUPPORTED: {
    summary: 'The provider that must run this call registers the operation but declines this particular call.',
    remedy:
      'Read the reason in the message (for example strided operands); change the call, move the data to host arrays, or unpin so that another provider can take it.',
  },
  KNHK_E_STRICT_NO_FALLBACK: {
    summary: 'Strict mode: the selected provider failed and the framework is not allowed to fall back.',
    remedy: 'Fix the provider named in the message, pin another one, or create the framework with strict: false.',
  },
  // Plugins
  KNHK_E_PLUGIN_MANIFEST_INVALID: {
    summary: 'A plugin manifest is missing a field or has an invalid one.',
    remedy: 'Define the plugin with definePlugin()/defineBackend() and fix the field named in the message.',
  },
  KNHK_E_PLUGIN_API_VERSION: {
    summary: "A plugin's apiVersion range does not include this core's API version.",
    remedy: 'Install a plugin release built for this core, or a core whose API version the plugin accepts.',
  },
  KNHK_E_PLUGIN_DUPLICATE: {
    summary: 'Two plugins have the same name.',
    remedy: 'Remove one of them; plugin names must be unique within a framework.',
  },
  KNHK_E_PLUGIN_LOAD_FAILED: {
    summary: "A plugin's module could not be imported or does not export a plugin.",
    remedy: "Check the plugin's entry path and that its default export is the result of definePlugin().",
  },
  KNHK_E_PLUGIN_DETECT_FAILED: {
    summary: "A plugin's detect() threw.",
    remedy: 'The plugin is isolated and reported unavailable; report the message to its author.',
  },
  KNHK_E_PLUGIN_INIT_FAILED: {
    summary: "A plugin's init() or provider construction threw.",
    remedy: 'The plugin is isolated; report the message to its author, or pin another provider.',
  },
  KNHK_E_PLUGIN_TIMEOUT: {
    summary: 'A plugin did not finish detect(), init() or dispose() within its time limit.',
    remedy: 'The plugin is isolated; raise timeouts in the framework options if it is merely slow.',
  },
  KNHK_E_PLUGIN_NOT_FOUND: {
    summary: 'No plugin with that name is registered.',
    remedy: 'Run `npx knhk plugins` for the registered names.',
  },
  KNHK_E_PLUGIN_UNAVAILABLE: {
    summary: 'The plugin is registered but not available on this machine.',
    remedy: 'The message gives the reason from its detect(); fix that, or pin an available provider.',
  },
  KNHK_E_PLUGIN_REQUIREMENT_MISSING: {
    summary: 'A plugin requires a capability (manifest `requires`) that no plugin of the framework provides.',
    remedy:
      'Install the plugin the message names (for signature, @knhk/plugin-crypto), or remove the plugin that requires it.',
  },
  KNHK_E_PLUGIN_REQUIREMENT_CYCLE: {
    summary: 'Plugins require capabilities of each other in a cycle, so none of them can start first.',
    remedy:
      'Break the cycle the message names: make one of the requirements optional, or move the shared part into its own plugin.',
  },
  KNHK_E_PLUGIN_REQUIREMENT_FAILED: {
    summary: 'A plugin requires a capability whose every provider is unavailable or failed, so it was not started.',
    remedy:
      'Fix the provider named in the message (its own reason is quoted), then the plugin that requires it starts too.',
  },
  // Kernels
  KNHK_E_KERNEL_INVALID: {
    summary:
      'A kernel registration is invalid: unknown capability or operation, a missing function, or an operation registered twice.',
    remedy:
      'Define each kernel with defineKernel() and register every capability.operation once; the message names the field.',
  },
  // Framework
  KNHK_E_CONFIG_INVALID: {
    summary: 'A framework option is invalid.',
    remedy: 'Fix the option named in the message; see createFramework() in the README.',
  },
  KNHK_E_FRAMEWORK_DISPOSED: {
    summary: 'The framework was used after dispose().',
    remedy: 'Create a new framework with createFramework().',
  },
  // Selection
  KNHK_E_WISDOM_INVALID: {
    summary: 'A wisdom file could not be read or is not knhk wisdom.',
    remedy:
      'Run `npx knhk wisdom clear` and measure again with `npx knhk select`, or import a file written by `knhk wisdom export`.',
  },
  // OpenCL (native/src/opencl, backends/opencl): add KNHK_E_OPENCL_* codes below this line.
  KNHK_E_OPENCL_BUILD: {
    summary:
      "An OpenCL C program did not compile for the device (the error's `log` holds the compiler's log), or the device rejected a cached program binary.",
    remedy:
      'Read the compiler log in the message; for a cached binary, clear the OpenCL program cache (`~/.cache/knhk/opencl`, or the `cacheDir` option) so the program is built from source again.',
  },
  KNHK_E_OPENCL_OUT_OF_RESOURCES: {
    summary:
      "The OpenCL device or its driver ran out of memory or resources (CL_OUT_OF_RESOURCES, CL_MEM_OBJECT_ALLOCATION_FAILURE, CL_OUT_OF_HOST_MEMORY, a buffer larger than the device allows), or the opencl backend's `maxBufferBytes` budget is spent.",
    remedy:
      'Free buffers you no longer need, use smaller sizes, or raise `maxBufferBytes`; the framework falls back to the next provider for calls it routes.',
  },
  KNHK_E_OPENCL_CALL: {
    summary:
      "An OpenCL call failed at run time; the message names the call and the OpenCL status (the error's `clError`).",
    remedy:
      "The framework falls back to the next provider and records the reason (framework.fallbacks()); check the device's driver with `clinfo`, and report the message if it persists.",
  },
  KNHK_E_OPENCL_DEVICE_MISMATCH: {
    summary:
      'One opencl call was given buffers on two different OpenCL devices (opened together with the `devices` option); a call runs on the one device that holds its buffers.',
    remedy:
      'Allocate every buffer of the call on the same device (`memory.on(deviceId).allocate()`), or move one: `memory.copyFromDevice()` it and `copyToDevice()` into a buffer on the other device; host arrays can be mixed with buffers of any one device.',
  },
  // CUDA (native/src/cuda, backends/cuda): add KNHK_E_CUDA_* codes below this line.
  KNHK_E_CUDA_MODULE: {
    summary:
      "A CUDA kernel image could not be loaded: a file that is not an nvcc fatbin, or PTX or a cubin the driver rejected (the error's `log` holds the driver's JIT error log).",
    remedy:
      'Read the JIT log in the message; rebuild the fatbins with `npm run build:kernels -w @knhk/backend-cuda`, or regenerate the shipped PTX with `npm run generate:ptx -w @knhk/backend-cuda`; a driver older than the PTX needs must be updated.',
  },
  KNHK_E_CUDA_OUT_OF_RESOURCES: {
    summary:
      'The CUDA device or the driver ran out of memory or resources (CUDA_ERROR_OUT_OF_MEMORY, CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES).',
    remedy:
      'Free device buffers you no longer need or use smaller sizes; the framework falls back to the next provider for calls it routes.',
  },
  KNHK_E_CUDA_CALL: {
    summary:
      "A CUDA driver API call failed at run time; the message names the call and the CUresult (the error's `cuError`, and its name).",
    remedy:
      'The framework falls back to the next provider and records the reason (framework.fallbacks()); check the driver with `nvidia-smi`, and report the message if it persists.',
  },
  // Command line and scaffolding
  KNHK_E_CLI_USAGE: {
    summary: 'The knhk command was called with unknown or missing arguments.',
    remedy: 'Run `npx knhk help` for the commands and their options.',
  },
  KNHK_E_CLI_FAILED: {
    summary:
      'A knhk command failed with an error that carries no knhk code: a system error (a file that cannot be read or written) or a bug.',
    remedy:
      'The message names what failed: fix that (a path, a permission); if it looks like a bug, report the message with the command you ran.',
  },
  KNHK_E_SCAFFOLD_TARGET: {
    summary: 'The folder for a new plugin exists and is not empty.',
    remedy: 'Pick a new folder name, or empty the folder first.',
  },
} as const satisfies Record<string, ErrorEntry>;

/** What a catalogue says about one code. */
export interface ErrorEntry {
  /** What went wrong. */
  readonly summary: string;
  /** What the user should do about it. */
  readonly remedy: string;
}

/** Every code of core's catalogue. */
export type KnhkErrorCode = keyof typeof ERROR_CATALOGUE;

/** A code of any catalogue, core's or a plugin's (each plugin also exports its own typed union). */
export type AnyErrorCode = `KNHK_E_${string}`;

/** All codes of core's catalogue, in catalogue order. */
export const ERROR_CODES = Object.freeze(Object.keys(ERROR_CATALOGUE) as KnhkErrorCode[]);
