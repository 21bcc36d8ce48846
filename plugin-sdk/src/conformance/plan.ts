/**
 * The conformance plan (which checks run, built synchronously from the manifest so that mocha
 * can declare one test per check) and the programmatic runner, `checkConformance()`.
 */
import {
  COMPUTE_CAPABILITIES,
  type CapabilityName,
  type ComputeCapability,
  KnhkError,
  type KnhkPlugin,
} from '@knhk/core';
import { fail } from './compare.js';
import { closingChecks, lifecycleChecks } from './lifecycle.js';
import { matmulChecks } from './matmul.js';
import { memoryChecks } from './memory.js';
import { mlpChecks } from './mlp.js';
import { patternChecks } from './pattern.js';
import { reduceChecks } from './reduce.js';
import { ConformanceSession } from './session.js';
import {
  type ConformanceCheck,
  type ConformanceOptions,
  type ConformanceReport,
  type ConformanceResult,
  DEFAULT_CHECK_TIMEOUT_MS,
  DEFAULT_LARGE_SIZE,
  DEFAULT_SEED,
  type ResolvedConformanceOptions,
} from './types.js';
import { vectorChecks } from './vector.js';

/** The checks of one run, in order, with the options they run with. */
export interface ConformancePlan {
  /** The plugin's name. */
  readonly plugin: string;
  readonly options: ResolvedConformanceOptions;
  readonly checks: readonly ConformanceCheck[];
}

function invalidOption(message: string): KnhkError {
  return new KnhkError('KNHK_E_CONFIG_INVALID', `conformance: ${message}`, {});
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const result = value ?? fallback;
  if (!Number.isSafeInteger(result) || result < 1)
    throw invalidOption(`${name} must be a positive integer, got ${String(value)}`);
  return result;
}

function declaredCapabilities(plugin: KnhkPlugin): readonly CapabilityName[] {
  const manifest = (plugin as Partial<KnhkPlugin> | null)?.manifest;
  if (typeof manifest !== 'object' || manifest === null || !Array.isArray(manifest.capabilities)) {
    throw new KnhkError(
      'KNHK_E_PLUGIN_MANIFEST_INVALID',
      'conformance: expected a plugin made with definePlugin() or defineBackend()',
      {},
    );
  }
  return manifest.capabilities;
}

/** Fills in the defaults of the options and checks them; throws `KNHK_E_CONFIG_INVALID`. */
export function resolveOptions(plugin: KnhkPlugin, options: ConformanceOptions = {}): ResolvedConformanceOptions {
  const declared = declaredCapabilities(plugin);
  const compute: readonly string[] = COMPUTE_CAPABILITIES;
  const requested = options.capabilities ?? declared.filter((c): c is ComputeCapability => compute.includes(c));
  for (const c of requested) {
    if (!compute.includes(c))
      throw invalidOption(`capabilities: "${String(c)}" is not a compute capability (${compute.join(', ')})`);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw invalidOption(`seed must be an integer, got ${String(seed)}`);
  return {
    capabilities: COMPUTE_CAPABILITIES.filter((c) => requested.includes(c)),
    seed,
    requireAvailable: options.requireAvailable ?? true,
    largeSize: positiveInteger('largeSize', options.largeSize, DEFAULT_LARGE_SIZE),
    pluginOptions: options.pluginOptions ?? {},
    checkTimeoutMs: positiveInteger('checkTimeoutMs', options.checkTimeoutMs, DEFAULT_CHECK_TIMEOUT_MS),
  };
}

function undeclared(capability: ComputeCapability): ConformanceCheck {
  return {
    id: `${capability}: declared by the plugin`,
    capability,
    requires: 'nothing',
    run: () => fail(`"${capability}" was asked for, but the plugin does not provide it`),
  };
}

function capabilityChecks(capability: ComputeCapability, checked: ReadonlySet<CapabilityName>): ConformanceCheck[] {
  switch (capability) {
    case 'vector':
      return vectorChecks();
    case 'reduce':
      return reduceChecks();
    case 'matmul':
      return matmulChecks();
    case 'pattern':
      return patternChecks();
    case 'mlp':
      return mlpChecks();
    case 'memory':
      return memoryChecks(checked);
  }
}

/**
 * The checks `checkConformance()` runs for this plugin, built synchronously from its manifest:
 * the lifecycle checks, those of each capability, then dispose(). Throws `KNHK_E_CONFIG_INVALID`
 * for bad options.
 */
export function planConformance(plugin: KnhkPlugin, options: ConformanceOptions = {}): ConformancePlan {
  const resolved = resolveOptions(plugin, options);
  const declared = new Set(declaredCapabilities(plugin));
  const checked = new Set<CapabilityName>(resolved.capabilities.filter((c) => declared.has(c)));
  const checks = [
    ...lifecycleChecks(),
    ...resolved.capabilities.flatMap((c) => (declared.has(c) ? capabilityChecks(c, checked) : [undeclared(c)])),
    ...closingChecks(),
  ];
  return { plugin: plugin.manifest.name, options: resolved, checks };
}

/**
 * Checks a plugin against knhk's CPU reference backend: its lifecycle, and every compute
 * capability it declares (or `options.capabilities`) on random and edge-case inputs, bad
 * input and handles. Each check is independent: a failure or a throwing provider fails that
 * check only. Never rejects for a misbehaving plugin; rejects with `KNHK_E_CONFIG_INVALID`
 * for bad options.
 *
 * @example
 * const report = await checkConformance(myPlugin);
 * assert.ok(report.passed, formatFailures(report));
 */
export async function checkConformance(
  plugin: KnhkPlugin,
  options: ConformanceOptions = {},
): Promise<ConformanceReport> {
  const plan = planConformance(plugin, options);
  const session = await ConformanceSession.open(plugin, plan.options);
  try {
    const results: ConformanceResult[] = [];
    for (const check of plan.checks) results.push(await session.run(check));
    return {
      plugin: plan.plugin,
      available: session.available,
      reason: session.subject.reason,
      passed: results.every((r) => r.passed),
      seed: plan.options.seed,
      results,
    };
  } finally {
    await session.close();
  }
}

/** The failed checks of a report, one per line with their messages: for assertion messages. */
export function formatFailures(report: ConformanceReport): string {
  const failed = report.results.filter((r) => !r.passed);
  if (failed.length === 0) return `plugin "${report.plugin}" passed all ${report.results.length} checks`;
  const lines = failed.map((r) => `  ✗ ${r.id}\n      ${r.message ?? ''}`);
  return `plugin "${report.plugin}" failed ${failed.length} of ${report.results.length} checks (seed ${report.seed}):\n${lines.join('\n')}`;
}
