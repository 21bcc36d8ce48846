/**
 * The one catalogue of knhk error codes.
 *
 * Every error knhk throws on purpose carries one of these codes. Each entry says what
 * went wrong (`summary`) and what the user should do about it (`remedy`); `docs/errors.md`
 * lists the same codes, and a test keeps the two in step.
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
  // Crypto (plugins/crypto): add KNHK_E_CRYPTO_* codes below this line.
  // Marketplace (plugins/marketplace): add KNHK_E_LICENSE_*, KNHK_E_METER_*, KNHK_E_BILLING_* codes below this line.
  // Command line and scaffolding
  KNHK_E_CLI_USAGE: {
    summary: 'The knhk command was called with unknown or missing arguments.',
    remedy: 'Run `npx knhk help` for the commands and their options.',
  },
  KNHK_E_SCAFFOLD_TARGET: {
    summary: 'The folder for a new plugin exists and is not empty.',
    remedy: 'Pick a new folder name, or empty the folder first.',
  },
} as const satisfies Record<string, { summary: string; remedy: string }>;

/** Every knhk error code. */
export type KnhkErrorCode = keyof typeof ERROR_CATALOGUE;

/** All codes, in catalogue order. */
export const ERROR_CODES = Object.freeze(Object.keys(ERROR_CATALOGUE) as KnhkErrorCode[]);
