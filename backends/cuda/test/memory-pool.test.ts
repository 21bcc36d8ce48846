/**
 * The device memory pool's bookkeeping (pure logic): size classes, reuse of freed blocks, the
 * cap on kept bytes, the budget, trimming, the retry after the device runs out, and what
 * `info()` reports. The device side is a recording allocator over numbered blocks with a
 * capacity, so every sequence is deterministic.
 */
import { expect } from 'chai';
import { KnhkError, isKnhkError } from '@knhk/core';
import { DeviceMemoryPool, type PoolDevice, poolSizeClass } from '../src/index.js';

const MIB = 1 << 20;

/** Numbered blocks of a device with `capacity` bytes; records each create and release. */
class RecordingDevice implements PoolDevice<number> {
  readonly log: string[] = [];
  private next = 0;
  private inUse = 0;
  private readonly sizes = new Map<number, number>();
  failWith: Error | undefined;

  constructor(private readonly capacity = Number.MAX_SAFE_INTEGER) {}

  create(bytes: number): number {
    if (this.failWith !== undefined) throw this.failWith;
    if (this.inUse + bytes > this.capacity) {
      this.log.push(`out of memory ${bytes}`);
      throw new KnhkError('KNHK_E_CUDA_OUT_OF_RESOURCES', 'cuMemAlloc failed with CUDA_ERROR_OUT_OF_MEMORY (2)', {});
    }
    const block = this.next++;
    this.sizes.set(block, bytes);
    this.inUse += bytes;
    this.log.push(`create ${block}: ${bytes}`);
    return block;
  }

  release(block: number): void {
    this.inUse -= this.sizes.get(block) ?? 0;
    this.sizes.delete(block);
    this.log.push(`release ${block}`);
  }
}

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('@knhk/backend-cuda: device memory pool bookkeeping', () => {
  it('rounds requests up to size classes: powers of two from 512 bytes to 1 MiB, then 2 MiB steps', () => {
    const cases: [number, number][] = [
      [1, 512],
      [512, 512],
      [513, 1024],
      [4097, 8192],
      [MIB, MIB],
      [MIB + 1, 2 * MIB],
      [3 * MIB, 4 * MIB],
      [5 * MIB + 7, 6 * MIB],
    ];
    for (const [bytes, size] of cases) expect(poolSizeClass(bytes), String(bytes)).to.equal(size);
  });

  it('reuses a freed block for the next request of its class', () => {
    const device = new RecordingDevice();
    const pool = new DeviceMemoryPool(device, { budgetBytes: 1 << 30, keepBytes: 1 << 30 });
    const a = pool.allocate('test', 1000);
    expect(a).to.deep.equal({ block: 0, bytes: 1024 });
    pool.free(a);
    const b = pool.allocate('test', 700);
    expect(b.block).to.equal(0);
    const c = pool.allocate('test', 0);
    expect(c).to.deep.equal({ block: 1, bytes: 512 });
    expect(device.log).to.deep.equal(['create 0: 1024', 'create 1: 512']);
    expect(pool.info()).to.deep.include({ usedBytes: 1536, heldBytes: 0, usedBlocks: 2, reuses: 1, creations: 2 });
  });

  it('keeps freed blocks up to keepBytes and releases the rest', () => {
    const device = new RecordingDevice();
    const pool = new DeviceMemoryPool(device, { budgetBytes: 1 << 30, keepBytes: 2048 });
    const blocks = [pool.allocate('test', 1024), pool.allocate('test', 1024), pool.allocate('test', 1024)];
    for (const b of blocks) pool.free(b);
    expect(device.log.slice(3)).to.deep.equal(['release 2']);
    expect(pool.info()).to.deep.include({ usedBytes: 0, heldBytes: 2048, heldBlocks: 2, releases: 1 });
    expect(pool.info().held).to.deep.equal([{ bytes: 1024, blocks: 2 }]);
  });

  it('refuses to pass the budget with KNHK_E_CUDA_OUT_OF_RESOURCES, changing nothing', () => {
    const pool = new DeviceMemoryPool(new RecordingDevice(), { budgetBytes: 4096, keepBytes: 4096 });
    pool.allocate('memory.allocate', 2048);
    pool.allocate('memory.allocate', 2048);
    const error = thrown(() => pool.allocate('memory.allocate', 1));
    expect(isKnhkError(error, 'KNHK_E_CUDA_OUT_OF_RESOURCES')).to.equal(true);
    expect((error as Error).message).to.include(
      "memory.allocate: 512 more bytes would pass the cuda memory pool's budget of 4096 bytes (4096 in use); free buffers or use smaller sizes",
    );
    expect(pool.info()).to.deep.include({ usedBytes: 4096, usedBlocks: 2, creations: 2 });
  });

  it('releases kept blocks to make room within the budget', () => {
    const device = new RecordingDevice();
    const pool = new DeviceMemoryPool(device, { budgetBytes: 4096, keepBytes: 4096 });
    pool.free(pool.allocate('test', 2048));
    expect(pool.info().heldBytes).to.equal(2048);
    const big = pool.allocate('test', 4096);
    expect(big.bytes).to.equal(4096);
    expect(device.log).to.deep.equal(['create 0: 2048', 'release 0', 'create 1: 4096']);
    expect(pool.info()).to.deep.include({ usedBytes: 4096, heldBytes: 0, releases: 1 });
  });

  it('when the device runs out, releases the kept blocks and tries once more', () => {
    const device = new RecordingDevice(4096);
    const pool = new DeviceMemoryPool(device, { budgetBytes: 1 << 30, keepBytes: 1 << 30 });
    pool.allocate('test', 2048);
    pool.free(pool.allocate('test', 1024));
    const c = pool.allocate('test', 2048);
    expect(c.block).to.equal(2);
    expect(device.log).to.deep.equal([
      'create 0: 2048',
      'create 1: 1024',
      'out of memory 2048',
      'release 1',
      'create 2: 2048',
    ]);
  });

  it('passes the device running out through when nothing is kept, and other errors as they are', () => {
    const device = new RecordingDevice(1024);
    const pool = new DeviceMemoryPool(device, { budgetBytes: 1 << 30, keepBytes: 1 << 30 });
    expect(
      isKnhkError(
        thrown(() => pool.allocate('test', 2048)),
        'KNHK_E_CUDA_OUT_OF_RESOURCES',
      ),
    ).to.equal(true);
    pool.free(pool.allocate('test', 512));
    device.failWith = new KnhkError('KNHK_E_CUDA_CALL', 'cuMemAlloc failed with CUDA_ERROR_ILLEGAL_ADDRESS (700)', {});
    expect(
      isKnhkError(
        thrown(() => pool.allocate('test', 1024)),
        'KNHK_E_CUDA_CALL',
      ),
    ).to.equal(true);
    expect(pool.info().heldBytes).to.equal(512);
  });

  it('ignores a second free and a block it did not hand out', () => {
    const device = new RecordingDevice();
    const pool = new DeviceMemoryPool(device, { budgetBytes: 1 << 30, keepBytes: 0 });
    const a = pool.allocate('test', 100);
    pool.free(a);
    pool.free(a);
    pool.free({ block: 99, bytes: 512 });
    expect(device.log).to.deep.equal(['create 0: 512', 'release 0']);
    expect(pool.info()).to.deep.include({ usedBytes: 0, heldBytes: 0, releases: 1 });
  });

  it('reports the peak, and kept blocks per class smallest first; trim releases them all', () => {
    const device = new RecordingDevice();
    const pool = new DeviceMemoryPool(device, { budgetBytes: 1 << 30, keepBytes: 1 << 30 });
    const blocks = [pool.allocate('test', 3 * MIB), pool.allocate('test', 600), pool.allocate('test', 600)];
    for (const b of blocks) pool.free(b);
    const info = pool.info();
    expect(info.peakUsedBytes).to.equal(4 * MIB + 2048);
    expect(info.held).to.deep.equal([
      { bytes: 1024, blocks: 2 },
      { bytes: 4 * MIB, blocks: 1 },
    ]);
    expect(pool.trim()).to.equal(4 * MIB + 2048);
    expect(pool.info()).to.deep.include({ heldBytes: 0, heldBlocks: 0, releases: 3, held: [] });
  });
});
