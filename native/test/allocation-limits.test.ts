/**
 * Allocations the host cannot give: a native buffer of 2^40 elements is a coded
 * KNHK_E_BUFFER_TOO_LARGE (a caller error: no fallback) that says what to do, not a plain
 * Error or a crash, and the backend keeps working afterwards.
 */
import { expect } from 'chai';
import { PluginInstance, defineBackend, isCallerError, isKnhkError } from '@knhk/core';
import { NativeBufferStore, loadNative, registerAllKernels, registerNativeRuntime } from '../src/index.js';
import { detectCpuDevice } from '@knhk/backend-cpu';

const load = loadNative();
if (!load.ok) throw new Error(`the addon must be built for these tests: ${load.reason}`);
const addon = load.addon;

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('@knhk/native allocation limits', () => {
  it('memory.allocate(2 ** 40) is KNHK_E_BUFFER_TOO_LARGE with the remedy; the next allocation works', async () => {
    const plugin = defineBackend({
      name: 'native-limits',
      version: '0.1.0',
      kernels: registerAllKernels('scalar', ['memory']),
      register: (container) => registerNativeRuntime(container, 'native-limits', addon, 'scalar'),
      detect: () => ({ available: true, reason: 'scalar kernels run everywhere', devices: [detectCpuDevice()] }),
    });
    const instance = await PluginInstance.start(plugin);
    try {
      expect(instance.status, instance.reason).to.equal('ready');
      const memory = instance.get('memory');
      for (const dtype of ['f32', 'u8'] as const) {
        const error = thrown(() => memory.allocate(2 ** 40, dtype));
        expect(isKnhkError(error, 'KNHK_E_BUFFER_TOO_LARGE'), String(error)).to.equal(true);
        expect(isCallerError(error)).to.equal(true);
        expect((error as Error).message).to.contain(`cannot allocate 1099511627776 ${dtype} elements`);
        expect((error as Error).message).to.contain('Allocate fewer elements');
      }
      const buffer = memory.allocate(4);
      expect(buffer.length).to.equal(4);
      expect(memory.info().allocations).to.equal(1);
      memory.free(buffer);
    } finally {
      await instance.dispose();
    }
  });

  it('a bad length stays KNHK_E_ARG_RANGE, checked before the addon is asked', () => {
    const store = new NativeBufferStore('native-limits', addon);
    const error = thrown(() => store.allocate('memory.allocate', -1, 'f32'));
    expect(isKnhkError(error, 'KNHK_E_ARG_RANGE'), String(error)).to.equal(true);
  });
});
