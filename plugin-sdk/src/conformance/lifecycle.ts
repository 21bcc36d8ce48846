/**
 * Lifecycle checks: a sane manifest, a well-formed detect() answer, a start that ends ready,
 * every declared capability resolving to an implementation of the operations it registers,
 * and a clean dispose().
 */
import {
  COMPUTE_CAPABILITIES,
  type CapabilityName,
  type DetectResult,
  type DeviceInfo,
  KNHK_API_VERSION,
  type PluginContext,
  checkApiVersion,
  checkPlugin,
  container,
  silentLogger,
  typeName,
} from '@knhk/core';
import { attempt, attemptAsync, expectKnhkError, expectThat, fail } from './compare.js';
import { RecordingLogger, startSubject } from './session.js';
import type { CheckContext, ConformanceCheck } from './types.js';

/** The methods each compute capability must have. */
export const REQUIRED_METHODS: { readonly [C in CapabilityName]?: readonly string[] } = {
  vector: ['add', 'sub', 'mul', 'div', 'fma', 'dot', 'compare'],
  reduce: ['sum', 'min', 'max', 'argmax'],
  matmul: ['sgemm'],
  pattern: ['compile', 'scan', 'openStream', 'release'],
  mlp: ['createModel', 'getParameters', 'setParameters', 'forward', 'loss', 'trainStep', 'release'],
  memory: ['allocate', 'copyToDevice', 'copyFromDevice', 'free', 'info', 'synchronize'],
};

const DEVICE_TYPES = ['cpu', 'gpu', 'fpga', 'accelerator'];
const COMPUTE: ReadonlySet<string> = new Set(COMPUTE_CAPABILITIES);

const manifestCheck: ConformanceCheck = {
  id: 'lifecycle: manifest fields are sane',
  capability: 'lifecycle',
  requires: 'nothing',
  run(ctx) {
    attempt('checking the plugin (checkPlugin)', () => checkPlugin(ctx.plugin, `^${KNHK_API_VERSION}`));
    const { manifest } = ctx.plugin;
    attempt(`checking apiVersion "${manifest.apiVersion}"`, () => checkApiVersion(manifest.name, manifest.apiVersion));
    const capabilities = manifest.capabilities;
    expectThat(
      new Set(capabilities).size === capabilities.length,
      () => `capabilities are listed twice: [${capabilities.join(', ')}]`,
    );
    const computes = capabilities.filter((c) => COMPUTE.has(c));
    expectThat(
      computes.length === 0 || manifest.kind === 'backend',
      () =>
        `kind is "${manifest.kind}" but it provides compute capabilities (${computes.join(', ')}); define it with defineBackend()`,
    );
    expectThat(typeof manifest.description === 'string', () => 'description must be a string');
    expectThat(typeof manifest.emulation === 'boolean', () => 'emulation must be a boolean');
    expectThat(Object.isFrozen(manifest), () => 'the manifest must be frozen (use definePlugin() or defineBackend())');
  },
};

function checkDevice(device: DeviceInfo, index: number): void {
  const at = `devices[${index}]`;
  expectThat(typeof device === 'object' && device !== null, () => `${at} must be an object, got ${typeName(device)}`);
  expectThat(typeof device.id === 'string' && device.id.length > 0, () => `${at}.id must be a non-empty string`);
  expectThat(typeof device.name === 'string' && device.name.length > 0, () => `${at}.name must be a non-empty string`);
  expectThat(
    DEVICE_TYPES.includes(device.type),
    () => `${at}.type is ${JSON.stringify(device.type)}, expected one of ${DEVICE_TYPES.join(', ')}`,
  );
  const count = device.computeUnits;
  expectThat(
    count === undefined || (Number.isInteger(count) && count > 0),
    () => `${at}.computeUnits must be a positive integer`,
  );
  const bytes = device.memoryBytes;
  expectThat(
    bytes === undefined || (Number.isFinite(bytes) && bytes >= 0),
    () => `${at}.memoryBytes must be a non-negative number`,
  );
  const features = device.features;
  expectThat(
    features === undefined || (Array.isArray(features) && features.every((f) => typeof f === 'string')),
    () => `${at}.features must be an array of strings`,
  );
}

function checkDetectResult(result: DetectResult, isBackend: boolean): void {
  expectThat(
    typeof result === 'object' && result !== null,
    () => `detect() must answer an object, got ${typeName(result)}`,
  );
  expectThat(
    typeof result.available === 'boolean',
    () => `detect().available must be a boolean, got ${typeName(result.available)}`,
  );
  expectThat(
    typeof result.reason === 'string' && result.reason.trim().length > 0,
    () => 'detect().reason must be a non-empty string that tells people why',
  );
  expectThat(Array.isArray(result.devices), () => `detect().devices must be an array, got ${typeName(result.devices)}`);
  result.devices.forEach(checkDevice);
  const ids = result.devices.map((d) => d.id);
  expectThat(new Set(ids).size === ids.length, () => `device ids must be unique: [${ids.join(', ')}]`);
  expectThat(
    !result.available || !isBackend || ids.length > 0,
    () => 'an available backend must list at least one device',
  );
}

const detectCheck: ConformanceCheck = {
  id: 'lifecycle: detect() answers { available, reason, devices }',
  capability: 'lifecycle',
  requires: 'nothing',
  async run(ctx) {
    const context: PluginContext = Object.freeze({
      name: ctx.plugin.manifest.name,
      container: container.createChildContainer(),
      options: Object.freeze({ ...ctx.options.pluginOptions }),
      logger: silentLogger,
      // detect() runs before requirements are handed over (it may run in a probe worker).
      dependencies: Object.freeze({}),
    });
    const result = await attemptAsync('detect()', async () => ctx.plugin.detect(context));
    checkDetectResult(result, ctx.plugin.manifest.kind === 'backend');
  },
};

const startCheck: ConformanceCheck = {
  id: 'lifecycle: starts and reports ready',
  capability: 'lifecycle',
  requires: 'nothing',
  run(ctx) {
    const { status, reason, error } = ctx.subject;
    if (status === 'ready') return;
    if (status === 'unavailable' && !ctx.options.requireAvailable) {
      expectThat(reason.trim().length > 0, () => 'unavailable without a reason');
      return;
    }
    fail(`the plugin is ${status}: ${error?.message ?? reason}`);
  },
};

const resolveCheck: ConformanceCheck = {
  id: 'lifecycle: every declared capability resolves to an implementation of the operations it registers',
  capability: 'lifecycle',
  requires: 'subject',
  run(ctx) {
    for (const capability of ctx.plugin.manifest.capabilities) {
      const provider = ctx.subject.get(capability) as unknown as Record<string, unknown>;
      expectThat(
        typeof provider === 'object' && provider !== null,
        () => `${capability}: the provider is ${typeName(provider)}, expected an object`,
      );
      // A provider may register only some operations (the others go to the next provider), but at least one.
      const methods = REQUIRED_METHODS[capability] ?? [];
      const present = methods.filter((method) => typeof provider[method] === 'function');
      expectThat(
        methods.length === 0 || present.length > 0,
        () => `${capability}: the provider implements none of ${methods.join(', ')}`,
      );
    }
  },
};

async function disposeFresh(ctx: CheckContext): Promise<void> {
  const logger = new RecordingLogger();
  const instance = await startSubject(ctx.plugin, ctx.options, logger);
  const ready = instance.status === 'ready';
  expectThat(
    ready || (instance.status === 'unavailable' && !ctx.options.requireAvailable),
    () => `a second start ended ${instance.status}: ${instance.reason}`,
  );
  await attemptAsync('dispose()', () => instance.dispose());
  expectThat(logger.problems.length === 0, () => `dispose() failed: ${logger.problems.join('; ')}`);
  expectThat(instance.status === 'disposed', () => `status is ${instance.status} after dispose(), expected disposed`);
  if (ready)
    await expectKnhkError(
      'get() after dispose()',
      () => instance.get(instance.manifest.capabilities[0]),
      'KNHK_E_PLUGIN_UNAVAILABLE',
    );
  await attemptAsync('a second dispose()', () => instance.dispose());
}

const disposeCheck: ConformanceCheck = {
  id: 'lifecycle: dispose() completes',
  capability: 'lifecycle',
  requires: 'nothing',
  run: disposeFresh,
};

/** The lifecycle checks that run before the capability checks. */
export function lifecycleChecks(): ConformanceCheck[] {
  return [manifestCheck, detectCheck, startCheck, resolveCheck];
}

/** The lifecycle checks that run after the capability checks. */
export function closingChecks(): ConformanceCheck[] {
  return [disposeCheck];
}
