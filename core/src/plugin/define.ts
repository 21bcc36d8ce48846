import type { CapabilityName } from '../capabilities/names.js';
import { KNHK_API_VERSION } from './api-version.js';
import {
  type DetectResult,
  type KnhkPlugin,
  type PluginDefinition,
  checkPlugin,
  validateManifest,
} from './manifest.js';

const DEFAULT_API_RANGE = `^${KNHK_API_VERSION}`;

function alwaysAvailable(): DetectResult {
  return { available: true, reason: 'no hardware requirement', devices: [] };
}

/**
 * Defines a plugin. The capabilities it provides are the keys of `providers`; each value is
 * a tsyringe provider (`{ useClass }`, `{ useFactory }` or `{ useValue }`) that the
 * framework resolves in the plugin's own child container.
 *
 * @example
 * export default definePlugin({
 *   name: 'acme-crypto', version: '1.0.0',
 *   providers: { kem: { useClass: AcmeKem } },
 * });
 */
export function definePlugin(definition: PluginDefinition): KnhkPlugin {
  const capabilities = Object.keys(definition.providers ?? {}) as CapabilityName[];
  const manifest = validateManifest({ ...definition, capabilities }, DEFAULT_API_RANGE);
  const plugin: KnhkPlugin = Object.freeze({
    manifest,
    providers: Object.freeze({ ...definition.providers }),
    detect: definition.detect ?? alwaysAvailable,
    register: definition.register,
    init: definition.init,
    dispose: definition.dispose,
    workloads: definition.workloads === undefined ? undefined : Object.freeze([...definition.workloads]),
  });
  return checkPlugin(plugin, DEFAULT_API_RANGE);
}

/** Defines a hardware backend: a plugin of kind `backend`, whose `detect()` is required. */
export function defineBackend(definition: PluginDefinition & { readonly detect: KnhkPlugin['detect'] }): KnhkPlugin {
  return definePlugin({ ...definition, kind: 'backend' });
}
