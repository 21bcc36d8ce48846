/**
 * A seeded generator of bad calls (and a few valid ones: aliasing, sub-ranges) for every
 * public operation of every compute capability. Each call changes one argument of a valid
 * call into something bad and says what must happen:
 *
 * - `bad`: the call must throw (or reject with) a `KnhkError` of a catalogued code;
 * - `either`: it may also return (a detached array reads as empty, a huge stride as one
 *   element, a Proxy of a Float32Array may be read through), and when it returns on host
 *   arrays its result must equal the cpu reference's;
 * - `valid`: it must return the reference's result;
 * - `hostile`: an argument's getter or Proxy trap throws {@link CALLER_ERROR}; the call may
 *   return, throw a `KnhkError`, or let the caller's own error through unchanged.
 *
 * Pure logic: the fixtures (handles) and the capabilities come from the runner.
 */
import type { DeviceBuffer, MlpModel, PatternSet, SeededRandom } from '@knhk/core';
import {
  BAD_COUNTS,
  BAD_ENUMS,
  BAD_FINITE,
  BAD_FLAGS,
  NOT_ARRAYS,
  WRONG_F32,
  WRONG_U8,
  detachedFloat32,
  detachedUint8,
  throwingGetters,
  throwingProxy,
} from './bad-values.js';

/** What a call must do; see the file comment. */
export type Expect = 'bad' | 'either' | 'valid' | 'hostile';

/** The six compute capabilities as the fuzz calls them (a dispatcher or a provider). */
export type Capabilities = Readonly<Record<string, Readonly<Record<string, (...args: unknown[]) => unknown>>>>;

/** The handles a run needs, made by the runner on the provider under test (and others). */
export interface Fixtures {
  /** The provider under test. */
  readonly provider: string;
  /** Live buffers of the provider under test, 8 elements each, for the whole run. */
  readonly f32Buffer: DeviceBuffer;
  readonly u8Buffer: DeviceBuffer;
  readonly releasedBuffer: DeviceBuffer;
  /** Buffers the provider under test does not own: of another instance of it, or of another provider. */
  readonly foreignBuffers: readonly DeviceBuffer[];
  /** A live set of the patterns `['ab', 'b']`, a released one, and sets of other instances or providers. */
  readonly patternSet: PatternSet;
  readonly releasedSet: PatternSet;
  readonly foreignSets: readonly PatternSet[];
  /** A live model of layers [3, 4, 2], a released one, and models of other instances or providers. */
  readonly model: MlpModel;
  readonly releasedModel: MlpModel;
  readonly foreignModels: readonly MlpModel[];
}

/** One call of the fuzz. */
export interface FuzzCall {
  /** `capability.operation`, e.g. `vector.add` (`pattern.stream.write` for a stream). */
  readonly op: string;
  /** What was made bad. */
  readonly label: string;
  readonly expect: Expect;
  /** The arguments of `capability.operation(...args)`, when the call is that and nothing else. */
  readonly args?: readonly unknown[];
  /** True when `args` are host values only, so that the cpu reference can run the same call on copies. */
  readonly comparable: boolean;
  /** A call that is more than one method call (fresh handles, streams); run instead of `args`. */
  readonly run?: (target: Capabilities) => unknown;
}

type Maker = (rng: SeededRandom, fx: Fixtures) => FuzzCall;

function pick<T>(rng: SeededRandom, values: readonly T[]): T {
  return values[rng.int(values.length)];
}

function f32(rng: SeededRandom, n: number): Float32Array {
  const array = new Float32Array(n);
  for (let i = 0; i < n; i++) array[i] = Math.round(rng.symmetric(8) * 4) / 4;
  return array;
}

function u8(rng: SeededRandom, n: number): Uint8Array {
  const array = new Uint8Array(n);
  for (let i = 0; i < n; i++) array[i] = 97 + rng.int(3);
  return array;
}

/** Forged handles: the shape of a handle of `provider`, never made by it. */
function forged(provider: string): readonly object[] {
  const base = { provider, released: false };
  return [
    { ...base, kind: 'buffer', length: 8, dtype: 'f32', device: 'cpu0' },
    { ...base, kind: 'pattern-set', count: 2 },
    { ...base, kind: 'mlp-model', layers: [3, 4, 2], activation: 'relu' },
    { kind: 'buffer', provider: 'nobody', released: false, length: 8, dtype: 'f32', device: 'x' },
    { kind: 'widget', provider, released: false },
  ];
}

/** Handles that are no live f32 buffer of the provider under test. */
function notF32Buffers(fx: Fixtures): readonly unknown[] {
  return [fx.releasedBuffer, fx.u8Buffer, ...fx.foreignBuffers, fx.patternSet, fx.model, ...forged(fx.provider)];
}

function notU8Buffers(fx: Fixtures): readonly unknown[] {
  return [fx.releasedBuffer, fx.f32Buffer, ...fx.foreignBuffers, fx.patternSet, fx.model, ...forged(fx.provider)];
}

function badF32(rng: SeededRandom, fx: Fixtures): { value: unknown; what: string } {
  const group = rng.int(3);
  const pool = group === 0 ? NOT_ARRAYS : group === 1 ? WRONG_F32 : notF32Buffers(fx);
  const value = pick(rng, pool);
  return { value, what: describe(value) };
}

/** A short label of a value. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object') return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as Float32Array).length})`;
  if (Array.isArray(value)) return `an Array(${value.length})`;
  const handle = value as { kind?: unknown; provider?: unknown; released?: unknown };
  if (typeof handle.kind === 'string') {
    return `a ${String(handle.released) === 'true' ? 'released ' : ''}${handle.kind} of ${String(handle.provider)}`;
  }
  return Object.getPrototypeOf(value) === null ? 'a null-prototype object' : (value.constructor?.name ?? 'an object');
}

const call = (
  op: string,
  label: string,
  expect: Expect,
  args: readonly unknown[],
  comparable = expect !== 'bad' && expect !== 'hostile',
): FuzzCall => ({
  op,
  label,
  expect,
  args,
  comparable,
});

/** Offsets or strides that may read as valid: `null` is the default, 2^32+2 a huge stride. */
function placementExpect(key: 'offset' | 'stride', value: unknown): Expect {
  if (value === null) return 'either';
  if (key === 'stride' && value === 2 ** 32 + 2) return 'either';
  return 'bad';
}

/** A bad range of an element-wise operation over operands `names` (each holding `n`). */
function badRange(rng: SeededRandom, names: readonly string[]): { range: unknown; label: string; expect: Expect } {
  switch (rng.int(6)) {
    case 0: {
      const range = pick(rng, [null, 1, 'x', true, 1n, Symbol('range'), () => 0]);
      return { range, label: `range ${describe(range)}`, expect: 'bad' };
    }
    case 1: {
      const length = pick(rng, BAD_COUNTS);
      return { range: { length }, label: `range.length ${describe(length)}`, expect: 'bad' };
    }
    case 2:
    case 3: {
      const name = pick(rng, names);
      const key = rng.int(2) === 0 ? 'offset' : 'stride';
      const value = pick(rng, BAD_COUNTS);
      return {
        range: { [name]: { [key]: value } },
        label: `range.${name}.${key} ${describe(value)}`,
        expect: placementExpect(key, value),
      };
    }
    case 4: {
      const name = pick(rng, names);
      const value = pick(rng, [null, 1, 'x', true, Symbol('p')]);
      return { range: { [name]: value }, label: `range.${name} ${describe(value)}`, expect: 'bad' };
    }
    default: {
      const hostile = rng.int(3);
      if (hostile === 0) return { range: throwingProxy(), label: 'range a throwing Proxy', expect: 'hostile' };
      if (hostile === 1) {
        return {
          range: throwingGetters(['length', ...names]),
          label: 'range with throwing getters',
          expect: 'hostile',
        };
      }
      const name = pick(rng, names);
      return {
        range: { [name]: throwingGetters(['offset', 'stride']) },
        label: `range.${name} with throwing getters`,
        expect: 'hostile',
      };
    }
  }
}

/** add, sub, mul, div: (a, b, out?, range?). */
function binary(operation: string): Maker {
  const op = `vector.${operation}`;
  return (rng, fx) => {
    const n = 1 + rng.int(8);
    const a = f32(rng, n);
    const b = f32(rng, n);
    switch (rng.int(9)) {
      case 0: {
        const { value, what } = badF32(rng, fx);
        return call(op, `a ${what}`, 'bad', [value, b]);
      }
      case 1: {
        const { value, what } = badF32(rng, fx);
        return call(op, `b ${what}`, 'bad', [a, value]);
      }
      case 2: {
        const { value, what } = badF32(rng, fx);
        if (value === undefined) return call(op, 'out undefined', 'valid', [a, b, undefined]);
        return call(op, `out ${what}`, 'bad', [a, b, value]);
      }
      case 3:
        return call(op, `out of ${n - 1} elements`, 'bad', [a, b, new Float32Array(n - 1)]);
      case 4: {
        const names = ['a', 'b', 'out'];
        const { range, label, expect } = badRange(rng, names);
        return call(op, label, expect, [a, b, new Float32Array(n), range]);
      }
      case 5: {
        const which = rng.int(5);
        if (which === 4) {
          return call(op, 'a and b detached', 'either', [detachedFloat32(n), detachedFloat32(n), new Float32Array(0)]);
        }
        if (which === 0) return call(op, 'a detached', 'either', [detachedFloat32(n), b]);
        if (which === 1) return call(op, 'out detached', 'either', [a, b, detachedFloat32(n)]);
        if (which === 2) return call(op, 'a a Proxy of a Float32Array', 'either', [new Proxy(a, {}), b], false);
        return call(op, 'a a throwing Proxy', 'hostile', [throwingProxy(a), b]);
      }
      case 6: {
        const which = rng.int(3);
        if (which === 0) return call(op, 'out aliasing a', 'valid', [a, b, a]);
        if (which === 1) return call(op, 'out aliasing b', 'valid', [a, b, b]);
        return call(op, 'a, b and out one array', 'valid', [a, a, a]);
      }
      case 7: {
        const length = rng.int(n + 1);
        return call(op, `range.length ${length} of ${n}`, 'valid', [a, b, undefined, { length }]);
      }
      default: {
        const buffers = notF32Buffers(fx);
        const value = pick(rng, buffers);
        return call(op, `a the f32 buffer, b ${describe(value)}`, 'bad', [fx.f32Buffer, value]);
      }
    }
  };
}

function fma(rng: SeededRandom, fx: Fixtures): FuzzCall {
  const op = 'vector.fma';
  const n = 1 + rng.int(8);
  const [a, b, c] = [f32(rng, n), f32(rng, n), f32(rng, n)];
  switch (rng.int(6)) {
    case 0: {
      const slot = rng.int(3);
      const { value, what } = badF32(rng, fx);
      const args: unknown[] = [a, b, c];
      args[slot] = value;
      return call(op, `${'abc'[slot]} ${what}`, 'bad', args);
    }
    case 1:
      return call(op, `c of ${n + 1} elements`, 'bad', [a, b, new Float32Array(n + 1)]);
    case 2: {
      const { range, label, expect } = badRange(rng, ['a', 'b', 'c', 'out']);
      return call(op, label, expect, [a, b, c, new Float32Array(n), range]);
    }
    case 3:
      return call(op, 'out aliasing c', 'valid', [a, b, c, c]);
    case 4:
      return call(op, 'c detached', 'either', [a, b, detachedFloat32(n)]);
    default: {
      const { value, what } = badF32(rng, fx);
      if (value === undefined) return call(op, 'out undefined', 'valid', [a, b, c, undefined]);
      return call(op, `out ${what}`, 'bad', [a, b, c, value]);
    }
  }
}

function dot(rng: SeededRandom, fx: Fixtures): FuzzCall {
  const op = 'vector.dot';
  const n = 1 + rng.int(8);
  const [a, b] = [f32(rng, n), f32(rng, n)];
  switch (rng.int(5)) {
    case 0: {
      const { value, what } = badF32(rng, fx);
      return call(op, `a ${what}`, 'bad', [value, b]);
    }
    case 1: {
      const { value, what } = badF32(rng, fx);
      return call(op, `b ${what}`, 'bad', [a, value]);
    }
    case 2: {
      const { range, label, expect } = badRange(rng, ['a', 'b']);
      return call(op, label, expect, [a, b, range]);
    }
    case 3:
      return call(op, 'b of another length', 'bad', [a, f32(rng, n + 1)]);
    default:
      return call(op, 'a and b one array', 'valid', [a, a]);
  }
}

function compare(rng: SeededRandom, fx: Fixtures): FuzzCall {
  const op = 'vector.compare';
  const n = 1 + rng.int(8);
  const [a, b] = [f32(rng, n), f32(rng, n)];
  switch (rng.int(6)) {
    case 0: {
      const operator = pick(rng, BAD_ENUMS);
      return call(op, `op ${describe(operator)}`, 'bad', [a, b, operator]);
    }
    case 1: {
      const { value, what } = badF32(rng, fx);
      if (typeof value === 'number') return call(op, `b the scalar ${what}`, 'valid', [a, value, 'lt']);
      return call(op, `b ${what}`, 'bad', [a, value, 'ge']);
    }
    case 2: {
      const out = pick(rng, [...NOT_ARRAYS.filter((v) => v !== undefined), ...WRONG_U8, ...notU8Buffers(fx)]);
      return call(op, `out ${describe(out)}`, 'bad', [a, b, 'eq', out]);
    }
    case 3: {
      const { range, label, expect } = badRange(rng, ['a', 'b', 'out']);
      return call(op, label, expect, [a, b, 'ne', new Uint8Array(n), range]);
    }
    case 4:
      return call(op, `out of ${n - 1} bytes`, 'bad', [a, b, 'le', new Uint8Array(n - 1)]);
    default:
      return call(op, 'scalar b NaN', 'valid', [a, Number.NaN, 'ne']);
  }
}

function reduction(operation: string): Maker {
  const op = `reduce.${operation}`;
  return (rng, fx) => {
    const n = 1 + rng.int(8);
    const x = f32(rng, n);
    switch (rng.int(6)) {
      case 0: {
        const { value, what } = badF32(rng, fx);
        return call(op, `x ${what}`, 'bad', [value]);
      }
      case 1: {
        const range = pick(rng, [null, 1, 'x', true, 1n, Symbol('r')]);
        return call(op, `range ${describe(range)}`, 'bad', [x, range]);
      }
      case 2: {
        const key = pick(rng, ['offset', 'stride', 'length'] as const);
        const value = pick(rng, BAD_COUNTS);
        const expect = key === 'length' ? 'bad' : placementExpect(key, value);
        return call(op, `range.${key} ${describe(value)}`, expect, [x, { [key]: value }]);
      }
      case 3: {
        const empty = operation === 'sum' ? 'valid' : 'bad';
        return call(op, 'an empty range', empty, [x, { offset: n }]);
      }
      case 4: {
        if (rng.int(2) === 0)
          return call(op, 'x detached', operation === 'sum' ? 'either' : 'bad', [detachedFloat32(n)]);
        return call(op, 'range with throwing getters', 'hostile', [x, throwingGetters(['offset', 'stride', 'length'])]);
      }
      default:
        return call(op, 'a strided sub-range', 'valid', [x, { offset: rng.int(n), stride: 1 + rng.int(3) }]);
    }
  };
}

/** sgemm: one field of a valid 2x3x4 problem made bad. */
function sgemm(rng: SeededRandom, fx: Fixtures): FuzzCall {
  const op = 'matmul.sgemm';
  const [m, n, k] = [2, 3, 4];
  const params: Record<string, unknown> = { m, n, k, a: f32(rng, m * k), b: f32(rng, k * n), c: f32(rng, m * n) };
  const withField = (key: string, value: unknown, expect: Expect, label = `${key} ${describe(value)}`): FuzzCall =>
    call(op, label, expect, [{ ...params, [key]: value }]);
  switch (rng.int(11)) {
    case 0:
    case 1: {
      const key = pick(rng, ['m', 'n', 'k', 'lda', 'ldb', 'ldc', 'aOffset', 'bOffset', 'cOffset']);
      const value = pick(rng, BAD_COUNTS);
      // An optional field left null takes its default.
      const optional = !['m', 'n', 'k'].includes(key);
      return withField(key, value, optional && value === null ? 'either' : 'bad');
    }
    case 2: {
      const key = pick(rng, ['alpha', 'beta']);
      return withField(key, pick(rng, BAD_FINITE), 'bad');
    }
    case 3: {
      const key = pick(rng, ['transA', 'transB']);
      return withField(key, pick(rng, BAD_FLAGS), 'bad');
    }
    case 4: {
      const key = pick(rng, ['a', 'b', 'c']);
      const { value, what } = badF32(rng, fx);
      return withField(key, value, 'bad', `${key} ${what}`);
    }
    case 5: {
      const value = pick(rng, [null, undefined, 1, 'sgemm', true, [], Symbol('p'), () => 0]);
      return call(op, `params ${describe(value)}`, 'bad', [value]);
    }
    case 6: {
      if (rng.int(2) === 0) return call(op, 'params a throwing Proxy', 'hostile', [throwingProxy()]);
      return call(op, 'params with throwing getters', 'hostile', [throwingGetters(Object.keys(params))]);
    }
    case 7: {
      const key = pick(rng, ['a', 'b', 'c']);
      return withField(key, new Float32Array(5), 'bad', `${key} of 5 elements`);
    }
    case 8: {
      const square = { m: 2, n: 2, k: 2, a: f32(rng, 4), b: f32(rng, 4) };
      const which = rng.int(3);
      if (which === 0) return call(op, 'c aliasing a', 'valid', [{ ...square, c: square.a, beta: 0.5 }]);
      if (which === 1) return call(op, 'c aliasing b, transposed', 'valid', [{ ...square, c: square.b, transB: true }]);
      return call(op, 'a, b and c one array', 'valid', [{ ...square, b: square.a, c: square.a, transA: false }]);
    }
    case 9: {
      // One row (or, transposed, one column) with a leading dimension past 2^32: valid, as long as the rows fit.
      const ld = pick(rng, [2 ** 32 + 2, 2 ** 40, 2 ** 53 - 1]);
      const row = { m: 1, n: 3, k: 4, a: f32(rng, 4), b: f32(rng, 12), c: f32(rng, 3) };
      const key = pick(rng, ['lda', 'ldc']);
      return call(op, `m 1 and ${key} ${ld}`, 'either', [{ ...row, [key]: ld }]);
    }
    default:
      return withField('c', detachedFloat32(m * n), 'bad', 'c detached');
  }
}

function compile(rng: SeededRandom): FuzzCall {
  const op = 'pattern.compile';
  switch (rng.int(6)) {
    case 0: {
      const value = pick(
        rng,
        NOT_ARRAYS.filter((v) => !Array.isArray(v)),
      );
      return call(op, `patterns ${describe(value)}`, 'bad', [value]);
    }
    case 1: {
      const element = pick(rng, [
        '',
        new Uint8Array(0),
        detachedUint8(3),
        null,
        undefined,
        5,
        {},
        new Uint16Array(2),
        new Float32Array(1),
        ['ab'],
        Symbol('p'),
        1n,
      ]);
      return call(op, `a pattern ${describe(element)}`, 'bad', [['ab', element]]);
    }
    case 2: {
      // Over the limit of every backend (2^20 - 1 bytes in all): one long pattern, or two.
      const one = rng.int(2) === 0;
      const patterns = one
        ? [new Uint8Array(2 ** 20)]
        : [new Uint8Array(2 ** 19).fill(1), new Uint8Array(2 ** 19).fill(2)];
      return call(op, one ? 'a pattern of 2^20 bytes' : 'two patterns of 2^19 bytes', 'bad', [patterns]);
    }
    case 3:
      if (rng.int(2) === 0) return call(op, 'no patterns (a set that matches nothing)', 'valid', [[]], false);
      // eslint-disable-next-line no-sparse-arrays
      return call(op, 'a sparse array', 'bad', [['a', , 'b']]);
    case 4:
      if (rng.int(2) === 0) return call(op, 'patterns a throwing Proxy of an Array', 'hostile', [throwingProxy(['a'])]);
      return call(op, 'a pattern a throwing Proxy', 'hostile', [['a', throwingProxy()]]);
    default:
      return {
        op,
        label: 'a valid set, released after',
        expect: 'valid',
        comparable: false,
        run: (t) => {
          const set = t.pattern.compile(['ab', 'b', new Uint8Array([0, 255])]) as PatternSet;
          if (set.count !== 3) throw new Error(`fuzz: count ${set.count}, 3 expected`);
          t.pattern.release(set);
          return set;
        },
      };
  }
}

function badSets(fx: Fixtures): readonly unknown[] {
  return [fx.releasedSet, ...fx.foreignSets, fx.f32Buffer, fx.model, ...forged(fx.provider), ...NOT_ARRAYS];
}

/** The matches of the fixture set `['ab', 'b']` in `data`, as `id@end` strings in the order of a MatchList. */
function fixtureMatches(data: Uint8Array): string[] {
  const matches: string[] = [];
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== 98) continue;
    if (i > 0 && data[i - 1] === 97) matches.push(`0@${i + 1}`);
    matches.push(`1@${i + 1}`);
  }
  return matches;
}

function scan(rng: SeededRandom, fx: Fixtures): FuzzCall {
  const op = 'pattern.scan';
  const data = u8(rng, 1 + rng.int(16));
  if (rng.int(5) === 0) {
    return {
      op,
      label: `a valid scan of ${data.length} bytes`,
      expect: 'valid',
      comparable: false,
      run: (t) => {
        const list = t.pattern.scan(fx.patternSet, data) as { count: number; ids: Uint32Array; ends: Float64Array };
        const got = Array.from({ length: list.count }, (_, i) => `${list.ids[i]}@${list.ends[i]}`).join(' ');
        const wanted = fixtureMatches(data).join(' ');
        if (got !== wanted) throw new Error(`fuzz: wrong matches [${got}], expected [${wanted}]`);
        return list;
      },
    };
  }
  switch (rng.int(4)) {
    case 0: {
      const set = pick(rng, badSets(fx));
      return call(op, `set ${describe(set)}`, 'bad', [set, data]);
    }
    case 1: {
      const value = pick(rng, [...NOT_ARRAYS, ...WRONG_U8, ...notU8Buffers(fx)]);
      return call(op, `data ${describe(value)}`, 'bad', [fx.patternSet, value], false);
    }
    case 2:
      return call(op, 'data detached', 'either', [fx.patternSet, detachedUint8(8)], false);
    default:
      return call(op, 'data a throwing Proxy', 'hostile', [fx.patternSet, throwingProxy(data)], false);
  }
}

function openStream(rng: SeededRandom, fx: Fixtures): FuzzCall {
  const set = pick(rng, badSets(fx));
  return call('pattern.openStream', `set ${describe(set)}`, 'bad', [set]);
}

function streamWrite(rng: SeededRandom, fx: Fixtures): FuzzCall {
  const op = 'pattern.stream.write';
  const which = rng.int(4);
  const chunk = pick(rng, [...NOT_ARRAYS, ...WRONG_U8, ...notU8Buffers(fx)]);
  const label = ['after close()', 'after its set was released', `chunk ${describe(chunk)}`, 'chunk detached'][which];
  return {
    op,
    label,
    expect: which === 3 ? 'either' : 'bad',
    comparable: false,
    run: (t) => {
      const set = (which === 1 ? t.pattern.compile(['ab']) : fx.patternSet) as PatternSet;
      const stream = t.pattern.openStream(set) as { write(c: unknown): unknown; close(): void };
      try {
        if (which === 0) stream.close();
        if (which === 1) t.pattern.release(set);
        return stream.write(which === 3 ? detachedUint8(4) : which === 2 ? chunk : new Uint8Array([97, 98]));
      } finally {
        stream.close();
      }
    },
  };
}

function patternRelease(rng: SeededRandom, fx: Fixtures): FuzzCall {
  const op = 'pattern.release';
  if (rng.int(4) === 0) return call(op, 'a released set again', 'valid', [fx.releasedSet], false);
  const set = pick(
    rng,
    badSets(fx).filter((s) => s !== fx.releasedSet),
  );
  return call(op, `set ${describe(set)}`, 'bad', [set], false);
}

function badModels(fx: Fixtures): readonly unknown[] {
  return [fx.releasedModel, ...fx.foreignModels, fx.f32Buffer, fx.patternSet, ...forged(fx.provider), ...NOT_ARRAYS];
}

function createModel(rng: SeededRandom): FuzzCall {
  const op = 'mlp.createModel';
  switch (rng.int(5)) {
    case 0: {
      const spec = pick(rng, [null, undefined, 1, 'mlp', true, Symbol('s'), {}, [3, 2]]);
      return call(op, `spec ${describe(spec)}`, 'bad', [spec]);
    }
    case 1: {
      const size = pick(
        rng,
        BAD_COUNTS.filter((v) => v !== 2 ** 32 + 2),
      );
      const layers = pick(rng, [[3], [], [3, size], [size, 2], [3, 0, 2], [2 ** 32 + 2, 2], [1e5, 1e5]]);
      return call(op, `layers ${describe(layers)} (${layers.map(describe).join(', ')})`, 'bad', [{ layers }]);
    }
    case 2: {
      const activation = pick(rng, [...BAD_ENUMS, null]);
      return call(op, `activation ${describe(activation)}`, 'bad', [{ layers: [3, 2], activation }]);
    }
    case 3: {
      const seed = pick(rng, [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1', null, {}, 1n, Symbol('s')]);
      return call(op, `seed ${describe(seed)}`, 'bad', [{ layers: [3, 2], seed }]);
    }
    default:
      if (rng.int(2) === 0)
        return call(op, 'spec with throwing getters', 'hostile', [throwingGetters(['layers', 'activation', 'seed'])]);
      return call(op, 'layers a throwing Proxy of an Array', 'hostile', [{ layers: throwingProxy([3, 2]) }]);
  }
}

function modelCall(operation: string): Maker {
  const op = `mlp.${operation}`;
  return (rng, fx) => {
    const batch = 2;
    const x = f32(rng, batch * 3);
    const labels = new Uint32Array([0, 1]);
    const tail: readonly unknown[] =
      operation === 'forward'
        ? [x, batch]
        : operation === 'loss'
          ? [x, labels, batch]
          : operation === 'trainStep'
            ? [x, labels, batch, { learningRate: 0.01 }]
            : operation === 'setParameters'
              ? [
                  {
                    weights: [new Float32Array(12), new Float32Array(8)],
                    biases: [new Float32Array(4), new Float32Array(2)],
                  },
                ]
              : [];
    if (rng.int(3) === 0 || tail.length === 0) {
      const model = pick(rng, badModels(fx));
      return call(op, `model ${describe(model)}`, 'bad', [model, ...tail], false);
    }
    const args = [fx.model, ...tail];
    const slot = 1 + rng.int(tail.length);
    const name =
      operation === 'setParameters'
        ? 'parameters'
        : ['model', 'x', ...(tail.length > 2 ? ['labels'] : []), 'batch', 'options'][slot];
    let value: unknown;
    let expect: Expect = 'bad';
    if (name === 'x') value = pick(rng, [...NOT_ARRAYS, ...WRONG_F32, new Float32Array(5), detachedFloat32(6)]);
    else if (name === 'labels') {
      value = pick(rng, [
        ...NOT_ARRAYS,
        new Int32Array(2),
        new Uint32Array(3),
        new Uint32Array([0, 2]),
        new Uint32Array([7, 2 ** 32 - 1]),
      ]);
    } else if (name === 'batch') value = pick(rng, [0, ...BAD_COUNTS, 3]);
    else if (name === 'options') {
      const learningRate = pick(rng, [0, -1, ...BAD_FINITE]);
      value = pick(rng, [null, 1, 'x', {}, { learningRate }, throwingGetters(['learningRate'])]);
    } else {
      value = pick(rng, [
        null,
        {},
        { weights: [], biases: [] },
        { weights: [new Float32Array(12)], biases: [new Float32Array(4), new Float32Array(2)] },
        { weights: [new Float32Array(12), new Float64Array(8)], biases: [new Float32Array(4), new Float32Array(2)] },
        { weights: [new Float32Array(12), new Float32Array(9)], biases: [new Float32Array(4), new Float32Array(2)] },
        { weights: 'w', biases: [] },
        throwingGetters(['weights', 'biases']),
        { weights: throwingProxy([]), biases: [] },
      ]);
    }
    if (isHostile(value)) expect = 'hostile';
    args[slot] = value;
    return call(op, `${name} ${describe(value)}`, expect, args, false);
  };
}

/** True when reading `value` or one of its own properties (one level down) runs into a throwing getter or trap. */
function isHostile(value: unknown, depth = 1): boolean {
  if (typeof value !== 'object' || value === null) return false;
  try {
    Object.getPrototypeOf(value);
    Array.isArray(value);
    for (const key of Object.keys(value)) {
      const inner = (value as Record<string, unknown>)[key];
      if (depth > 0 && isHostile(inner, depth - 1)) return true;
    }
    return false;
  } catch {
    return true;
  }
}

function modelRelease(rng: SeededRandom, fx: Fixtures): FuzzCall {
  const op = 'mlp.release';
  if (rng.int(4) === 0) return call(op, 'a released model again', 'valid', [fx.releasedModel], false);
  const model = pick(
    rng,
    badModels(fx).filter((m) => m !== fx.releasedModel),
  );
  return call(op, `model ${describe(model)}`, 'bad', [model], false);
}

function allocate(rng: SeededRandom): FuzzCall {
  const op = 'memory.allocate';
  if (rng.int(3) === 0) {
    const dtype = pick(rng, BAD_ENUMS);
    return call(op, `dtype ${describe(dtype)}`, 'bad', [4, dtype], false);
  }
  // No 2^32 + 2: a 16 GiB buffer may well be allocated; these cannot be.
  const length = pick(rng, [...BAD_COUNTS.filter((v) => v !== 2 ** 32 + 2), 2 ** 40, 2 ** 45, 2 ** 50]);
  return call(op, `length ${describe(length)}`, 'bad', [length, pick(rng, ['f32', 'u8', undefined])], false);
}

function copyToDevice(rng: SeededRandom, fx: Fixtures): FuzzCall {
  const op = 'memory.copyToDevice';
  switch (rng.int(4)) {
    case 0: {
      const buffer = pick(rng, [...notF32Buffers(fx).filter((b) => b !== fx.u8Buffer), ...NOT_ARRAYS]);
      return call(op, `buffer ${describe(buffer)}`, 'bad', [buffer, new Float32Array(2)], false);
    }
    case 1: {
      const data = pick(rng, [...NOT_ARRAYS, ...WRONG_F32, new Float32Array(9), fx.f32Buffer]);
      return call(op, `data ${describe(data)}`, 'bad', [fx.f32Buffer, data], false);
    }
    case 2: {
      const offset = pick(rng, [...BAD_COUNTS, 9, 7]);
      const expect: Expect = offset === null ? 'either' : 'bad';
      return call(
        op,
        `offset ${describe(offset)} (2 elements)`,
        expect,
        [fx.f32Buffer, new Float32Array(2), offset],
        false,
      );
    }
    default:
      return call(op, 'data detached', 'either', [fx.u8Buffer, detachedUint8(4), 0], false);
  }
}

function copyFromDevice(rng: SeededRandom, fx: Fixtures): FuzzCall {
  const buffer = pick(rng, [...notF32Buffers(fx).filter((b) => b !== fx.u8Buffer), ...NOT_ARRAYS]);
  return call('memory.copyFromDevice', `buffer ${describe(buffer)}`, 'bad', [buffer], false);
}

function free(rng: SeededRandom, fx: Fixtures): FuzzCall {
  const op = 'memory.free';
  if (rng.int(4) === 0) return call(op, 'a freed buffer again', 'valid', [fx.releasedBuffer], false);
  const buffer = pick(rng, [
    ...notF32Buffers(fx).filter((b) => b !== fx.u8Buffer && b !== fx.releasedBuffer),
    ...NOT_ARRAYS,
  ]);
  return call(op, `buffer ${describe(buffer)}`, 'bad', [buffer], false);
}

function noArguments(operation: string): Maker {
  return (rng) => {
    const junk = pick(rng, NOT_ARRAYS);
    return call(`memory.${operation}`, `an extra argument ${describe(junk)}`, 'valid', [junk], false);
  };
}

/** Every operation the fuzz calls, with its maker, in a fixed order. */
export const MAKERS: readonly (readonly [string, Maker])[] = [
  ['vector.add', binary('add')],
  ['vector.sub', binary('sub')],
  ['vector.mul', binary('mul')],
  ['vector.div', binary('div')],
  ['vector.fma', fma],
  ['vector.dot', dot],
  ['vector.compare', compare],
  ['reduce.sum', reduction('sum')],
  ['reduce.min', reduction('min')],
  ['reduce.max', reduction('max')],
  ['reduce.argmax', reduction('argmax')],
  ['matmul.sgemm', sgemm],
  ['pattern.compile', compile],
  ['pattern.scan', scan],
  ['pattern.openStream', openStream],
  ['pattern.stream.write', streamWrite],
  ['pattern.release', patternRelease],
  ['mlp.createModel', createModel],
  ['mlp.getParameters', modelCall('getParameters')],
  ['mlp.setParameters', modelCall('setParameters')],
  ['mlp.forward', modelCall('forward')],
  ['mlp.loss', modelCall('loss')],
  ['mlp.trainStep', modelCall('trainStep')],
  ['mlp.release', modelRelease],
  ['memory.allocate', allocate],
  ['memory.copyToDevice', copyToDevice],
  ['memory.copyFromDevice', copyFromDevice],
  ['memory.free', free],
  ['memory.info', noArguments('info')],
  ['memory.synchronize', noArguments('synchronize')],
];

/** The `index`-th call of a run: the operations in turn, each call's bad argument drawn from `rng`. */
export function nextCall(index: number, rng: SeededRandom, fx: Fixtures): FuzzCall {
  const [, make] = MAKERS[index % MAKERS.length];
  return make(rng, fx);
}
