/**
 * Checks of the `matmul` capability: sgemm for every transposition, odd and larger sizes,
 * padded leading dimensions and offsets, alpha/beta variants (beta 0 must not read C, alpha 0
 * and k 0 must not read A and B), empty sizes, and argument errors.
 */
import type { Accumulation, KnhkErrorCode, SgemmParams } from '@knhk/core';
import { attempt, expectF32Equal, expectKnhkError, expectThat } from './compare.js';
import { F32_EPSILON, F32_TINY, compensatedSum, declaredAccumulation, sumTolerance } from './error-bounds.js';
import type { Random } from './random.js';
import type { CheckContext, ConformanceCheck } from './types.js';

/** One sgemm call, before its arrays are made. */
interface Case {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA?: boolean;
  readonly transB?: boolean;
  readonly alpha?: number;
  readonly beta?: number;
  /** Extra columns of each stored matrix (lda = stored row length + pad). */
  readonly pad?: number;
  readonly offset?: number;
  /** Fill of C (default random); NaN checks that beta 0 does not read C. */
  readonly cFill?: number;
  /** Fill of A and B (default random); NaN checks that alpha 0 does not read them. */
  readonly abFill?: number;
}

/** The matrices of a case; padding and offsets hold NaN in A and B, random values in C. */
interface Operands {
  readonly params: Omit<SgemmParams<Float32Array>, 'a' | 'b' | 'c'>;
  readonly a: Float32Array;
  readonly b: Float32Array;
  readonly c: Float32Array;
}

function label(c: Case): string {
  const parts = [`${c.m}x${c.n}x${c.k}`];
  if (c.transA) parts.push('transA');
  if (c.transB) parts.push('transB');
  if (c.alpha !== undefined) parts.push(`alpha ${c.alpha}`);
  if (c.beta !== undefined) parts.push(`beta ${c.beta}`);
  if (c.pad) parts.push(`ld padded by ${c.pad}`);
  if (c.offset) parts.push(`offsets ${c.offset}`);
  if (c.cFill !== undefined) parts.push(`C filled with ${c.cFill}`);
  if (c.abFill !== undefined) parts.push(`A and B filled with ${c.abFill}`);
  return parts.join(', ');
}

/** A stored rows x cols matrix at `offset` with leading dimension `ld`; elsewhere `padding`. */
function storedMatrix(
  rng: Random,
  rows: number,
  cols: number,
  ld: number,
  offset: number,
  padding: number,
  fill?: number,
): Float32Array {
  const size = rows === 0 || cols === 0 ? offset : offset + (rows - 1) * ld + cols;
  const out = new Float32Array(size).fill(padding);
  for (let r = 0; r < rows; r++) {
    for (let col = 0; col < cols; col++) out[offset + r * ld + col] = fill ?? rng.f32(-4, 4);
  }
  return out;
}

function operands(rng: Random, c: Case): Operands {
  const pad = c.pad ?? 0;
  const offset = c.offset ?? 0;
  const [aRows, aCols] = c.transA ? [c.k, c.m] : [c.m, c.k];
  const [bRows, bCols] = c.transB ? [c.n, c.k] : [c.k, c.n];
  const [lda, ldb, ldc] = [Math.max(1, aCols + pad), Math.max(1, bCols + pad), Math.max(1, c.n + pad)];
  const params = {
    m: c.m,
    n: c.n,
    k: c.k,
    transA: c.transA,
    transB: c.transB,
    alpha: c.alpha,
    beta: c.beta,
    ...(pad || offset ? { lda, ldb, ldc, aOffset: offset, bOffset: offset + 1, cOffset: offset + 2 } : {}),
  };
  return {
    params,
    a: storedMatrix(rng, aRows, aCols, lda, offset, NaN, c.abFill),
    b: storedMatrix(rng, bRows, bCols, ldb, offset + 1, NaN, c.abFill),
    c: storedMatrix(rng, c.m, c.n, ldc, offset + 2, rng.f32(), c.cFill),
  };
}

/** The exact result (float64, compensated) and the per-element bound of every element of C. */
interface Expected {
  /** C with each element of the product rounded to float32; elsewhere C as given. */
  readonly c: Float32Array;
  /** Per element: the accumulation bound, plus half an ulp for rounding the exact value; 0 outside C. */
  readonly tolerance: Float64Array;
}

/**
 * C[i][j] = alpha sum_l A[i][l] B[l][j] + beta C[i][j] against the exact value: k products
 * scaled by alpha and the beta term are k + 2 rounded operations in float32 (k products and
 * k - 1 additions, alpha, beta and the final addition fold into gamma_{k+2}), so the bound is
 * gamma_{k+2}(u) (|alpha| (|A||B|)[i][j] + |beta| |C[i][j]|) for the declared accumulation
 * (error-bounds.ts; f64 adds one rounding to float32 on store). Beta 0 does not read C and
 * alpha 0 does not read A and B: their terms are left out, so NaN there must not show.
 */
function expected(ops: Operands, accumulation: Accumulation): Expected {
  const { m, n, k, transA, transB } = ops.params;
  const alpha = ops.params.alpha ?? 1;
  const beta = ops.params.beta ?? 0;
  const lda = ops.params.lda ?? (transA ? m : k);
  const ldb = ops.params.ldb ?? (transB ? k : n);
  const ldc = ops.params.ldc ?? n;
  const [ao, bo, co] = [ops.params.aOffset ?? 0, ops.params.bOffset ?? 0, ops.params.cOffset ?? 0];
  const A = (i: number, l: number): number => ops.a[ao + (transA ? l * lda + i : i * lda + l)];
  const B = (l: number, j: number): number => ops.b[bo + (transB ? j * ldb + l : l * ldb + j)];
  const c = ops.c.slice();
  const tolerance = new Float64Array(ops.c.length);
  const terms: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      terms.length = 0;
      const at = co + i * ldc + j;
      for (let l = 0; alpha !== 0 && l < k; l++) terms.push(alpha * (A(i, l) * B(l, j)));
      if (beta !== 0) terms.push(beta * ops.c[at]);
      const absSum = terms.reduce((sum, t) => sum + Math.abs(t), 0);
      const exact = compensatedSum(terms);
      c[at] = Number.isFinite(absSum) ? exact : terms.reduce((sum, t) => sum + t, 0);
      tolerance[at] =
        sumTolerance(accumulation, k + 2, absSum, exact, true) + F32_EPSILON * Math.abs(exact) + F32_TINY / 2;
    }
  }
  return { c, tolerance };
}

function runCase(ctx: CheckContext, c: Case): void {
  const ops = operands(ctx.rng, c);
  const name = label(c);
  const accumulation = declaredAccumulation(ctx.subject, 'matmul', 'sgemm');
  const want = expected(ops, accumulation);
  const got = ops.c.slice();
  const [a, b] = [ops.a.slice(), ops.b.slice()];
  const result = attempt(`${name}: matmul.sgemm`, () =>
    ctx.subject.get('matmul').sgemm({ ...ops.params, a, b, c: got }),
  );
  expectThat(result === got, () => `${name}: matmul.sgemm must return c`);
  expectF32Equal(`${name}: C (exact, ${accumulation} accumulation)`, got, want.c, want.tolerance);
  expectF32Equal(`${name}: A must not change`, a, ops.a);
  expectF32Equal(`${name}: B must not change`, b, ops.b);
}

const TRANSPOSES: readonly (readonly [boolean, boolean])[] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

function everyTranspose(shapes: readonly (readonly [number, number, number])[], extra: Partial<Case> = {}): Case[] {
  return shapes.flatMap(([m, n, k]) => TRANSPOSES.map(([transA, transB]) => ({ m, n, k, transA, transB, ...extra })));
}

/** Families of cases, one check each. */
const FAMILIES: readonly (readonly [name: string, cases: () => Case[]])[] = [
  [
    '1x1x1 and odd sizes',
    () =>
      [
        [1, 1, 1],
        [7, 13, 5],
        [33, 17, 65],
        [2, 3, 1],
        [1, 9, 4],
        [9, 1, 3],
      ].map(([m, n, k]) => ({ m, n, k })),
  ],
  // Non-square shapes, and a square one, on random (non-symmetric) matrices: an ignored
  // transA or transB reads the wrong elements (or past A or B) in every one of them.
  [
    'every transposition',
    () =>
      everyTranspose([
        [7, 13, 5],
        [33, 17, 65],
        [1, 4, 3],
        [12, 12, 12],
      ]),
  ],
  ['larger size', () => everyTranspose([[128, 96, 80]]).filter((c) => c.transA === c.transB)],
  [
    'padded leading dimensions and offsets',
    () =>
      everyTranspose(
        [
          [7, 13, 5],
          [17, 9, 33],
        ],
        { pad: 3, offset: 4 },
      ),
  ],
  [
    'alpha and beta',
    () =>
      [2, -1.5, 1].flatMap((alpha) =>
        [1, -0.5, 2].map((beta) => ({ m: 9, n: 11, k: 7, alpha, beta, transB: alpha < 0 })),
      ),
  ],
  [
    'beta 0 does not read C',
    () => [
      { m: 5, n: 6, k: 7, beta: 0, cFill: NaN },
      { m: 5, n: 6, k: 7, cFill: NaN },
      { m: 5, n: 6, k: 7, beta: 0, cFill: Infinity, transA: true, pad: 2, offset: 1 },
    ],
  ],
  [
    'alpha 0 and k 0',
    () => [
      { m: 4, n: 5, k: 3, alpha: 0, beta: 0.5, abFill: NaN },
      { m: 4, n: 5, k: 3, alpha: 0, beta: 0, abFill: NaN, cFill: NaN },
      { m: 4, n: 5, k: 0, beta: 1 },
      { m: 4, n: 5, k: 0, beta: -2 },
      { m: 4, n: 5, k: 0, cFill: NaN },
    ],
  ],
  // n = 0 passes explicit leading dimensions: validate.ts rejects the default ldc = n = 0.
  [
    'empty m or n',
    () => [
      { m: 0, n: 5, k: 3 },
      { m: 4, n: 0, k: 3, beta: 2, pad: 1 },
      { m: 0, n: 0, k: 0, pad: 1 },
    ],
  ],
];

const f = (n: number): Float32Array => new Float32Array(n).fill(1);

/** Bad sgemm parameters and the code each must throw. */
const BAD_INPUT: readonly (readonly [label: string, code: KnhkErrorCode, params: () => SgemmParams])[] = [
  ['A of 11 elements for 4x3', 'KNHK_E_ARG_SHAPE', () => ({ m: 4, n: 2, k: 3, a: f(11), b: f(6), c: f(8) })],
  ['B of 5 elements for 3x2', 'KNHK_E_ARG_SHAPE', () => ({ m: 4, n: 2, k: 3, a: f(12), b: f(5), c: f(8) })],
  ['C of 7 elements for 4x2', 'KNHK_E_ARG_SHAPE', () => ({ m: 4, n: 2, k: 3, a: f(12), b: f(6), c: f(7) })],
  ['lda 2 < k 3', 'KNHK_E_ARG_SHAPE', () => ({ m: 4, n: 2, k: 3, a: f(12), b: f(6), c: f(8), lda: 2 })],
  ['ldb 1 < n 2', 'KNHK_E_ARG_SHAPE', () => ({ m: 4, n: 2, k: 3, a: f(12), b: f(6), c: f(8), ldb: 1 })],
  ['ldc 1 < n 2', 'KNHK_E_ARG_SHAPE', () => ({ m: 4, n: 2, k: 3, a: f(12), b: f(6), c: f(8), ldc: 1 })],
  [
    'transA with lda 3 < m 4',
    'KNHK_E_ARG_SHAPE',
    () => ({ m: 4, n: 2, k: 3, a: f(12), b: f(6), c: f(8), transA: true, lda: 3 }),
  ],
  [
    'aOffset 1 past the end of A',
    'KNHK_E_ARG_SHAPE',
    () => ({ m: 4, n: 2, k: 3, a: f(12), b: f(6), c: f(8), aOffset: 1 }),
  ],
  [
    'a plain array A',
    'KNHK_E_ARG_TYPE',
    () => ({ m: 2, n: 2, k: 2, a: [1, 2, 3, 4] as unknown as Float32Array, b: f(4), c: f(4) }),
  ],
  [
    'a plain array B',
    'KNHK_E_ARG_TYPE',
    () => ({ m: 2, n: 2, k: 2, a: f(4), b: [1, 2, 3, 4] as unknown as Float32Array, c: f(4) }),
  ],
  [
    'a plain array C',
    'KNHK_E_ARG_TYPE',
    () => ({ m: 2, n: 2, k: 2, a: f(4), b: f(4), c: [1, 2, 3, 4] as unknown as Float32Array }),
  ],
  [
    'a Float64Array C',
    'KNHK_E_ARG_TYPE',
    () => ({ m: 2, n: 2, k: 2, a: f(4), b: f(4), c: new Float64Array(4) as unknown as Float32Array }),
  ],
  ['null parameters', 'KNHK_E_ARG_TYPE', () => null as unknown as SgemmParams],
  [
    'transA 1 (not a boolean)',
    'KNHK_E_ARG_TYPE',
    () => ({ m: 2, n: 2, k: 2, a: f(4), b: f(4), c: f(4), transA: 1 as unknown as boolean }),
  ],
  [
    "transB 'yes' (not a boolean)",
    'KNHK_E_ARG_TYPE',
    () => ({ m: 2, n: 2, k: 2, a: f(4), b: f(4), c: f(4), transB: 'yes' as unknown as boolean }),
  ],
  ['m = -1', 'KNHK_E_ARG_RANGE', () => ({ m: -1, n: 2, k: 2, a: f(4), b: f(4), c: f(4) })],
  ['k = 1.5', 'KNHK_E_ARG_RANGE', () => ({ m: 2, n: 2, k: 1.5, a: f(4), b: f(4), c: f(4) })],
  ['aOffset = -1', 'KNHK_E_ARG_RANGE', () => ({ m: 2, n: 2, k: 2, a: f(4), b: f(4), c: f(4), aOffset: -1 })],
  ['cOffset = 0.5', 'KNHK_E_ARG_RANGE', () => ({ m: 2, n: 2, k: 2, a: f(4), b: f(4), c: f(5), cOffset: 0.5 })],
  ['alpha NaN', 'KNHK_E_ARG_INVALID', () => ({ m: 2, n: 2, k: 2, a: f(4), b: f(4), c: f(4), alpha: NaN })],
  ['beta Infinity', 'KNHK_E_ARG_INVALID', () => ({ m: 2, n: 2, k: 2, a: f(4), b: f(4), c: f(4), beta: Infinity })],
];

function badInputCheck(code: KnhkErrorCode, title: string): ConformanceCheck {
  return {
    id: `matmul.sgemm: ${title} throw ${code}`,
    capability: 'matmul',
    async run(ctx) {
      const mm = ctx.subject.get('matmul');
      for (const [what, wanted, params] of BAD_INPUT.filter((bad) => bad[1] === code)) {
        await expectKnhkError(`matmul.sgemm with ${what}`, () => mm.sgemm(params()), wanted);
      }
    },
  };
}

/** Every check of the `matmul` capability. */
export function matmulChecks(): ConformanceCheck[] {
  return [
    ...FAMILIES.map(([name, cases]): ConformanceCheck => ({
      id: `matmul.sgemm: ${name}`,
      capability: 'matmul',
      run(ctx) {
        for (const c of cases()) runCase(ctx, c);
      },
    })),
    badInputCheck('KNHK_E_ARG_SHAPE', 'shape mismatches'),
    badInputCheck('KNHK_E_ARG_TYPE', 'plain arrays and other types'),
    badInputCheck('KNHK_E_ARG_RANGE', 'negative or fractional sizes and offsets'),
    badInputCheck('KNHK_E_ARG_INVALID', 'non-finite alpha or beta'),
  ];
}
