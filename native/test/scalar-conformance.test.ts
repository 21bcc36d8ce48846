/**
 * The scalar kernels behind the backend classes, through the plugin SDK's conformance kit:
 * the same checks the SIMD backends pass, with the ISA forced to scalar.
 */
import { expect } from 'chai';
import { defineBackend } from '@knhk/core';
import { detectCpuDevice } from '@knhk/backend-cpu';
import { checkConformance, formatFailures } from '@knhk/plugin-sdk';
import { NativeReductions, NativeVectorOps, loadNative } from '../src/index.js';

describe('@knhk/native scalar kernels: conformance', () => {
  it('pass the conformance kit for vector and reduce', async () => {
    const load = loadNative();
    if (!load.ok) throw new Error(load.reason);
    const scalar = load.addon.kernels('scalar');
    const plugin = defineBackend({
      name: 'native-scalar',
      version: '0.1.0',
      priority: 1,
      providers: {
        vector: { useFactory: () => new NativeVectorOps(scalar, 'native-scalar') },
        reduce: { useFactory: () => new NativeReductions(scalar, 'native-scalar') },
      },
      detect: () => ({ available: true, reason: 'scalar kernels run everywhere', devices: [detectCpuDevice()] }),
    });
    const report = await checkConformance(plugin, { capabilities: ['vector', 'reduce'] });
    expect(report.passed, formatFailures(report)).to.equal(true);
  });
});
