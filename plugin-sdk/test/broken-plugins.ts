/**
 * Plugins for the kit's own tests: backends that delegate to a started cpu instance, some
 * with one deliberate bug each.
 */
import cpuBackend from '@knhk/backend-cpu';
import {
  type Accumulation,
  type DeviceMemory,
  type F32Input,
  type KnhkPlugin,
  type MatchList,
  type Matmul,
  type Reductions,
  type SgemmParams,
  type PatternMatcher,
  type PatternSet,
  PluginInstance,
  type VectorOps,
  type VectorRange,
  defineBackend,
  defineKernel,
  elementCount,
  sgemmShape,
} from '@knhk/plugin-sdk';

/** The cpu instance the wrappers delegate to; started by {@link startDelegate}. */
let delegate: PluginInstance | undefined;

/** Starts the cpu instance the test plugins delegate to. */
export async function startDelegate(): Promise<void> {
  delegate = await PluginInstance.start(cpuBackend);
}

/** Disposes it. */
export async function stopDelegate(): Promise<void> {
  await delegate?.dispose();
  delegate = undefined;
}

function cpu(): PluginInstance {
  if (delegate === undefined) throw new Error('startDelegate() was not called');
  return delegate;
}

/**
 * `target` with some methods replaced; the others are bound to `target`. The proxy's own
 * target is an empty object, so that a frozen `target` (a plugin's kernel table) can be wrapped.
 */
export function override<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy({} as T, {
    get(_empty, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Replacements of the delegated providers. */
export interface Bugs {
  readonly vector?: (v: VectorOps) => Partial<VectorOps>;
  readonly matmul?: (m: Matmul) => Partial<Matmul>;
  readonly reduce?: (r: Reductions) => Partial<Reductions>;
  readonly pattern?: (p: PatternMatcher) => PatternMatcher;
  /** When given, the plugin also provides memory (whose buffers name the cpu as their provider). */
  readonly memory?: (m: DeviceMemory) => Partial<DeviceMemory>;
  readonly detect?: KnhkPlugin['detect'];
  readonly dispose?: KnhkPlugin['dispose'];
}

/** A backend named `name` providing vector, reduce, matmul and pattern through the cpu instance, with `bugs`. */
export function wrappedBackend(name: string, bugs: Bugs = {}): KnhkPlugin {
  return defineBackend({
    name,
    version: '1.0.0',
    description: `cpu with a bug (${name})`,
    detect:
      bugs.detect ?? (() => ({ available: true, reason: 'delegates to the cpu backend', devices: cpu().devices })),
    dispose: bugs.dispose,
    providers: {
      vector: { useFactory: () => override(cpu().get('vector'), bugs.vector?.(cpu().get('vector')) ?? {}) },
      reduce: { useFactory: () => override(cpu().get('reduce'), bugs.reduce?.(cpu().get('reduce')) ?? {}) },
      matmul: { useFactory: () => override(cpu().get('matmul'), bugs.matmul?.(cpu().get('matmul')) ?? {}) },
      pattern: { useFactory: () => (bugs.pattern ?? renamedSets(name))(cpu().get('pattern')) },
      ...(bugs.memory
        ? { memory: { useFactory: () => override(cpu().get('memory'), bugs.memory?.(cpu().get('memory')) ?? {}) } }
        : {}),
    },
  });
}

/** Element count of a dense-or-strided host call, as the interfaces define it. */
function count(a: F32Input, b: F32Input, range: VectorRange | undefined): number {
  const operand = (name: string, x: F32Input, strided: VectorRange['a']) => ({ name, arrayLength: x.length, strided });
  return elementCount('test', range?.length, [operand('a', a, range?.a), operand('b', b, range?.b)]);
}

/** The next float32 above `x`. */
function nextUp(x: number): number {
  const bits = new Uint32Array(Float32Array.of(x).buffer);
  bits[0] += x >= 0 ? 1 : -1;
  return new Float32Array(bits.buffer)[0];
}

/** (1) dot is off by a small error. */
export const dotOffBySmallError = (v: VectorOps): Partial<VectorOps> => ({
  dot: (a, b, range) => v.dot(a, b, range) + 1e-3,
});

/** (1b) dot drops the last element. */
export const dotDropsLast = (v: VectorOps): Partial<VectorOps> => ({
  dot: (a, b, range) => {
    if (!(a instanceof Float32Array && b instanceof Float32Array)) return v.dot(a, b, range);
    const n = count(a, b, range);
    return n === 0 ? 0 : v.dot(a, b, { ...range, length: n - 1 });
  },
});

/** (2) add gets its middle element one ulp wrong, for odd lengths only. */
export const addWrongForOddLengths = (v: VectorOps): Partial<VectorOps> => ({
  add: <T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T => {
    const result = v.add(a, b, out, range);
    const n = count(a, b, range);
    if (n % 2 === 1 && result instanceof Float32Array) {
      const placement = out === undefined ? undefined : range?.out;
      const index = (placement?.offset ?? 0) + (n >> 1) * (placement?.stride ?? 1);
      result[index] = nextUp(result[index]);
    }
    return result;
  },
});

/** (5) add throws a plain Error on mismatched lengths. */
export const addThrowsUncoded = (v: VectorOps): Partial<VectorOps> => ({
  add: <T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T => {
    if (range === undefined && a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
    return v.add(a, b, out, range);
  },
});

/** (4) sgemm ignores beta. */
export const sgemmIgnoresBeta = (m: Matmul): Partial<Matmul> => ({
  sgemm: <T extends F32Input>(params: SgemmParams<T>): T => m.sgemm({ ...params, beta: 0 }),
});

/** A pattern set of the wrapper: it names the wrapper as its provider and keeps the cpu's set. */
interface WrappedSet extends PatternSet {
  readonly inner: PatternSet;
  readonly lengths: readonly number[];
}

/** Pattern sets renamed to the wrapper's name, matches optionally filtered. */
function renamedSets(name: string, filter: (list: MatchList, lengths: readonly number[]) => MatchList = (l) => l) {
  return (p: PatternMatcher): PatternMatcher => {
    const unwrap = (set: PatternSet): PatternSet => (set as WrappedSet).inner ?? set;
    return {
      compile(patterns) {
        const inner = p.compile(patterns);
        const lengths = patterns.map((x) => (typeof x === 'string' ? new TextEncoder().encode(x).length : x.length));
        return {
          kind: 'pattern-set',
          provider: name,
          count: inner.count,
          inner,
          lengths,
          get released() {
            return inner.released;
          },
        } as WrappedSet;
      },
      scan: (set, data) => filter(p.scan(unwrap(set), data), (set as WrappedSet).lengths ?? []),
      openStream: (set) => p.openStream(unwrap(set)),
      release: (set) => p.release(unwrap(set)),
    };
  };
}

/** Keeps only matches that start at or after the end of the previous kept match. */
function dropOverlaps(list: MatchList, lengths: readonly number[]): MatchList {
  const ids: number[] = [];
  const ends: number[] = [];
  let lastEnd = -1;
  for (let i = 0; i < list.count; i++) {
    if (list.ends[i] - lengths[list.ids[i]] < lastEnd) continue;
    ids.push(list.ids[i]);
    ends.push(list.ends[i]);
    lastEnd = list.ends[i];
  }
  return { count: ids.length, ids: Uint32Array.from(ids), ends: Float64Array.from(ends) };
}

/** (3) scan skips overlapping matches. */
export const patternSkipsOverlaps = (name: string): ((p: PatternMatcher) => PatternMatcher) =>
  renamedSets(name, dropOverlaps);

/** The values of a strided host operand. */
function gather(x: Float32Array, placement: VectorRange['a'], n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = x[(placement?.offset ?? 0) + i * (placement?.stride ?? 1)];
  return out;
}

/**
 * A legitimate alternative: dot accumulates rounded float32 products backwards in float32, and
 * fma rounds a*b before adding c. The kit's tolerances must admit it.
 */
export const float32Vector = (v: VectorOps): Partial<VectorOps> => ({
  dot: (a, b, range) => {
    const reference = v.dot(a, b, range);
    if (!(a instanceof Float32Array && b instanceof Float32Array)) return reference;
    const n = count(a, b, range);
    const [x, y] = [gather(a, range?.a, n), gather(b, range?.b, n)];
    let sum = 0;
    for (let i = n - 1; i >= 0; i--) sum = Math.fround(sum + Math.fround(x[i] * y[i]));
    return sum;
  },
  fma: <T extends F32Input>(a: T, b: F32Input, c: F32Input, out?: T, range?: VectorRange): T => {
    const [x, y, z] = [a, b, c].map((input) => (input as Float32Array).slice());
    const result = v.fma(a, b, c, out, range) as Float32Array;
    const n = count(x, y, range);
    const placement = out === undefined ? undefined : range?.out;
    const [xs, ys, zs] = [gather(x, range?.a, n), gather(y, range?.b, n), gather(z, range?.c, n)];
    for (let i = 0; i < n; i++) {
      result[(placement?.offset ?? 0) + i * (placement?.stride ?? 1)] = Math.fround(Math.fround(xs[i] * ys[i]) + zs[i]);
    }
    return result as T;
  },
});

/** Pairwise float32 sum. */
function pairwise(x: Float32Array, from: number, to: number): number {
  if (to - from <= 8) {
    let sum = 0;
    for (let i = from; i < to; i++) sum = Math.fround(sum + x[i]);
    return sum;
  }
  const middle = (from + to) >> 1;
  return Math.fround(pairwise(x, from, middle) + pairwise(x, middle, to));
}

/** A legitimate alternative: sum is pairwise in float32. */
export const float32Reduce = (r: Reductions): Partial<Reductions> => ({
  sum: (x, range) => {
    const reference = r.sum(x, range);
    if (!(x instanceof Float32Array)) return reference;
    const n = elementCount('test', range?.length, [{ name: 'x', arrayLength: x.length, strided: range }]);
    return pairwise(gather(x, range, n), 0, n);
  },
});

/** A legitimate alternative: sgemm accumulates in float32 over k backwards. */
export const float32Matmul = (m: Matmul): Partial<Matmul> => ({
  sgemm: <T extends F32Input>(params: SgemmParams<T>): T => {
    if (typeof params !== 'object' || params === null) return m.sgemm(params);
    const c = params.c as Float32Array;
    m.sgemm({ ...params, c: c.slice() });
    const s = sgemmShape(params, { a: params.a.length, b: params.b.length, c: c.length });
    const [a, b] = [params.a as Float32Array, params.b as Float32Array];
    const A = (i: number, l: number): number => a[s.aOffset + (s.transA ? l * s.lda + i : i * s.lda + l)];
    const B = (l: number, j: number): number => b[s.bOffset + (s.transB ? j * s.ldb + l : l * s.ldb + j)];
    for (let i = 0; i < s.m; i++) {
      for (let j = 0; j < s.n; j++) {
        let sum = 0;
        for (let l = s.alpha === 0 ? -1 : s.k - 1; l >= 0; l--) sum = Math.fround(sum + Math.fround(A(i, l) * B(l, j)));
        const at = s.cOffset + i * s.ldc + j;
        const scaled = Math.fround(s.alpha * sum);
        c[at] = s.beta === 0 ? scaled : Math.fround(scaled + Math.fround(s.beta * c[at]));
      }
    }
    return params.c;
  },
});

/** (planted) An empty sum returns -0 instead of +0. */
export const sumEmptyNegativeZero = (r: Reductions): Partial<Reductions> => ({
  sum: (x, range) => {
    const value = r.sum(x, range);
    return value === 0 && x.length === 0 ? -0 : value;
  },
});

/** (planted) max ignores NaN: it answers the largest of the other elements. */
export const maxIgnoresNaN = (r: Reductions): Partial<Reductions> => ({
  max: (x, range) => {
    if (!(x instanceof Float32Array)) return r.max(x, range);
    const kept = Float32Array.from(x).map((v) => (Number.isNaN(v) ? -Infinity : v));
    return r.max(kept, range);
  },
});

/** (planted) min orders -0 above +0: it answers +0 where -0 and +0 are the smallest. */
export const minOrdersNegativeZeroAbove = (r: Reductions): Partial<Reductions> => ({
  min: (x, range) => {
    const value = r.min(x, range);
    return Object.is(value, -0) ? 0 : value;
  },
});

/** (planted) dot is 10% too large from 2^20 elements on. */
export const dotTenPercentOffWhenLarge = (v: VectorOps): Partial<VectorOps> => ({
  dot: (a, b, range) => {
    const value = v.dot(a, b, range);
    return a.length >= 1 << 20 ? value * 1.1 : value;
  },
});

/** (planted) dot leaves out element 1001 of dense inputs longer than that. */
export const dotDropsElement1001 = (v: VectorOps): Partial<VectorOps> => ({
  dot: (a, b, range) => {
    if (range !== undefined || !(a instanceof Float32Array && b instanceof Float32Array) || a.length <= 1001)
      return v.dot(a, b, range);
    return v.dot(a, b, range) - a[1001] * b[1001];
  },
});

/** (planted) dot is 1e-3 too large (relative) from 2^20 elements on. */
export const dotRelativeErrorWhenLarge = (v: VectorOps): Partial<VectorOps> => ({
  dot: (a, b, range) => {
    const value = v.dot(a, b, range);
    return a.length >= 1 << 20 ? value * (1 + 1e-3) : value;
  },
});

/** (planted) sum is 1e-3 too large (relative) from 2^20 elements on. */
export const sumRelativeErrorWhenLarge = (r: Reductions): Partial<Reductions> => ({
  sum: (x, range) => {
    const value = r.sum(x, range);
    return x.length >= 1 << 20 ? value * (1 + 1e-3) : value;
  },
});

/**
 * A backend that registers only vector.dot, reduce.sum and matmul.sgemm, as kernels that
 * declare `accumulation`, computed by the cpu instance (which accumulates in float64) with `bugs`.
 */
export function kernelBackend(
  name: string,
  accumulation: Accumulation,
  bugs: Pick<Bugs, 'vector' | 'reduce' | 'matmul'> = {},
): KnhkPlugin {
  const vector = (): VectorOps => override(cpu().get('vector'), bugs.vector?.(cpu().get('vector')) ?? {});
  const reduce = (): Reductions => override(cpu().get('reduce'), bugs.reduce?.(cpu().get('reduce')) ?? {});
  const matmul = (): Matmul => override(cpu().get('matmul'), bugs.matmul?.(cpu().get('matmul')) ?? {});
  return defineBackend({
    name,
    version: '1.0.0',
    description: `cpu dot and sum declared ${accumulation} (${name})`,
    detect: () => ({ available: true, reason: 'delegates to the cpu backend', devices: cpu().devices }),
    kernels: [
      defineKernel({
        capability: 'vector',
        operation: 'dot',
        accumulation,
        create: () => {
          const v = vector();
          return (a, b, range) => v.dot(a, b, range);
        },
      }),
      defineKernel({
        capability: 'reduce',
        operation: 'sum',
        accumulation,
        create: () => {
          const r = reduce();
          return (x, range) => r.sum(x, range);
        },
      }),
      defineKernel({
        capability: 'matmul',
        operation: 'sgemm',
        accumulation,
        create: () => {
          const m = matmul();
          return (params) => m.sgemm(params);
        },
      }),
    ],
  });
}

/** (planted) dot reads a strided `a` at stride - 1 (an off-by-one stride). */
export const dotStrideOffByOne = (v: VectorOps): Partial<VectorOps> => ({
  dot: (a, b, range) => {
    const stride = range?.a?.stride ?? 1;
    if (!(stride > 1) || !(a instanceof Float32Array && b instanceof Float32Array)) return v.dot(a, b, range);
    const n = count(a, b, range);
    return v.dot(a, b, { ...range, length: n, a: { ...range?.a, stride: stride - 1 } });
  },
});

/** (planted) sum of a strided range reads x[offset + i * stride + 1], one past each element. */
export const sumReadsOnePastStride = (r: Reductions): Partial<Reductions> => ({
  sum: (x, range) => {
    const stride = range?.stride ?? 1;
    if (!(stride > 1) || !(x instanceof Float32Array)) return r.sum(x, range);
    const n = elementCount('test', range?.length, [{ name: 'x', arrayLength: x.length, strided: range }]);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += x[(range?.offset ?? 0) + i * stride + 1] ?? NaN;
    return sum;
  },
});

/**
 * (planted) sgemm ignores `flag` (transA or transB): it indexes that matrix as if it were
 * stored untransposed (with the leading dimension it was given), as a kernel that forgot the
 * flag would; reads past the array give NaN.
 */
export const sgemmIgnores =
  (flag: 'transA' | 'transB') =>
  (m: Matmul): Partial<Matmul> => ({
    sgemm: <T extends F32Input>(params: SgemmParams<T>): T => {
      if (typeof params !== 'object' || params === null || !params[flag]) return m.sgemm(params);
      const c = params.c as Float32Array;
      m.sgemm({ ...params, c: c.slice() }); // the argument checks
      const s = sgemmShape(params, { a: params.a.length, b: params.b.length, c: c.length });
      const [a, b] = [params.a as Float32Array, params.b as Float32Array];
      const [transA, transB] = [s.transA && flag !== 'transA', s.transB && flag !== 'transB'];
      const A = (i: number, l: number): number => a[s.aOffset + (transA ? l * s.lda + i : i * s.lda + l)] ?? NaN;
      const B = (l: number, j: number): number => b[s.bOffset + (transB ? j * s.ldb + l : l * s.ldb + j)] ?? NaN;
      for (let i = 0; i < s.m; i++) {
        for (let j = 0; j < s.n; j++) {
          let sum = 0;
          for (let l = 0; s.alpha !== 0 && l < s.k; l++) sum += A(i, l) * B(l, j);
          const at = s.cOffset + i * s.ldc + j;
          c[at] = s.beta === 0 ? s.alpha * sum : s.alpha * sum + s.beta * c[at];
        }
      }
      return params.c;
    },
  });

/**
 * (planted) scan cuts data longer than `chunk` bytes into chunks and scans each on its own,
 * so that a match straddling two chunks is missed (streams are not affected).
 */
export function patternScansInChunks(name: string, chunk: number): (p: PatternMatcher) => PatternMatcher {
  return (p) => {
    const base = renamedSets(name)(p);
    return {
      ...base,
      scan(set, data) {
        if (!(data instanceof Uint8Array) || data.length <= chunk) return base.scan(set, data);
        const ids: number[] = [];
        const ends: number[] = [];
        for (let start = 0; start < data.length; start += chunk) {
          const list = base.scan(set, data.subarray(start, start + chunk));
          for (let i = 0; i < list.count; i++) {
            ids.push(list.ids[i]);
            ends.push(list.ends[i] + start);
          }
        }
        return { count: ids.length, ids: Uint32Array.from(ids), ends: Float64Array.from(ends) };
      },
    };
  };
}

/** (planted) sum is 10% too large from 2^20 elements on. */
export const sumTenPercentOffWhenLarge = (r: Reductions): Partial<Reductions> => ({
  sum: (x, range) => {
    const value = r.sum(x, range);
    return x.length >= 1 << 20 ? value * 1.1 : value;
  },
});
