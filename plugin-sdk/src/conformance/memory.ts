/**
 * Checks of the `memory` capability: buffer handles, host/device round trips, accounting,
 * freeing (twice is harmless, a freed buffer is rejected), bad arguments, and compute calls
 * of the plugin's other capabilities on its own buffers agreeing with host arrays.
 */
import type { CapabilityName, DeviceBuffer, DeviceMemory, MemoryInfo } from '@knhk/core';
import { isHandle, typeName } from '@knhk/core';
import {
  attempt,
  attemptAsync,
  expectBytesEqual,
  expectF32Equal,
  expectKnhkError,
  expectNumber,
  expectRejectedLikeReference,
  expectThat,
} from './compare.js';
import { compensatedSum, declaredAccumulation, fmaTolerance, sumTolerance } from './error-bounds.js';
import { expectMatchesEqual } from './pattern.js';
import type { CheckContext, ConformanceCheck } from './types.js';

/** Buffers allocated during a check, freed at its end. */
class Buffers {
  private readonly live: DeviceBuffer[] = [];
  constructor(readonly memory: DeviceMemory) {}

  allocate(length: number, dtype?: 'f32' | 'u8'): DeviceBuffer {
    const buffer = attempt(`memory.allocate(${length}${dtype ? `, '${dtype}'` : ''})`, () =>
      this.memory.allocate(length, dtype),
    );
    this.live.push(buffer);
    return buffer;
  }

  /** A buffer holding `data`. */
  upload(data: Float32Array | Uint8Array): DeviceBuffer {
    const buffer = this.allocate(data.length, data instanceof Uint8Array ? 'u8' : 'f32');
    attempt(`memory.copyToDevice of ${data.length} elements`, () => this.memory.copyToDevice(buffer, data));
    return buffer;
  }

  /** Keeps a buffer a compute call returned, so that it is freed too. */
  adopt<T>(value: T): T {
    if (isHandle(value) && value.kind === 'buffer') this.live.push(value as unknown as DeviceBuffer);
    return value;
  }

  freeAll(): void {
    for (const buffer of this.live.splice(0)) this.memory.free(buffer);
  }
}

async function withBuffers(ctx: CheckContext, use: (buffers: Buffers) => Promise<void>): Promise<void> {
  const buffers = new Buffers(ctx.subject.get('memory'));
  try {
    await use(buffers);
  } finally {
    buffers.freeAll();
  }
}

async function readF32(memory: DeviceMemory, buffer: unknown, label: string): Promise<Float32Array> {
  expectThat(
    isHandle(buffer) && buffer.kind === 'buffer',
    () => `${label}: expected a buffer of the plugin, got ${typeName(buffer)}`,
  );
  const data = await attemptAsync(`${label}: memory.copyFromDevice`, () =>
    memory.copyFromDevice(buffer as DeviceBuffer),
  );
  expectThat(
    data instanceof Float32Array,
    () => `${label}: copyFromDevice of an f32 buffer must give a Float32Array, got ${typeName(data)}`,
  );
  return data as Float32Array;
}

async function readU8(memory: DeviceMemory, buffer: unknown, label: string): Promise<Uint8Array> {
  expectThat(
    isHandle(buffer) && buffer.kind === 'buffer',
    () => `${label}: expected a buffer of the plugin, got ${typeName(buffer)}`,
  );
  const data = await attemptAsync(`${label}: memory.copyFromDevice`, () =>
    memory.copyFromDevice(buffer as DeviceBuffer),
  );
  expectThat(
    data instanceof Uint8Array,
    () => `${label}: copyFromDevice of a u8 buffer must give a Uint8Array, got ${typeName(data)}`,
  );
  return data as Uint8Array;
}

function expectBufferHandle(ctx: CheckContext, buffer: DeviceBuffer, length: number, dtype: 'f32' | 'u8'): void {
  const label = `memory.allocate(${length}, '${dtype}')`;
  const devices = ctx.subject.devices.map((d) => d.id);
  expectThat(buffer.kind === 'buffer', () => `${label}: kind is ${JSON.stringify(buffer.kind)}, expected "buffer"`);
  expectThat(
    buffer.provider === ctx.subject.name,
    () => `${label}: provider is ${JSON.stringify(buffer.provider)}, expected ${JSON.stringify(ctx.subject.name)}`,
  );
  expectThat(
    buffer.length === length && buffer.dtype === dtype,
    () => `${label}: got length ${buffer.length} and dtype ${buffer.dtype}`,
  );
  expectThat(buffer.released === false, () => `${label}: a new buffer must not be released`);
  expectThat(
    devices.length === 0 || devices.includes(buffer.device),
    () => `${label}: device ${JSON.stringify(buffer.device)} is none of the detected devices [${devices.join(', ')}]`,
  );
}

const allocateCheck: ConformanceCheck = {
  id: 'memory.allocate: zero-filled buffer handles of this plugin',
  capability: 'memory',
  run: (ctx) =>
    withBuffers(ctx, async (buffers) => {
      for (const [length, dtype] of [
        [1, 'f32'],
        [17, undefined],
        [1025, 'u8'],
      ] as const) {
        const buffer = buffers.allocate(length, dtype);
        expectBufferHandle(ctx, buffer, length, dtype ?? 'f32');
        const read = dtype === 'u8' ? readU8 : readF32;
        const data = await read(buffers.memory, buffer, `a new buffer of ${length}`);
        expectThat(
          data.length === length && data.every((v) => v === 0),
          () => `a new buffer of ${length} must hold ${length} zeros`,
        );
      }
    }),
};

const roundTripCheck: ConformanceCheck = {
  id: 'memory: copyToDevice and copyFromDevice round-trip, at offsets too',
  capability: 'memory',
  run: (ctx) =>
    withBuffers(ctx, async (buffers) => {
      const { memory } = buffers;
      for (const n of [1, 1025, ctx.options.largeSize]) {
        const data = ctx.rng.f32Array(n);
        expectF32Equal(`${n} f32 values`, await readF32(memory, buffers.upload(data), `${n} f32 values`), data);
      }
      const bytes = ctx.rng.bytes(777);
      expectBytesEqual('777 bytes', await readU8(memory, buffers.upload(bytes), '777 bytes'), bytes);
      const partial = buffers.allocate(100);
      const values = ctx.rng.f32Array(30);
      attempt('memory.copyToDevice of 30 values at offset 50', () => memory.copyToDevice(partial, values, 50));
      const expected = new Float32Array(100);
      expected.set(values, 50);
      const first = await readF32(memory, partial, 'a buffer written at offset 50');
      expectF32Equal('a buffer written at offset 50', first, expected);
      first.fill(5);
      expectF32Equal(
        'a second read after changing the first copy',
        await readF32(memory, partial, 'second read'),
        expected,
      );
    }),
};

function expectInfo(label: string, info: MemoryInfo, allocations: number, minBytes: number): void {
  expectThat(typeof info.device === 'string', () => `${label}: info().device must be a string`);
  for (const key of ['totalBytes', 'freeBytes', 'allocatedBytes'] as const) {
    expectThat(
      Number.isFinite(info[key]) && info[key] >= 0,
      () => `${label}: info().${key} must be a non-negative number, got ${info[key]}`,
    );
  }
  expectThat(
    info.allocations === allocations,
    () => `${label}: info().allocations is ${info.allocations}, expected ${allocations}`,
  );
  expectThat(
    info.allocatedBytes >= minBytes,
    () => `${label}: info().allocatedBytes is ${info.allocatedBytes}, expected at least ${minBytes}`,
  );
}

const infoCheck: ConformanceCheck = {
  id: 'memory.info: allocations count up and down',
  capability: 'memory',
  run(ctx) {
    const memory = ctx.subject.get('memory');
    const before = attempt('memory.info', () => memory.info());
    expectInfo('before', before, before.allocations, 0);
    const a = attempt('memory.allocate(1000)', () => memory.allocate(1000));
    const b = attempt("memory.allocate(500, 'u8')", () => memory.allocate(500, 'u8'));
    expectInfo('after allocating 2 buffers', memory.info(), before.allocations + 2, before.allocatedBytes + 4500);
    memory.free(a);
    expectInfo('after freeing 1 of them', memory.info(), before.allocations + 1, before.allocatedBytes + 500);
    memory.free(b);
    expectInfo('after freeing both', memory.info(), before.allocations, 0);
    expectThat(
      memory.info().allocatedBytes === before.allocatedBytes,
      () => 'info().allocatedBytes must return to its value before the allocations',
    );
  },
};

const freeTwiceCheck: ConformanceCheck = {
  id: 'memory.free: freeing twice is harmless',
  capability: 'memory',
  run(ctx) {
    const memory = ctx.subject.get('memory');
    const before = memory.info().allocations;
    const buffer = attempt('memory.allocate(8)', () => memory.allocate(8));
    attempt('memory.free', () => memory.free(buffer));
    expectThat(buffer.released === true, () => 'released must be true after free()');
    attempt('a second memory.free of the same buffer', () => memory.free(buffer));
    expectThat(
      memory.info().allocations === before,
      () => `info().allocations is ${memory.info().allocations} after freeing twice, expected ${before}`,
    );
  },
};

function releasedCalls(ctx: CheckContext, buffer: DeviceBuffer): [string, () => unknown][] {
  const memory = ctx.subject.get('memory');
  const host = new Float32Array(8);
  const calls: [string, () => unknown][] = [
    ['memory.copyToDevice', () => memory.copyToDevice(buffer, host)],
    ['memory.copyFromDevice', () => memory.copyFromDevice(buffer)],
  ];
  if (ctx.subject.provides('vector')) {
    const v = ctx.subject.get('vector');
    calls.push(
      ['vector.add(freed, host)', () => v.add(buffer, host)],
      ['vector.dot(host, freed)', () => v.dot(host, buffer)],
    );
  }
  if (ctx.subject.provides('reduce')) calls.push(['reduce.sum(freed)', () => ctx.subject.get('reduce').sum(buffer)]);
  return calls;
}

const freedCheck: ConformanceCheck = {
  id: 'memory: a freed buffer throws KNHK_E_BUFFER_RELEASED',
  capability: 'memory',
  async run(ctx) {
    const memory = ctx.subject.get('memory');
    const buffer = attempt('memory.allocate(8)', () => memory.allocate(8));
    attempt('memory.free', () => memory.free(buffer));
    for (const [label, call] of releasedCalls(ctx, buffer))
      await expectKnhkError(`${label} of a freed buffer`, call, 'KNHK_E_BUFFER_RELEASED');
  },
};

const synchronizeCheck: ConformanceCheck = {
  id: 'memory.synchronize: resolves',
  capability: 'memory',
  async run(ctx) {
    await attemptAsync('memory.synchronize', () => ctx.subject.get('memory').synchronize());
  },
};

type BadCall = readonly [label: string, call: (memory: DeviceMemory, f32: DeviceBuffer) => unknown];

const BAD_ARGUMENTS: readonly BadCall[] = [
  ['memory.allocate(-1)', (m) => m.allocate(-1)],
  ['memory.allocate(1.5)', (m) => m.allocate(1.5)],
  ["memory.allocate(4, 'f64')", (m) => m.allocate(4, 'f64' as 'f32')],
  ['memory.copyToDevice of 5 values into 4 elements', (m, b) => m.copyToDevice(b, new Float32Array(5))],
  ['memory.copyToDevice of 2 values at offset 3 of 4', (m, b) => m.copyToDevice(b, new Float32Array(2), 3)],
  ['memory.copyToDevice at offset -1', (m, b) => m.copyToDevice(b, new Float32Array(1), -1)],
  ['memory.copyToDevice of a plain array', (m, b) => m.copyToDevice(b, [1, 2] as unknown as Float32Array)],
  ['memory.copyToDevice of bytes into an f32 buffer', (m, b) => m.copyToDevice(b, new Uint8Array(4))],
];

const badArgumentsCheck: ConformanceCheck = {
  id: "memory: bad arguments throw the reference's coded errors",
  capability: 'memory',
  async run(ctx) {
    const [sub, ref] = [ctx.subject.get('memory'), ctx.reference.get('memory')];
    const [subBuffer, refBuffer] = [attempt('memory.allocate(4)', () => sub.allocate(4)), ref.allocate(4)];
    try {
      for (const [label, call] of BAD_ARGUMENTS)
        await expectRejectedLikeReference(
          label,
          () => call(sub, subBuffer),
          () => call(ref, refBuffer),
        );
    } finally {
      sub.free(subBuffer);
      ref.free(refBuffer);
    }
  },
};

/** Runs one vector call on buffers and on host arrays (reference) and compares the results. */
async function compareVectorOnBuffers(ctx: CheckContext, buffers: Buffers, host: Float32Array[]): Promise<void> {
  const [v, ref, memory] = [ctx.subject.get('vector'), ctx.reference.get('vector'), buffers.memory];
  const [a, b, c] = host.map((x) => buffers.upload(x));
  for (const op of ['add', 'sub', 'mul', 'div'] as const) {
    const got = await readF32(
      memory,
      buffers.adopt(attempt(`vector.${op} of buffers`, () => v[op](a, b))),
      `vector.${op} of buffers`,
    );
    expectF32Equal(`vector.${op} of buffers`, got, ref[op](host[0], host[1]));
  }
  const fma = await readF32(
    memory,
    buffers.adopt(attempt('vector.fma of buffers', () => v.fma(a, b, c))),
    'vector.fma of buffers',
  );
  expectF32Equal(
    'vector.fma of buffers',
    fma,
    ref.fma(host[0], host[1], host[2]),
    Float64Array.from(host[0], (x, i) => fmaTolerance(x, host[1][i], host[2][i])),
  );
  const mixed = await readF32(
    memory,
    buffers.adopt(attempt('vector.mul(buffer, host array)', () => v.mul(a, host[1]))),
    'vector.mul(buffer, host array)',
  );
  expectF32Equal('vector.mul(buffer, host array)', mixed, ref.mul(host[0], host[1]));
}

async function compareRangesOnBuffers(ctx: CheckContext, buffers: Buffers, host: Float32Array[]): Promise<void> {
  const [v, ref, memory] = [ctx.subject.get('vector'), ctx.reference.get('vector'), buffers.memory];
  const [a, b] = host.map((x) => buffers.upload(x));
  const range = { length: 100, a: { offset: 5, stride: 2 }, b: { offset: 3 }, out: { offset: 7, stride: 3 } };
  const out = buffers.allocate(host[0].length);
  const returned = attempt('vector.sub into an out buffer with a range', () => v.sub(a, b, out, range));
  expectThat(returned === out, () => 'vector.sub with an out buffer must return that buffer');
  expectF32Equal(
    'vector.sub into an out buffer with a range',
    await readF32(memory, out, 'out buffer'),
    ref.sub(host[0], host[1], new Float32Array(host[0].length), range),
  );
  const n = host[0].length;
  const products = Array.from(host[0], (x, i) => x * host[1][i]);
  const absSum = products.reduce((s, p) => s + Math.abs(p), 0);
  const exact = compensatedSum(products);
  expectNumber(
    'vector.dot of buffers',
    attempt('vector.dot of buffers', () => v.dot(a, b)),
    exact,
    sumTolerance(declaredAccumulation(ctx.subject, 'vector', 'dot'), n, absSum, exact),
  );
  const mask = await readU8(
    memory,
    buffers.adopt(attempt("vector.compare(buffer, buffer, 'lt')", () => v.compare(a, b, 'lt'))),
    'compare',
  );
  expectBytesEqual("vector.compare(buffer, buffer, 'lt')", mask, ref.compare(host[0], host[1], 'lt'));
  const scalar = await readU8(
    memory,
    buffers.adopt(attempt("vector.compare(buffer, 0.5, 'ge')", () => v.compare(a, 0.5, 'ge'))),
    'compare',
  );
  expectBytesEqual("vector.compare(buffer, 0.5, 'ge')", scalar, ref.compare(host[0], 0.5, 'ge'));
}

async function reduceOnBuffers(ctx: CheckContext, buffers: Buffers): Promise<void> {
  const host = ctx.rng.intArray(1025, -50, 50);
  host[77] = 60;
  const x = buffers.upload(host);
  const [r, ref] = [ctx.subject.get('reduce'), ctx.reference.get('reduce')];
  for (const op of ['sum', 'min', 'max', 'argmax'] as const) {
    expectNumber(
      `reduce.${op} of a buffer`,
      attempt(`reduce.${op} of a buffer`, () => r[op](x)),
      ref[op](host),
    );
    const range = { offset: 3, stride: 2, length: 400 };
    expectNumber(
      `reduce.${op} of a buffer with a range`,
      attempt(`reduce.${op} of a buffer with a range`, () => r[op](x, range)),
      ref[op](host, range),
    );
  }
}

async function matmulOnBuffers(ctx: CheckContext, buffers: Buffers): Promise<void> {
  const [m, n, k] = [9, 7, 13];
  const host = [ctx.rng.intArray(m * k, -2, 2), ctx.rng.intArray(k * n, -2, 2), ctx.rng.intArray(m * n, -2, 2)];
  const [a, b, c] = host.map((x) => buffers.upload(x));
  const params = { m, n, k, alpha: 2, beta: -1 };
  const returned = attempt('matmul.sgemm of buffers', () => ctx.subject.get('matmul').sgemm({ ...params, a, b, c }));
  expectThat(returned === c, () => 'matmul.sgemm of buffers must return c');
  const want = ctx.reference.get('matmul').sgemm({ ...params, a: host[0], b: host[1], c: host[2].slice() });
  expectF32Equal('matmul.sgemm of small-integer buffers (exact)', await readF32(buffers.memory, c, 'C'), want);
}

async function patternOnBuffers(ctx: CheckContext, buffers: Buffers): Promise<void> {
  const data = ctx.rng.bytes(5000, new TextEncoder().encode('abc'));
  const patterns = ['ab', 'bca', 'c', 'abcab'];
  const [p, ref] = [ctx.subject.get('pattern'), ctx.reference.get('pattern')];
  const [set, refSet] = [attempt('pattern.compile', () => p.compile(patterns)), ref.compile(patterns)];
  try {
    const got = attempt('pattern.scan of a u8 buffer', () => p.scan(set, buffers.upload(data)));
    expectMatchesEqual('pattern.scan of a u8 buffer', got, ref.scan(refSet, data), patterns);
  } finally {
    p.release(set);
    ref.release(refSet);
  }
}

function onBuffersCheck(id: string, run: (ctx: CheckContext, buffers: Buffers) => Promise<void>): ConformanceCheck {
  return { id, capability: 'memory', run: (ctx) => withBuffers(ctx, (buffers) => run(ctx, buffers)) };
}

/** Every check of the `memory` capability; compute calls on buffers for the other capabilities the plugin declares. */
export function memoryChecks(declared: ReadonlySet<CapabilityName>): ConformanceCheck[] {
  const checks = [
    allocateCheck,
    roundTripCheck,
    infoCheck,
    freeTwiceCheck,
    freedCheck,
    synchronizeCheck,
    badArgumentsCheck,
  ];
  const vectorHost = (ctx: CheckContext): Float32Array[] => [
    ctx.rng.f32Array(1025),
    ctx.rng.f32Array(1025),
    ctx.rng.f32Array(1025),
  ];
  if (declared.has('vector')) {
    checks.push(
      onBuffersCheck("memory: vector arithmetic on the plugin's buffers agrees with host arrays", (ctx, b) =>
        compareVectorOnBuffers(ctx, b, vectorHost(ctx)),
      ),
      onBuffersCheck(
        "memory: vector ranges, dot and compare on the plugin's buffers agree with host arrays",
        (ctx, b) => compareRangesOnBuffers(ctx, b, vectorHost(ctx)),
      ),
    );
  }
  if (declared.has('reduce'))
    checks.push(onBuffersCheck("memory: reductions of the plugin's buffers agree with host arrays", reduceOnBuffers));
  if (declared.has('matmul'))
    checks.push(onBuffersCheck("memory: sgemm on the plugin's buffers agrees with host arrays", matmulOnBuffers));
  if (declared.has('pattern'))
    checks.push(
      onBuffersCheck("memory: pattern.scan of the plugin's u8 buffer agrees with a host array", patternOnBuffers),
    );
  return checks;
}
