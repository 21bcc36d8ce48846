/**
 * Checks of the `reduce` capability: sum (exact on small integers, bounded on floats), min,
 * max and argmax (exact, NaN propagation, first index on ties), over many sizes and ranges,
 * the empty range, and argument errors.
 */
import { type KnhkErrorCode, type ReduceRange, type Reductions, stridedSpan } from '@knhk/core';
import { attempt, expectF32Equal, expectKnhkError, expectNumber, expectSameNumber } from './compare.js';
import { compensatedSum, declaredAccumulation, sumTolerance } from './error-bounds.js';
import { type Random, placeValues, takeValues } from './random.js';
import type { CheckContext, ConformanceCheck } from './types.js';

/** The reductions. */
export type ReduceOp = 'sum' | 'min' | 'max' | 'argmax';
const REDUCE_OPS: readonly ReduceOp[] = ['sum', 'min', 'max', 'argmax'];
const ODD_SIZES = [15, 17, 31, 33, 1023, 1025];

/** One reduction call. */
interface Call {
  readonly label: string;
  readonly x: Float32Array;
  readonly range?: ReduceRange;
}

/** A family of calls that one check runs. */
interface Family {
  readonly name: string;
  /** Compare sums exactly (inputs whose every partial sum is exact). */
  readonly exact?: boolean;
  calls(rng: Random, largeSize: number): Call[];
}

type Values = (rng: Random, n: number) => Float32Array;
const randomValues: Values = (rng, n) => rng.f32Array(n);
const smallIntegers: Values = (rng, n) => rng.intArray(n, -8, 8);
/**
 * Random floats of mixed magnitudes, 95% of them positive: the exact sum is about 0.9 of the
 * sum of absolute values, so a 10% error exceeds even the float32 bound at 2^20 elements
 * (gamma_n(u32) = 0.067 there); on random signs only an f64 kernel's bound is that tight.
 */
const mostlyPositive: Values = (rng, n) => {
  const out = rng.f32Array(n);
  for (let i = 0; i < n; i++) if (rng.float() < 0.95) out[i] = Math.abs(out[i]);
  return out;
};

function sizeCalls(rng: Random, sizes: readonly number[], values: Values): Call[] {
  return sizes.map((n) => ({ label: `n=${n}`, x: values(rng, n) }));
}

/** Offsets, strides and explicit lengths around `n` elements. */
function stridedCalls(rng: Random, values: Values): Call[] {
  return [1, 16, 257].flatMap((n): Call[] => [
    { label: `n=${n} at offset 3`, x: placeValues(values(rng, n), { offset: 3 }), range: { offset: 3 } },
    { label: `n=${n} at stride 3`, x: placeValues(values(rng, n), { stride: 3 }, 2), range: { stride: 3 } },
    {
      label: `n=${n} at offset 4, stride 5`,
      x: placeValues(values(rng, n), { offset: 4, stride: 5 }, 3),
      range: { offset: 4, stride: 5 },
    },
    { label: `n=${n} at stride 7`, x: placeValues(values(rng, n), { stride: 7 }, 6), range: { stride: 7 } },
    {
      label: `n=${n} at offset 2, stride 2`,
      x: placeValues(values(rng, n), { offset: 2, stride: 2 }, 1),
      range: { offset: 2, stride: 2 },
    },
    {
      label: `length ${n} of longer arrays`,
      x: placeValues(values(rng, n), { offset: 1, stride: 2 }, 9),
      range: { offset: 1, stride: 2, length: n },
    },
  ]);
}

/** Calls whose data hold NaN or infinities (some outside the range, where they must not count). */
function specialCalls(rng: Random): Call[] {
  const n = 33;
  const edit = (label: string, changes: readonly (readonly [number, number])[], range?: ReduceRange): Call => {
    const x = rng.f32Array(n);
    for (const [index, value] of changes) x[index] = value;
    return { label, x, range };
  };
  return [
    edit('NaN first', [[0, NaN]]),
    edit('NaN in the middle', [[16, NaN]]),
    edit('NaN last', [[n - 1, NaN]]),
    edit('two NaN', [
      [5, NaN],
      [20, NaN],
    ]),
    edit('NaN after the largest element', [
      [3, 1e30],
      [9, NaN],
    ]),
    edit('+Inf', [[11, Infinity]]),
    edit('-Inf', [[11, -Infinity]]),
    edit('+Inf and -Inf', [
      [4, Infinity],
      [7, -Infinity],
    ]),
    edit(
      'NaN outside the strided range',
      [
        [1, NaN],
        [3, NaN],
      ],
      { stride: 2 },
    ),
    edit(
      'NaN before the offset',
      [
        [0, NaN],
        [1, NaN],
      ],
      { offset: 2 },
    ),
    { label: 'all -Inf', x: new Float32Array(n).fill(-Infinity) },
    { label: 'all NaN', x: new Float32Array(n).fill(NaN) },
    { label: '-0 and 0', x: Float32Array.from([-0, 0, -0]) },
    { label: '0 then -0', x: Float32Array.from([0, -0, 0]) },
  ];
}

/** Calls with many equal elements: min, max and argmax must pick the first of equal ones. */
function tieCalls(rng: Random): Call[] {
  return [
    { label: 'all equal', x: new Float32Array(17).fill(2.5) },
    { label: 'largest at 3 and 9', x: Float32Array.from([1, 2, 0, 7, 7, -1, 3, 6, 0, 7, 7]) },
    ...[31, 1025].map((n) => ({ label: `n=${n} of values in -2..2`, x: rng.intArray(n, -2, 2) })),
    { label: 'ties at stride 2', x: Float32Array.from([9, 5, 9, 5, 9, 5]), range: { offset: 1, stride: 2 } },
  ];
}

function families(): Family[] {
  return [
    { name: 'sizes 1, 2, 3', calls: (rng) => sizeCalls(rng, [1, 2, 3], randomValues) },
    { name: 'random odd sizes', calls: (rng) => sizeCalls(rng, ODD_SIZES, randomValues) },
    { name: 'large size', calls: (rng, large) => sizeCalls(rng, [large], randomValues) },
    { name: 'offsets, strides and explicit length', calls: (rng) => stridedCalls(rng, randomValues) },
    { name: 'NaN and ±Inf', calls: specialCalls },
    { name: 'ties', exact: true, calls: tieCalls },
  ];
}

function exactSumFamily(): Family {
  const sizes = [1, 2, 3, ...ODD_SIZES];
  return {
    name: 'exact on small integers',
    exact: true,
    calls: (rng, large) => [...sizeCalls(rng, [...sizes, large], smallIntegers), ...stridedCalls(rng, smallIntegers)],
  };
}

function elementCount(call: Call): number {
  return call.range?.length ?? stridedSpan('kit', 'x', call.x.length, call.range).available;
}

function runReduce(ctx: CheckContext, op: ReduceOp, call: Call, exact: boolean): void {
  const x = call.x.slice();
  const reduce = (r: Reductions, data: Float32Array): number => r[op](data, call.range);
  const want = attempt(`${call.label}: the reference's reduce.${op}`, () =>
    reduce(ctx.reference.get('reduce'), call.x),
  );
  const got = attempt(`${call.label}: reduce.${op}`, () => reduce(ctx.subject.get('reduce'), x));
  // min, max and argmax are exact, and the sign of a zero counts: min orders -0 below +0.
  if (op !== 'sum') expectSameNumber(`${call.label}: reduce.${op}`, got, want);
  else if (exact) expectNumber(`${call.label}: reduce.sum`, got, want);
  else expectSumWithinBound(ctx, call, got, want);
  expectF32Equal(`${call.label}: reduce.${op} must not change its input`, x, call.x);
}

/**
 * A float sum against the exact value (compensated float64) within the error bound of the
 * accumulation the kernel declares (error-bounds.ts); with NaN or infinities, the reference's
 * answer exactly.
 */
function expectSumWithinBound(ctx: CheckContext, call: Call, got: number, want: number): void {
  const values = takeValues(call.x, call.range, elementCount(call));
  const absSum = values.reduce((s, v) => s + Math.abs(v), 0);
  if (!Number.isFinite(absSum)) {
    expectNumber(`${call.label}: reduce.sum`, got, want);
    return;
  }
  const exact = compensatedSum(values);
  const accumulation = declaredAccumulation(ctx.subject, 'reduce', 'sum');
  const bound = sumTolerance(accumulation, values.length, absSum, exact);
  expectNumber(`${call.label}: reduce.sum (exact ${exact}, ${accumulation} accumulation)`, got, exact, bound);
}

function familyCheck(op: ReduceOp, family: Family): ConformanceCheck {
  return {
    id: `reduce.${op}: ${family.name}`,
    capability: 'reduce',
    run(ctx) {
      for (const call of family.calls(ctx.rng, ctx.options.largeSize)) runReduce(ctx, op, call, family.exact === true);
    },
  };
}

const EMPTY_CALLS: readonly Call[] = [
  { label: 'an empty array', x: new Float32Array(0) },
  { label: 'offset at the end of 5 elements', x: new Float32Array(5).fill(1), range: { offset: 5 } },
  { label: 'length 0 of 5 elements', x: new Float32Array(5).fill(1), range: { length: 0 } },
];

function emptySumCheck(): ConformanceCheck {
  return {
    id: 'reduce.sum: empty range is +0',
    capability: 'reduce',
    run(ctx) {
      const r = ctx.subject.get('reduce');
      for (const call of EMPTY_CALLS)
        expectSameNumber(
          `${call.label}: reduce.sum`,
          attempt(`${call.label}: reduce.sum`, () => r.sum(call.x, call.range)),
          0,
        );
    },
  };
}

function emptyThrowsCheck(op: Exclude<ReduceOp, 'sum'>): ConformanceCheck {
  return {
    id: `reduce.${op}: empty range throws KNHK_E_ARG_LENGTH`,
    capability: 'reduce',
    async run(ctx) {
      const r = ctx.subject.get('reduce');
      for (const call of EMPTY_CALLS)
        await expectKnhkError(`${call.label}: reduce.${op}`, () => r[op](call.x, call.range), 'KNHK_E_ARG_LENGTH');
    },
  };
}

/** Bad arguments of every reduction and the code each must throw. */
const BAD_INPUT: readonly (readonly [label: string, code: KnhkErrorCode, x: unknown, range?: ReduceRange])[] = [
  ['a plain array', 'KNHK_E_ARG_TYPE', [1, 2, 3]],
  ['a Float64Array', 'KNHK_E_ARG_TYPE', new Float64Array(3)],
  ['null', 'KNHK_E_ARG_TYPE', null],
  ['offset 6 of 4 elements', 'KNHK_E_ARG_RANGE', new Float32Array(4), { offset: 6 }],
  ['offset -1', 'KNHK_E_ARG_RANGE', new Float32Array(4), { offset: -1 }],
  ['stride 0', 'KNHK_E_ARG_RANGE', new Float32Array(4), { stride: 0 }],
  ['length -1', 'KNHK_E_ARG_RANGE', new Float32Array(4), { length: -1 }],
  ['length 5 of 4 elements', 'KNHK_E_ARG_LENGTH', new Float32Array(4), { length: 5 }],
  ['length 3 from offset 2 of 4 elements', 'KNHK_E_ARG_LENGTH', new Float32Array(4), { offset: 2, length: 3 }],
  ['length 3 at stride 2 of 4 elements', 'KNHK_E_ARG_LENGTH', new Float32Array(4), { stride: 2, length: 3 }],
];

function badInputCheck(code: KnhkErrorCode, title: string): ConformanceCheck {
  return {
    id: `reduce: ${title} throw ${code}`,
    capability: 'reduce',
    async run(ctx) {
      const r = ctx.subject.get('reduce');
      // Only the operations the plugin registers: the framework sends the others elsewhere.
      const registered = REDUCE_OPS.filter((op) => ctx.subject.registers('reduce', op));
      for (const [label, wanted, x, range] of BAD_INPUT.filter((bad) => bad[1] === code)) {
        for (const op of registered)
          await expectKnhkError(`reduce.${op}(${label})`, () => r[op](x as Float32Array, range), wanted);
      }
    },
  };
}

/** Every check of the `reduce` capability. */
export function reduceChecks(): ConformanceCheck[] {
  return [
    ...REDUCE_OPS.flatMap((op) =>
      families()
        .filter((family) => op !== 'sum' || family.name !== 'ties')
        .map((family) => familyCheck(op, family)),
    ),
    familyCheck('sum', exactSumFamily()),
    familyCheck('sum', {
      name: 'large size, mostly positive',
      calls: (rng, large) => sizeCalls(rng, [large], mostlyPositive),
    }),
    emptySumCheck(),
    emptyThrowsCheck('min'),
    emptyThrowsCheck('max'),
    emptyThrowsCheck('argmax'),
    badInputCheck('KNHK_E_ARG_TYPE', 'plain arrays and other types'),
    badInputCheck('KNHK_E_ARG_RANGE', 'out-of-range offsets, strides and lengths'),
    badInputCheck('KNHK_E_ARG_LENGTH', 'lengths past the end'),
  ];
}
