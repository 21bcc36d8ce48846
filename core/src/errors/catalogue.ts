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
  // Crypto (plugins/crypto): add KNHK_E_CRYPTO_* codes below this line.
  KNHK_E_CRYPTO_ALGORITHM_UNKNOWN: {
    summary: 'The crypto provider does not offer the algorithm named.',
    remedy:
      'Use one of the algorithm names listed in the message (for example ML-KEM-768, ML-DSA-65, Ed25519, X-Wing, MLDSA65-Ed25519-SHA512).',
  },
  KNHK_E_CRYPTO_CONTEXT_LENGTH: {
    summary: 'A signature context string is longer than 255 bytes.',
    remedy: 'Pass a context of at most 255 bytes (FIPS 204 limits it to 255), or none.',
  },
  KNHK_E_CRYPTO_KEY_INVALID: {
    summary:
      'An ML-KEM key fails the input check of FIPS 203 section 7: an encapsulation key with a coefficient not below q, or a decapsulation key whose embedded hash does not match its encapsulation key.',
    remedy:
      'Use the key exactly as keygen produced it; a key that fails the check was damaged or was not made by ML-KEM.',
  },
  KNHK_E_CRYPTO_VECTORS_INVALID: {
    summary: 'A test vector directory or file could not be read, or is not an ACVP vector set.',
    remedy:
      'Point --vectors (or KNHK_VECTORS) at a directory of ACVP vector sets, each a folder with prompt.json and expectedResults.json (gzipped or not).',
  },
  // Marketplace (plugins/marketplace): add KNHK_E_LICENSE_*, KNHK_E_METER_*, KNHK_E_BILLING_* codes below this line.
  KNHK_E_LICENSE_MALFORMED: {
    summary: 'A license key, license file or revocation list is truncated, badly encoded or not a knhk license.',
    remedy:
      'Paste the whole key (it starts with knhk-lic1.) or pass the license file exactly as it was issued; ask the vendor for a new one if it was damaged.',
  },
  KNHK_E_LICENSE_INVALID: {
    summary: 'The license is not valid now: its signature does not verify, or it is expired, not yet valid or revoked.',
    remedy:
      "Read the status and reason in the message; renew or reissue the license, or check that the public key is the vendor's.",
  },
  KNHK_E_LICENSE_FEATURE: {
    summary: 'The license does not include the feature that was used.',
    remedy: 'Use a feature the license lists, or issue a license that includes it.',
  },
  KNHK_E_LICENSE_QUOTA: {
    summary: "The usage would exceed the license's limit for the feature in this period.",
    remedy:
      'Wait for the next period, or issue a license with a higher limit; in Warn or Permissive mode the usage is recorded anyway.',
  },
  KNHK_E_LICENSE_KEY: {
    summary: 'A signing or public key is missing, unreadable or of the wrong length or algorithm.',
    remedy:
      'Pass the key file written by `knhk market license issue` (--key-file), or delete it to have a new key pair generated.',
  },
  KNHK_E_LICENSE_REVOCATION_LIST: {
    summary: "A revocation list's signature does not verify, or it is older than the list already loaded.",
    remedy: "Load the newest revocation list signed with the vendor's key.",
  },
  KNHK_E_LICENSE_ALGORITHM_UNAVAILABLE: {
    summary:
      'The composite ML-DSA-65+Ed25519 license algorithm was asked for, but no provider of the signature capability that offers it was given (no crypto plugin such as @knhk/plugin-crypto is installed).',
    remedy:
      'Install @knhk/plugin-crypto next to @knhk/plugin-marketplace (a framework then hands its signature capability to the marketplace), pass options.signature when calling the library, or issue and verify Ed25519 licenses (--algorithm ed25519).',
  },
  KNHK_E_METER_EVENT_INVALID: {
    summary:
      'A usage event has a missing or bad field: id, customer, meter name, quantity (a non-negative decimal) or timestamp.',
    remedy: 'Fix the field named in the message; no event of the batch was recorded.',
  },
  KNHK_E_METER_BATCH_LIMIT: {
    summary: 'A batch holds more usage events than one ingestion call accepts.',
    remedy: 'Split the batch into batches of at most the limit named in the message.',
  },
  KNHK_E_METER_RATE_LIMITED: {
    summary: 'The customer sent events for this meter faster than its rate limit allows.',
    remedy: "Retry after the time named in the message, or raise the meter's rate limit.",
  },
  KNHK_E_METER_TOTAL_OVERFLOW: {
    summary: "A meter's total for one customer and period is beyond what the store sums exactly (2^63-1 micro-units).",
    remedy:
      'Bill that meter over shorter periods or in larger units; totals above 9.2 x 10^12 units are not supported.',
  },
  KNHK_E_BILLING_CUSTOMER_UNKNOWN: {
    summary: 'No billing account exists for the customer id.',
    remedy:
      'Create the account first (for example `knhk market usage record --plan starter ...`), or check the customer id.',
  },
  KNHK_E_BILLING_PLAN_INVALID: {
    summary:
      'A plan or price book is unknown or inconsistent (tiers not ascending, negative prices, no open last tier).',
    remedy:
      'Use free, starter, professional or a price book whose tiers have increasing upper bounds and end with an unbounded tier.',
  },
  KNHK_E_BILLING_PERIOD_INVALID: {
    summary: 'The billing period is malformed, in the future or not yet over.',
    remedy: 'Pass a past month as YYYY-MM; a month is invoiced once it has ended.',
  },
  KNHK_E_BILLING_INVOICE_NOT_FOUND: {
    summary: 'No invoice exists with that id, or for that customer and period.',
    remedy: "List the customer's invoices, or generate the invoice for the period first.",
  },
  KNHK_E_BILLING_INVOICE_STATE: {
    summary:
      'The invoice is not in a state that allows the change (for example paying a draft or cancelling a paid invoice).',
    remedy:
      'Follow the lifecycle Draft -> Issued -> Paid / Overdue / Cancelled; issue a draft before applying payments, credit a paid invoice instead of cancelling it.',
  },
  KNHK_E_BILLING_AMOUNT_INVALID: {
    summary: 'A payment or credit amount is malformed, not positive, or more than the invoice allows.',
    remedy:
      "Pass a positive amount in the invoice's currency with at most the currency's decimals, no more than the amount due or creditable.",
  },
  KNHK_E_STORE_OPEN: {
    summary: 'The marketplace database could not be opened or created.',
    remedy:
      'Check the path (--db or KNHK_MARKET_DB), that its folder is writable, and that no other program holds it locked.',
  },
  KNHK_E_STORE_SCHEMA: {
    summary: 'The marketplace database has a schema version this knhk does not know, or a migration failed.',
    remedy:
      'Upgrade knhk to the version that wrote the database, or restore it from a backup; the failed migration was rolled back.',
  },
  // Consensus
  KNHK_E_CONSENSUS_CONFIG: {
    summary: 'A consensus configuration value is missing, of the wrong type or out of range.',
    remedy:
      'Read the message for the option and its allowed range (ticks and limits are positive integers, the heartbeat shorter than the election timeout, node ids unique and non-empty).',
  },
  KNHK_E_CONSENSUS_NOT_LEADER: {
    summary: 'The request needs the leader, and this node is not the leader (or is handing leadership over).',
    remedy: 'Send the request to the leader named in the status, or retry after the election or the transfer ends.',
  },
  KNHK_E_CONSENSUS_MEMBERSHIP: {
    summary:
      'A membership change was refused: another change is still pending, or the node is already (or not) a member.',
    remedy: 'Wait until the previous change is applied, then add a node that is not a member or remove one that is.',
  },
  KNHK_E_CONSENSUS_OVERLOADED: {
    summary: 'A bounded queue of the consensus node is full (pending reads or uncommitted proposals).',
    remedy:
      'Slow the clients down or retry after earlier requests complete; the bounds are set in the node configuration.',
  },
  KNHK_E_CONSENSUS_WAL_CORRUPT: {
    summary:
      'A record of the write-ahead log, or a snapshot file, fails its checksum or does not decode, and it is not a torn tail a crash could leave.',
    remedy:
      "The node's data directory is damaged (the message names the file and offset): restore it from a backup, or remove the node from the cluster, wipe its directory and add it back so that it catches up from the leader.",
  },
  KNHK_E_CONSENSUS_STORAGE_FULL: {
    summary: 'The disk holding the consensus data directory is full; the write was not persisted.',
    remedy:
      'Free space on that disk or move the data directory to a larger one; what was persisted before is intact and the node can be restarted from it.',
  },
  KNHK_E_CONSENSUS_STORAGE_IO: {
    summary: 'Reading or writing the consensus data directory failed, or the storage was used after close().',
    remedy:
      "Read the message for the file and the system error; fix the directory's permissions or the disk, then restart the node (a closed storage cannot be reused).",
  },
  KNHK_E_CONSENSUS_MESSAGE_MALFORMED: {
    summary:
      'Bytes do not decode as a Raft message: truncated, an unknown type, a field out of range, or trailing bytes.',
    remedy:
      'Decode only bytes made by encodeMessage() of the same wire version; the TCP transport counts such frames and drops them.',
  },
  KNHK_E_CONSENSUS_TRANSPORT_LISTEN: {
    summary: 'The consensus transport could not listen on its address.',
    remedy:
      'Use a host address of this machine and a free port (or 0 for any free port); check that no other node or program already listens there.',
  },
  KNHK_E_CONSENSUS_BAD_REQUEST: {
    summary:
      'A key-value request was refused before it reached the log: an empty or too long key, a value that is not a string or is too large, or a body that is not the expected JSON.',
    remedy:
      'Send a non-empty key of at most 4096 UTF-8 bytes and a string value of at most 256 KiB, as the message says; the request had no effect.',
  },
  KNHK_E_CONSENSUS_OUTCOME_UNKNOWN: {
    summary:
      'A write was proposed, but whether it was committed is not known: it was not applied in time, the node stopped, a snapshot replaced it, or the connection broke after the request was sent.',
    remedy:
      'Read the key to see whether the write took effect before writing again; the client never retries such a write on its own, since applying it twice could undo a later write.',
  },
  KNHK_E_CONSENSUS_TIMEOUT: {
    summary:
      'A read, or a request to a node, did not complete within its time limit (no leader confirmed, or the node did not answer).',
    remedy:
      'Retry (reads have no effect); if it keeps happening, check with `knhk consensus status` that a majority of the nodes is up and a leader is elected.',
  },
  KNHK_E_CONSENSUS_STOPPED: {
    summary:
      'The consensus node is not running: it was not started yet, it is stopping, or it stopped after a storage failure.',
    remedy:
      'Start the node (or restart it from its data directory after fixing the storage problem named in the message) and send the request again.',
  },
  KNHK_E_CONSENSUS_UNREACHABLE: {
    summary:
      "The client could not get an answer from any endpoint of the cluster: connections were refused or broke, or the answers were not the node API's.",
    remedy:
      "Check the --endpoints (http://host:port of each node's client API) and that the nodes are running (`knhk consensus status`).",
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
} as const satisfies Record<string, { summary: string; remedy: string }>;

/** Every knhk error code. */
export type KnhkErrorCode = keyof typeof ERROR_CATALOGUE;

/** All codes, in catalogue order. */
export const ERROR_CODES = Object.freeze(Object.keys(ERROR_CATALOGUE) as KnhkErrorCode[]);
