import type { CapabilityName } from '../capabilities/names.js';
import { checkKernels } from '../kernels/kernel.js';
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
 * Defines a plugin. The capabilities it provides are the keys of `providers` and the
 * capabilities of its `kernels`. Each provider is a tsyringe provider (`{ useClass }`,
 * `{ useFactory }` or `{ useValue }`) that the framework resolves in the plugin's own child
 * container; each kernel (see `defineKernel`) implements one compute operation. A provider
 * may implement only some operations of a capability: the others go to the next provider.
 *
 * @example
 * export default definePlugin({
 *   name: 'acme-crypto', version: '1.0.0',
 *   providers: { kem: { useClass: AcmeKem } },
 * });
 */
export function definePlugin(definition: PluginDefinition): KnhkPlugin {
  const kernels = checkKernels(String(definition.name), definition.kernels ?? []);
  const capabilities = [
    ...new Set([...Object.keys(definition.providers ?? {}), ...kernels.map((k) => k.capability)]),
  ] as CapabilityName[];
  const { kernels: _kernels, errors, ...fields } = definition;
  const manifest = validateManifest(
    { ...fields, capabilities, kernelList: kernels, errors: errors?.codes ?? [] },
    DEFAULT_API_RANGE,
  );
  const plugin: KnhkPlugin = Object.freeze({
    manifest,
    providers: Object.freeze({ ...definition.providers }),
    kernels,
    detect: definition.detect ?? alwaysAvailable,
    register: definition.register,
    init: definition.init,
    dispose: definition.dispose,
    workloads: definition.workloads === undefined ? undefined : Object.freeze([...definition.workloads]),
    ...(errors !== undefined ? { errors } : {}),
  });
  return checkPlugin(plugin, DEFAULT_API_RANGE);
}

/** Defines a hardware backend: a plugin of kind `backend`, whose `detect()` is required. */
export function defineBackend(definition: PluginDefinition & { readonly detect: KnhkPlugin['detect'] }): KnhkPlugin {
  return definePlugin({ ...definition, kind: 'backend' });
}
