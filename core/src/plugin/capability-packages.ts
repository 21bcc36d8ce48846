import type { CapabilityName } from '../capabilities/names.js';

/**
 * The package of knhk's own that provides each capability, named when a plugin requires a
 * capability no installed plugin provides. Tenancy and deployment have no provider yet.
 */
export const CAPABILITY_PACKAGES: { readonly [C in CapabilityName]?: string } = Object.freeze({
  vector: '@knhk/backend-cpu',
  reduce: '@knhk/backend-cpu',
  matmul: '@knhk/backend-cpu',
  pattern: '@knhk/backend-cpu',
  mlp: '@knhk/backend-cpu',
  memory: '@knhk/backend-cpu',
  kem: '@knhk/plugin-crypto',
  signature: '@knhk/plugin-crypto',
  consensus: '@knhk/plugin-consensus',
  licensing: '@knhk/plugin-marketplace',
  metering: '@knhk/plugin-marketplace',
  billing: '@knhk/plugin-marketplace',
});
