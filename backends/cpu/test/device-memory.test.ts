import type { DeviceBuffer, DeviceMemory, PluginInstance } from '@knhk/core';
import { expect } from 'chai';
import os from 'node:os';
import { startCpu } from './cpu-instance.js';
import { expectCode, expectRejection } from './knhk-assertions.js';

describe('cpu memory', () => {
  let instance: PluginInstance;
  let memory: DeviceMemory;

  beforeEach(async () => {
    instance = await startCpu();
    memory = instance.get('memory');
  });
  afterEach(() => instance.dispose());

  it('allocates zero-filled f32 and u8 buffers on cpu0', async () => {
    const f32 = memory.allocate(5);
    expect(f32).to.include({
      kind: 'buffer',
      provider: 'cpu',
      device: 'cpu0',
      dtype: 'f32',
      length: 5,
      released: false,
    });
    expect(await memory.copyFromDevice(f32)).to.deep.equal(new Float32Array(5));
    const u8 = memory.allocate(3, 'u8');
    expect(u8).to.include({ dtype: 'u8', length: 3 });
    expect(await memory.copyFromDevice(u8)).to.deep.equal(new Uint8Array(3));
    expect(memory.allocate(0).length).to.equal(0);
  });

  it('copies in at an offset and returns copies on the way out', async () => {
    const buffer = memory.allocate(5);
    memory.copyToDevice(buffer, Float32Array.of(1, 2));
    memory.copyToDevice(buffer, Float32Array.of(7, 8), 3);
    memory.copyToDevice(buffer, new Float32Array(0), 5);
    const copy = await memory.copyFromDevice(buffer);
    expect([...copy]).to.deep.equal([1, 2, 0, 7, 8]);
    copy[0] = 99;
    expect((await memory.copyFromDevice(buffer))[0]).to.equal(1);
  });

  it('checks copies: element type, offset and fit', () => {
    const buffer = memory.allocate(4);
    expectCode(() => memory.copyToDevice(buffer, new Uint8Array(2)), 'KNHK_E_ARG_TYPE');
    expectCode(() => memory.copyToDevice(memory.allocate(2, 'u8'), new Float32Array(2)), 'KNHK_E_ARG_TYPE');
    expectCode(() => memory.copyToDevice(buffer, [1, 2] as never), 'KNHK_E_ARG_TYPE');
    expectCode(() => memory.copyToDevice(buffer, new Float32Array(1), -1), 'KNHK_E_ARG_RANGE');
    expectCode(() => memory.copyToDevice(buffer, new Float32Array(1), 5), 'KNHK_E_ARG_RANGE');
    expectCode(() => memory.copyToDevice(buffer, new Float32Array(1), 0.5), 'KNHK_E_ARG_RANGE');
    expectCode(() => memory.copyToDevice(buffer, new Float32Array(3), 2), 'KNHK_E_ARG_LENGTH');
    expectCode(() => memory.copyToDevice(buffer, new Float32Array(5)), 'KNHK_E_ARG_LENGTH');
  });

  it('rejects bad allocations with coded errors', () => {
    expectCode(() => memory.allocate(-1), 'KNHK_E_ARG_RANGE');
    expectCode(() => memory.allocate(2.5), 'KNHK_E_ARG_RANGE');
    expectCode(() => memory.allocate('4' as never), 'KNHK_E_ARG_TYPE');
    expectCode(() => memory.allocate(2 ** 52), 'KNHK_E_ARG_RANGE');
    expectCode(() => memory.allocate(4, 'f64' as never), 'KNHK_E_ARG_INVALID');
  });

  it('accounts for live buffers, frees idempotently and rejects freed buffers', async () => {
    const before = memory.info();
    expect(before).to.include({ device: 'cpu0', totalBytes: os.totalmem(), allocatedBytes: 0, allocations: 0 });
    expect(before.freeBytes).to.be.within(1, os.totalmem());
    const f32 = memory.allocate(10);
    memory.allocate(6, 'u8');
    expect(memory.info()).to.include({ allocatedBytes: 46, allocations: 2 });
    memory.free(f32);
    memory.free(f32);
    expect(f32.released).to.equal(true);
    expect(memory.info()).to.include({ allocatedBytes: 6, allocations: 1 });
    expectCode(() => memory.copyToDevice(f32, new Float32Array(1)), 'KNHK_E_BUFFER_RELEASED');
    await expectRejection(memory.copyFromDevice(f32), 'KNHK_E_BUFFER_RELEASED');
    await memory.synchronize();
  });

  it('rejects foreign handles and buffers of another instance', async () => {
    const foreign: DeviceBuffer = {
      kind: 'buffer',
      provider: 'acme-gpu',
      released: false,
      length: 1,
      dtype: 'f32',
      device: 'gpu0',
    };
    expectCode(() => memory.free(foreign), 'KNHK_E_BUFFER_FOREIGN');
    expectCode(() => memory.free({ ...foreign, provider: 'cpu' }), 'KNHK_E_BUFFER_FOREIGN');
    expectCode(() => memory.free(new Float32Array(1) as never), 'KNHK_E_ARG_TYPE');
    const other = await startCpu();
    try {
      const theirs = other.get('memory').allocate(2);
      expectCode(() => memory.copyToDevice(theirs, new Float32Array(1)), 'KNHK_E_BUFFER_FOREIGN');
      await expectRejection(memory.copyFromDevice(theirs), 'KNHK_E_BUFFER_FOREIGN');
      expect(memory.info().allocations).to.equal(0);
    } finally {
      await other.dispose();
    }
  });
});
