/**
 * The scalar kernels behind the backend classes, through the plugin SDK's conformance kit:
 * the same checks the SIMD backends pass, with the ISA forced to scalar.
 */
import { expect } from 'chai';
import { checkConformance, formatFailures } from '@knhk/plugin-sdk';
import { loadNative } from '../src/index.js';
import { NATIVE_CAPABILITIES, kernelPlugin } from './kernel-plugin.js';

describe('@knhk/native scalar kernels: conformance', () => {
  it('pass the conformance kit for vector, reduce, matmul, mlp and memory', async () => {
    const load = loadNative();
    if (!load.ok) throw new Error(load.reason);
    const plugin = kernelPlugin('native-scalar', load.addon, 'scalar', 'scalar kernels run everywhere');
    const report = await checkConformance(plugin, { capabilities: [...NATIVE_CAPABILITIES] });
    expect(report.passed, formatFailures(report)).to.equal(true);
  });
});
