/**
 * The version of the plugin API this core implements. Plugins declare a semver range
 * (`apiVersion`) that must include it. It changes major when a capability interface or the
 * plugin contract changes incompatibly.
 */
export const KNHK_API_VERSION = '1.0.0';
