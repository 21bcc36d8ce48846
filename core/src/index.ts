/**
 * @knhk/core: capability interfaces with their injection tokens, the plugin model, the
 * framework (discovery, lifecycle, selection, dispatch with recorded fallback) and the
 * error catalogue.
 */
import './di.js';

export * from './errors/catalogue.js';
export * from './errors/knhk-error.js';
export * from './errors/registry.js';
export * from './errors/define-catalogue.js';

export * from './capabilities/handles.js';
export * from './capabilities/vector.js';
export * from './capabilities/reduce.js';
export * from './capabilities/matmul.js';
export * from './capabilities/pattern.js';
export * from './capabilities/mlp.js';
export * from './capabilities/memory.js';
export * from './capabilities/modules.js';
export * from './capabilities/names.js';
export * from './capabilities/validate.js';
export * from './capabilities/validate-mlp.js';
export * from './capabilities/validate-pattern.js';

export * from './plugin/api-version.js';
export * from './plugin/manifest.js';
export * from './plugin/define.js';
export * from './kernels/kernel.js';
export * from './kernels/calls.js';

export * from './framework/logger.js';
export { container, inject, injectable, singleton, Lifecycle } from './di.js';
export type { DependencyContainer, InjectionToken } from './di.js';
export * from './plugin/timeout.js';
export * from './plugin/instance.js';
export * from './plugin/discovery.js';
export * from './plugin/loader.js';
export * from './plugin/known-backends.js';
export * from './plugin/capability-packages.js';
export * from './plugin/requirements.js';
export * from './selection/policy.js';
export * from './framework/options.js';
export * from './framework/reports.js';
export * from './framework/operations.js';
export * from './framework/framework.js';
export { probeDetect } from './plugin/detect-probe.js';
export * from './random/seeded-random.js';
export * from './selection/machine.js';
export * from './selection/measure.js';
export * from './selection/tuner.js';
export * from './selection/wisdom.js';
export * from './selection/measured-policy.js';
export * from './selection/crossover.js';
export * from './selection/median-interval.js';
export * from './selection/workloads/index.js';
export * from './framework/tuning.js';
