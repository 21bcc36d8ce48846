/**
 * Checks of the `vector` capability: element-wise arithmetic (bit-exact, fma within a
 * rounding bound), dot products (exact on small integers, bounded on floats) and comparisons,
 * on many sizes, placements, aliasing and special values, plus its argument errors.
 */
import { type CompareOp, type KnhkErrorCode, type VectorOps, type VectorRange, stridedSpan } from '@knhk/core';
import {
  attempt,
  expectBytesEqual,
  expectF32Equal,
  expectKnhkError,
  expectNumber,
  expectSameNumber,
  expectThat,
} from './compare.js';
import { compensatedSum, declaredAccumulation, fmaTolerance, sumTolerance } from './error-bounds.js';
import { type Placement, type Random, placeValues, placedIndex, takeValues } from './random.js';
import type { CheckContext, ConformanceCheck } from './types.js';

/** The element-wise arithmetic operations. */
export type ArithmeticOp = 'add' | 'sub' | 'mul' | 'div' | 'fma';
const ARITHMETIC_OPS: readonly ArithmeticOp[] = ['add', 'sub', 'mul', 'div', 'fma'];
/** The comparison operators of `vector.compare`. */
export const COMPARE_OPS: readonly CompareOp[] = ['lt', 'le', 'gt', 'ge', 'eq', 'ne'];
const ODD_SIZES = [15, 17, 31, 33, 1023, 1025];
const F32_MAX = 3.4028234663852886e38;
const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -3, 2, F32_MAX, -F32_MAX, 2 ** -126, 1e30, -1e-30];
const FMA_SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -3, 2];
const TINY_VALUES = [2 ** -149, -(2 ** -149), 3 * 2 ** -149, 2 ** -127, -1.5 * 2 ** -130, 2 ** -126, -(2 ** -126)];
const SMALL_VALUES = [2 ** -100, -(2 ** -75), 1e-20, 0.75, -1.5, 3, 0, -0];
const SUBNORMAL_MIX = [...TINY_VALUES, ...SMALL_VALUES];

type Role = 'a' | 'b' | 'c' | 'out';

/** Where the operands of one call live, and how many elements it covers. */
interface Layout {
  readonly label: string;
  readonly n: number;
  readonly range?: VectorRange;
  /** Elements after the last used one in every array (less than each stride keeps counts exact). */
  readonly extra?: number;
  /** Whether the call gets an `out` array (else the provider allocates the result). */
  readonly withOut: boolean;
}

/** One call: operands are indices into `arrays`, so that aliasing survives copying. */
interface Call {
  readonly label: string;
  readonly arrays: readonly Float32Array[];
  readonly a: number;
  readonly b: number;
  readonly c?: number;
  readonly out?: number;
  readonly range?: VectorRange;
}

/** Operand values of a layout. */
type Values = (rng: Random, n: number) => Float32Array;

const randomValues: Values = (rng, n) => rng.f32Array(n);
const smallIntegers: Values = (rng, n) => rng.intArray(n, -2, 2);
/** Half small integers (many ties), half random floats. */
const mixedValues: Values = (rng, n) => {
  const out = rng.f32Array(n);
  for (let i = 0; i < n; i++) if (rng.float() < 0.5) out[i] = rng.int(-2, 2) / 2;
  return out;
};

/**
 * Random floats of mixed magnitudes, 95% of them positive: products of two such arrays are
 * mostly positive, so the exact dot is about 0.8 of the sum of absolute products and a 10%
 * error exceeds the float32 worst-case bound even at 2^20 elements.
 */
const mostlyPositive: Values = (rng, n) => {
  const out = rng.f32Array(n);
  for (let i = 0; i < n; i++) if (rng.float() < 0.95) out[i] = Math.abs(out[i]);
  return out;
};

/** A family of calls that one check runs. */
interface Family {
  readonly name: string;
  /** Dot products: compare exactly (inputs whose every partial sum is exact). */
  readonly exact?: boolean;
  /** Special values: compare every value of `a` as a scalar too. */
  readonly special?: boolean;
  calls(rng: Random, largeSize: number, withC: boolean): Call[];
}

function buildCall(rng: Random, layout: Layout, values: Values, withC: boolean): Call {
  const extra = layout.extra ?? 0;
  const place = (role: Role, v: Float32Array): Float32Array => placeValues(v, layout.range?.[role], extra);
  const arrays = [place('a', values(rng, layout.n)), place('b', values(rng, layout.n))];
  if (withC) arrays.push(place('c', values(rng, layout.n)));
  if (layout.withOut) arrays.push(place('out', rng.f32Array(layout.n)));
  const out = layout.withOut ? arrays.length - 1 : undefined;
  return { label: layout.label, arrays, a: 0, b: 1, c: withC ? 2 : undefined, out, range: layout.range };
}

function sizeLayouts(sizes: readonly number[]): Layout[] {
  return sizes.flatMap((n) => [
    { label: `n=${n}`, n, withOut: false },
    { label: `n=${n} with out`, n, withOut: true },
  ]);
}

const EMPTY_LAYOUTS: readonly Layout[] = [
  ...sizeLayouts([0]),
  { label: 'length 0 of 5 elements', n: 0, range: { length: 0 }, extra: 5, withOut: true },
];

/** Offsets, strides and explicit lengths, with exact counts (no length) or longer arrays (length). */
function stridedLayouts(n: number): Layout[] {
  const offsets: VectorRange = { a: { offset: 3 }, b: { offset: 1 }, c: { offset: 2 }, out: { offset: 5 } };
  const strides: VectorRange = {
    a: { stride: 2 },
    b: { offset: 1, stride: 3 },
    c: { offset: 2, stride: 4 },
    out: { offset: 2, stride: 2 },
  };
  // Several strides and offsets per operand, so that a stride read as stride - 1 or an
  // element read one past its place cannot pass by chance.
  const wide: VectorRange = {
    a: { offset: 4, stride: 5 },
    b: { offset: 6, stride: 7 },
    c: { offset: 1, stride: 6 },
    out: { offset: 3, stride: 5 },
  };
  const length: VectorRange = {
    length: n,
    a: { offset: 1, stride: 2 },
    b: { offset: 2 },
    c: { stride: 3 },
    out: { offset: 3, stride: 3 },
  };
  return [
    { label: `n=${n}, offsets`, n, range: offsets, withOut: true },
    { label: `n=${n}, offsets, allocated out`, n, range: offsets, withOut: false },
    { label: `n=${n}, strides and offsets`, n, range: strides, extra: 1, withOut: true },
    { label: `n=${n}, strides 5 to 7 and offsets`, n, range: wide, extra: 2, withOut: true },
    { label: `n=${n}, explicit length in longer arrays`, n, range: length, extra: 7, withOut: true },
    { label: `n=${n}, explicit length, allocated out`, n, range: length, extra: 7, withOut: false },
  ];
}

const STRIDED_LAYOUTS = [1, 16, 257].flatMap(stridedLayouts);

function layoutFamily(
  name: string,
  layouts: (largeSize: number) => readonly Layout[],
  values: Values,
  exact?: boolean,
): Family {
  return {
    name,
    exact,
    calls: (rng, largeSize, withC) => layouts(largeSize).map((layout) => buildCall(rng, layout, values, withC)),
  };
}

/** Every combination of one value per list, as one array per list. */
function combinations(lists: readonly (readonly number[])[]): Float32Array[] {
  const n = lists.reduce((count, list) => count * list.length, 1);
  const arrays = lists.map(() => new Float32Array(n));
  for (let i = 0; i < n; i++) {
    let rest = i;
    lists.forEach((list, r) => {
      arrays[r][i] = list[rest % list.length];
      rest = Math.floor(rest / list.length);
    });
  }
  return arrays;
}

function specialFamily(name: string, values: readonly number[], fmaValues: readonly number[]): Family {
  return {
    name,
    special: true,
    calls(rng, _largeSize, withC) {
      const used = withC ? fmaValues : values;
      const arrays = combinations(withC ? [used, used, used] : [used, used]);
      const c = withC ? 2 : undefined;
      const withOut = [...arrays, rng.f32Array(arrays[0].length)];
      const label = `every combination of ${used.length} values`;
      return [
        { label, arrays, a: 0, b: 1, c },
        {
          label: `${label}, with out`,
          arrays: withOut,
          a: 0,
          b: 1,
          c,
          out: arrays.length,
        },
      ];
    },
  };
}

const aliasFamily: Family = {
  name: 'out aliasing an input',
  calls(rng, _largeSize, withC) {
    const n = 33;
    const fresh = (): Float32Array[] => [rng.f32Array(n), rng.f32Array(n), rng.f32Array(n)];
    const c = withC ? 2 : undefined;
    const strided: VectorRange = { a: { offset: 2, stride: 2 }, out: { offset: 2, stride: 2 } };
    const calls: Call[] = [
      { label: 'out = a', arrays: fresh(), a: 0, b: 1, c, out: 0 },
      { label: 'out = b', arrays: fresh(), a: 0, b: 1, c, out: 1 },
      { label: 'a = b = out', arrays: fresh(), a: 0, b: 0, c, out: 0 },
      {
        label: 'out = a at the same offset and stride',
        arrays: [rng.f32Array(2 * n + 2), ...fresh()],
        a: 0,
        b: 1,
        c: withC ? 3 : undefined,
        out: 0,
        range: strided,
      },
    ];
    return withC ? [...calls, { label: 'out = c', arrays: fresh(), a: 0, b: 1, c: 2, out: 2 }] : calls;
  },
};

function arithmeticFamilies(): Family[] {
  return [
    layoutFamily('empty', () => EMPTY_LAYOUTS, randomValues),
    layoutFamily('sizes 1, 2, 3', () => sizeLayouts([1, 2, 3]), randomValues),
    layoutFamily('random odd sizes', () => sizeLayouts(ODD_SIZES), randomValues),
    layoutFamily('large size', (large) => sizeLayouts([large]), randomValues),
    layoutFamily('offsets, strides and explicit length', () => STRIDED_LAYOUTS, randomValues),
    aliasFamily,
    specialFamily('NaN, ±Inf and ±0', SPECIALS, FMA_SPECIALS),
    specialFamily('subnormals', SUBNORMAL_MIX, [...TINY_VALUES, 2 ** -75, -1.5, 0]),
  ];
}

/** Number of elements a call covers. */
function elementCount(call: Call): number {
  return call.range?.length ?? stridedSpan('kit', 'a', call.arrays[call.a].length, call.range?.a).available;
}

function roleName(call: Call, index: number): string {
  const roles = (['a', 'b', 'c', 'out'] as const).filter((role) => call[role] === index);
  return roles.length > 0 ? roles.join(' = ') : `array ${index}`;
}

function invoke(v: VectorOps, op: ArithmeticOp, arrays: Float32Array[], call: Call): Float32Array {
  const out = call.out === undefined ? undefined : arrays[call.out];
  if (op === 'fma') return v.fma(arrays[call.a], arrays[call.b], arrays[call.c ?? 2], out, call.range);
  return v[op](arrays[call.a], arrays[call.b], out, call.range);
}

/** Per-element fma tolerances of the output: dense, or at the out placement in an array of `size`. */
function fmaTolerances(call: Call, size: number, out: Placement | undefined): Float64Array {
  const n = elementCount(call);
  const value = (role: 'a' | 'b' | 'c'): Float64Array =>
    takeValues(call.arrays[call[role] ?? 0], call.range?.[role], n);
  const [a, b, c] = [value('a'), value('b'), value('c')];
  const tolerance = new Float64Array(size);
  for (let i = 0; i < n; i++) tolerance[placedIndex(out, i)] = fmaTolerance(a[i], b[i], c[i]);
  return tolerance;
}

function runArithmetic(ctx: CheckContext, op: ArithmeticOp, call: Call): void {
  const expected = call.arrays.map((x) => x.slice());
  const actual = call.arrays.map((x) => x.slice());
  const label = `${call.label}: vector.${op}`;
  const want = attempt(`${call.label}: the reference's vector.${op}`, () =>
    invoke(ctx.reference.get('vector'), op, expected, call),
  );
  const got = attempt(label, () => invoke(ctx.subject.get('vector'), op, actual, call));
  if (call.out === undefined) {
    const tolerance = op === 'fma' ? fmaTolerances(call, want.length, undefined) : undefined;
    expectF32Equal(`${label}: result`, got, want, tolerance);
  } else {
    expectThat(got === actual[call.out], () => `${label}: must return the out array it was given`);
  }
  actual.forEach((array, i) => {
    const tolerance = op === 'fma' && i === call.out ? fmaTolerances(call, array.length, call.range?.out) : undefined;
    expectF32Equal(`${label}: ${roleName(call, i)}`, array, expected[i], tolerance);
  });
}

function expectInputsKept(label: string, call: Call, arrays: readonly Float32Array[]): void {
  arrays.forEach((array, i) =>
    expectF32Equal(`${label}: input ${roleName(call, i)} must not change`, array, call.arrays[i]),
  );
}

function runDot(ctx: CheckContext, call: Call, exact: boolean): void {
  const arrays = call.arrays.map((x) => x.slice());
  const dot = (v: VectorOps, x: readonly Float32Array[]): number => v.dot(x[call.a], x[call.b], call.range);
  const want = attempt(`${call.label}: the reference's vector.dot`, () =>
    dot(ctx.reference.get('vector'), call.arrays),
  );
  const got = attempt(`${call.label}: vector.dot`, () => dot(ctx.subject.get('vector'), arrays));
  const n = elementCount(call);
  const a = takeValues(call.arrays[call.a], call.range?.a, n);
  const b = takeValues(call.arrays[call.b], call.range?.b, n);
  const products = a.map((x, i) => x * b[i]);
  const absSum = products.reduce((sum, p) => sum + Math.abs(p), 0);
  // An empty dot is +0, never -0 (compared with Object.is).
  if (n === 0) expectSameNumber(`${call.label}: vector.dot`, got, 0);
  else if (exact) expectNumber(`${call.label}: vector.dot`, got, want);
  else {
    // Against the exact value (compensated float64), within the error bound of the
    // accumulation the kernel declares (error-bounds.ts).
    const reference = compensatedSum(products);
    const accumulation = declaredAccumulation(ctx.subject, 'vector', 'dot');
    const bound = sumTolerance(accumulation, n, absSum, reference);
    expectNumber(`${call.label}: vector.dot (exact ${reference}, ${accumulation} accumulation)`, got, reference, bound);
  }
  expectInputsKept(`${call.label}: vector.dot`, call, arrays);
}

/** The operands of dot products with NaN and infinities; the other elements are small integers. */
function dotSpecialCalls(rng: Random): Call[] {
  const n = 33;
  const edits: readonly [string, readonly (readonly [role: 0 | 1, index: number, value: number])[]][] = [
    ['NaN in a', [[0, 7, NaN]]],
    ['NaN last in b', [[1, n - 1, NaN]]],
    [
      '+Inf times 2',
      [
        [0, 3, Infinity],
        [1, 3, 2],
      ],
    ],
    [
      '-Inf times 1',
      [
        [0, 0, -Infinity],
        [1, 0, 1],
      ],
    ],
    [
      'Inf times 0',
      [
        [0, 3, Infinity],
        [1, 3, 0],
      ],
    ],
    [
      'Inf plus -Inf',
      [
        [0, 3, Infinity],
        [1, 3, 1],
        [0, 9, Infinity],
        [1, 9, -1],
      ],
    ],
  ];
  return edits.map(([label, changes]) => {
    const arrays = [rng.intArray(n, -2, 2), rng.intArray(n, -2, 2)];
    for (const [role, index, value] of changes) arrays[role][index] = value;
    return { label, arrays, a: 0, b: 1 };
  });
}

function dotFamilies(): Family[] {
  const all = (large: number): Layout[] => [...sizeLayouts([1, 2, 3, ...ODD_SIZES, large]), ...STRIDED_LAYOUTS];
  return [
    layoutFamily('empty', () => EMPTY_LAYOUTS, randomValues, true),
    layoutFamily('exact on small integers', all, smallIntegers, true),
    layoutFamily('sizes 1, 2, 3', () => sizeLayouts([1, 2, 3]), randomValues),
    layoutFamily('random odd sizes', () => sizeLayouts(ODD_SIZES), randomValues),
    layoutFamily('large size', (large) => sizeLayouts([large]), randomValues),
    layoutFamily('large size, mostly positive products', (large) => sizeLayouts([large]), mostlyPositive),
    layoutFamily('offsets, strides and explicit length', () => STRIDED_LAYOUTS, randomValues),
    {
      name: 'a and b the same array',
      calls: (rng) => [1, 17, 1025].map((n) => ({ label: `n=${n}`, arrays: [rng.f32Array(n)], a: 0, b: 0 })),
    },
    { name: 'NaN and ±Inf', exact: true, calls: (rng) => dotSpecialCalls(rng) },
  ];
}

/** A mask output placed like `out`, holding a marker value (7) where nothing may be written. */
function placeMask(call: Call, n: number): Uint8Array | undefined {
  if (call.out === undefined) return undefined;
  const size = call.arrays[call.out].length;
  const mask = new Uint8Array(size).fill(7);
  for (let i = 0; i < n; i++) mask[placedIndex(call.range?.out, i)] = 9;
  return mask;
}

function runCompare(
  ctx: CheckContext,
  call: Call,
  arrays: readonly Float32Array[],
  op: CompareOp,
  scalar: number | undefined,
): void {
  const label = `${call.label}: vector.compare(${scalar === undefined ? 'b' : `scalar ${scalar}`}, '${op}')`;
  const expectedOut = placeMask(call, elementCount(call));
  const actualOut = expectedOut?.slice();
  const compare = (v: VectorOps, x: readonly Float32Array[], out: Uint8Array | undefined): Uint8Array =>
    v.compare(x[call.a], scalar ?? x[call.b], op, out, call.range);
  const want = attempt(`${call.label}: the reference's vector.compare`, () =>
    compare(ctx.reference.get('vector'), call.arrays, expectedOut),
  );
  const got = attempt(label, () => compare(ctx.subject.get('vector'), arrays, actualOut));
  if (actualOut === undefined || expectedOut === undefined) {
    expectBytesEqual(`${label}: result`, got, want);
  } else {
    expectThat(got === actualOut, () => `${label}: must return the out array it was given`);
    expectBytesEqual(`${label}: out`, actualOut, expectedOut);
  }
}

/** Scalars to compare a call's `a` with: one of its own elements (a tie), 0, and NaN. */
function scalarsFor(call: Call, rng: Random): number[] {
  const n = elementCount(call);
  const own = n > 0 ? call.arrays[call.a][placedIndex(call.range?.a, rng.int(0, n - 1))] : 1.5;
  return [own, 0, NaN];
}

function compareFamilies(): Family[] {
  return [
    layoutFamily('empty', () => EMPTY_LAYOUTS, mixedValues),
    layoutFamily('sizes 1, 2, 3', () => sizeLayouts([1, 2, 3]), mixedValues),
    layoutFamily('random odd sizes', () => sizeLayouts(ODD_SIZES), mixedValues),
    layoutFamily('large size', (large) => sizeLayouts([large]), mixedValues),
    layoutFamily('offsets, strides and explicit length', () => STRIDED_LAYOUTS, mixedValues),
    specialFamily('NaN, ±Inf and ±0', SPECIALS, SPECIALS),
    specialFamily('subnormals', SUBNORMAL_MIX, SUBNORMAL_MIX),
  ];
}

function runCompareCall(ctx: CheckContext, call: Call, special: boolean): void {
  const scalars = special ? [...new Set(call.arrays[call.a])] : scalarsFor(call, ctx.rng);
  const arrays = call.arrays.map((x) => x.slice());
  for (const op of COMPARE_OPS) {
    runCompare(ctx, call, arrays, op, undefined);
    for (const scalar of scalars) runCompare(ctx, call, arrays, op, scalar);
  }
  expectInputsKept(`${call.label}: vector.compare`, call, arrays);
}

function familyCheck(
  op: string,
  family: Family,
  withC: boolean,
  run: (ctx: CheckContext, call: Call) => void,
): ConformanceCheck {
  return {
    id: `vector.${op}: ${family.name}`,
    capability: 'vector',
    run(ctx) {
      for (const call of family.calls(ctx.rng, ctx.options.largeSize, withC)) run(ctx, call);
    },
  };
}

/** An invalid call and the code it must throw. */
interface BadCall {
  readonly label: string;
  readonly code: KnhkErrorCode;
  call(v: VectorOps): unknown;
}

const f = (n: number): Float32Array => new Float32Array(n).fill(1);
const plain = (n: number): Float32Array => Array.from({ length: n }, () => 1) as unknown as Float32Array;
const BINARY_OPS = ['add', 'sub', 'mul', 'div'] as const;

function lengthCalls(): BadCall[] {
  const code = 'KNHK_E_ARG_LENGTH';
  return [
    ...BINARY_OPS.flatMap((op): BadCall[] => [
      { label: `vector.${op}(a of 5, b of 4)`, code, call: (v) => v[op](f(5), f(4)) },
      { label: `vector.${op}(a of 4, b of 5)`, code, call: (v) => v[op](f(4), f(5)) },
      { label: `vector.${op}(a of 4, b of 4, out of 3)`, code, call: (v) => v[op](f(4), f(4), f(3)) },
      {
        label: `vector.${op} with length 5 of 4 elements`,
        code,
        call: (v) => v[op](f(4), f(4), undefined, { length: 5 }),
      },
    ]),
    { label: 'vector.fma(a of 4, b of 4, c of 3)', code, call: (v) => v.fma(f(4), f(4), f(3)) },
    { label: 'vector.fma(a of 4, b of 3, c of 4)', code, call: (v) => v.fma(f(4), f(3), f(4)) },
    { label: 'vector.dot(a of 5, b of 4)', code, call: (v) => v.dot(f(5), f(4)) },
    { label: 'vector.dot with length 6 of 5 elements', code, call: (v) => v.dot(f(5), f(5), { length: 6 }) },
    { label: 'vector.dot(a of 8 at stride 2, b of 8)', code, call: (v) => v.dot(f(8), f(8), { a: { stride: 2 } }) },
    { label: "vector.compare(a of 5, b of 4, 'lt')", code, call: (v) => v.compare(f(5), f(4), 'lt') },
    {
      label: "vector.compare(a of 4, 1, 'lt', out of 3)",
      code,
      call: (v) => v.compare(f(4), 1, 'lt', new Uint8Array(3)),
    },
  ];
}

function typeCalls(): BadCall[] {
  const code = 'KNHK_E_ARG_TYPE';
  return [
    ...BINARY_OPS.flatMap((op): BadCall[] => [
      { label: `vector.${op}(plain array, b)`, code, call: (v) => v[op](plain(3), f(3)) },
      { label: `vector.${op}(a, plain array)`, code, call: (v) => v[op](f(3), plain(3)) },
      { label: `vector.${op}(a, b, plain array out)`, code, call: (v) => v[op](f(3), f(3), plain(3)) },
    ]),
    {
      label: 'vector.add(Float64Array, b)',
      code,
      call: (v) => v.add(new Float64Array(3) as unknown as Float32Array, f(3)),
    },
    { label: 'vector.fma(a, b, plain array)', code, call: (v) => v.fma(f(3), f(3), plain(3)) },
    { label: 'vector.dot(plain array, b)', code, call: (v) => v.dot(plain(3), f(3)) },
    { label: 'vector.dot(a, null)', code, call: (v) => v.dot(f(3), null as unknown as Float32Array) },
    { label: "vector.compare(plain array, b, 'lt')", code, call: (v) => v.compare(plain(3), f(3), 'lt') },
    {
      label: "vector.compare(a, 1, 'lt', plain array out)",
      code,
      call: (v) => v.compare(f(3), 1, 'lt', plain(3) as unknown as Uint8Array),
    },
  ];
}

function rangeCalls(): BadCall[] {
  const code = 'KNHK_E_ARG_RANGE';
  return [
    ...BINARY_OPS.map((op): BadCall => ({
      label: `vector.${op} with a.offset 6 of 4 elements`,
      code,
      call: (v) => v[op](f(4), f(4), undefined, { a: { offset: 6 } }),
    })),
    { label: 'vector.add with b.offset -1', code, call: (v) => v.add(f(4), f(4), undefined, { b: { offset: -1 } }) },
    {
      label: 'vector.add with out.offset 9 of 4 elements',
      code,
      call: (v) => v.add(f(4), f(4), f(4), { out: { offset: 9 } }),
    },
    { label: 'vector.add with a.stride 0', code, call: (v) => v.add(f(4), f(4), undefined, { a: { stride: 0 } }) },
    { label: 'vector.add with a.offset 1.5', code, call: (v) => v.add(f(4), f(4), undefined, { a: { offset: 1.5 } }) },
    { label: 'vector.add with length -1', code, call: (v) => v.add(f(4), f(4), undefined, { length: -1 }) },
    {
      label: 'vector.fma with c.offset 5 of 4 elements',
      code,
      call: (v) => v.fma(f(4), f(4), f(4), undefined, { c: { offset: 5 } }),
    },
    { label: 'vector.dot with b.offset 5 of 4 elements', code, call: (v) => v.dot(f(4), f(4), { b: { offset: 5 } }) },
    { label: 'vector.dot with a.stride -2', code, call: (v) => v.dot(f(4), f(4), { a: { stride: -2 } }) },
    {
      label: 'vector.compare with a.offset 5 of 4 elements',
      code,
      call: (v) => v.compare(f(4), 1, 'lt', undefined, { a: { offset: 5 } }),
    },
  ];
}

function badInputCheck(id: string, calls: () => BadCall[]): ConformanceCheck {
  return {
    id,
    capability: 'vector',
    async run(ctx) {
      const v = ctx.subject.get('vector');
      // Only the operations the plugin registers: the framework sends the others elsewhere.
      const registered = (bad: BadCall) =>
        ctx.subject.registers('vector', /^vector\.([a-z]+)/.exec(bad.label)?.[1] ?? '*');
      for (const bad of calls().filter(registered)) await expectKnhkError(bad.label, () => bad.call(v), bad.code);
    },
  };
}

const unknownOperator = (): BadCall[] => [
  {
    label: "vector.compare(a, b, 'lte')",
    code: 'KNHK_E_ARG_INVALID',
    call: (v) => v.compare(f(3), f(3), 'lte' as CompareOp),
  },
];

/** Every check of the `vector` capability. */
export function vectorChecks(): ConformanceCheck[] {
  return [
    ...ARITHMETIC_OPS.flatMap((op) =>
      arithmeticFamilies().map((family) =>
        familyCheck(op, family, op === 'fma', (ctx, call) => runArithmetic(ctx, op, call)),
      ),
    ),
    ...dotFamilies().map((family) =>
      familyCheck('dot', family, false, (ctx, call) => runDot(ctx, call, family.exact === true)),
    ),
    ...compareFamilies().map((family) =>
      familyCheck('compare', family, false, (ctx, call) => runCompareCall(ctx, call, family.special === true)),
    ),
    badInputCheck('vector: mismatched lengths throw KNHK_E_ARG_LENGTH', lengthCalls),
    badInputCheck('vector: plain arrays and other types throw KNHK_E_ARG_TYPE', typeCalls),
    badInputCheck('vector: out-of-range offsets, strides and lengths throw KNHK_E_ARG_RANGE', rangeCalls),
    badInputCheck('vector.compare: an unknown operator throws KNHK_E_ARG_INVALID', unknownOperator),
  ];
}
