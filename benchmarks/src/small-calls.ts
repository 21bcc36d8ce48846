/**
 * Small-call speed: every vector and reduce operation (a) through the framework on the cpu
 * backend against a plain JavaScript loop doing the same work, and (b) through the framework
 * against a direct kernel call on each native backend, each pair measured side by side
 * (alternating rounds, the order swapped every round) so that machine noise hits both alike.
 *
 * Limits: (a) framework <= 1.3 x loop + 15 ns; (b) framework / direct <= 1.1.
 */
import { type Framework, type MeasureBudget, randomF32, seededRandom } from '@knhk/core';
import { measureSideBySide } from './measure/side-by-side.js';

/** The operations measured: every vector and reduce operation. */
export const SMALL_CALL_OPERATIONS = [
  'vector.add',
  'vector.sub',
  'vector.mul',
  'vector.div',
  'vector.fma',
  'vector.compare',
  'vector.dot',
  'reduce.sum',
  'reduce.min',
  'reduce.max',
  'reduce.argmax',
] as const;

export type SmallCallOperation = (typeof SMALL_CALL_OPERATIONS)[number];

/** The sizes of table (a). */
export const SMALL_CALL_SIZES = [16, 1024, 65536] as const;

/** Limits of the issue: (a) ratio and constant, (b) ratio. */
export const LOOP_RATIO_LIMIT = 1.3;
export const LOOP_CONSTANT_NS = 15;
export const DISPATCH_RATIO_LIMIT = 1.1;

/** True when the operation takes an `out` (element-wise and compare). */
export function takesOut(operation: SmallCallOperation): boolean {
  return !operation.startsWith('reduce.') && operation !== 'vector.dot';
}

/** The inputs of one size. */
interface Inputs {
  readonly a: Float32Array;
  readonly b: Float32Array;
  readonly c: Float32Array;
  readonly out: Float32Array;
  readonly mask: Uint8Array;
}

function inputs(n: number, seed: number): Inputs {
  const random = seededRandom(seed);
  // b away from 0 so that div stays finite (the work is the same either way).
  const b = randomF32(n, random).map((v) => v + (v >= 0 ? 1 : -1));
  return { a: randomF32(n, random), b, c: randomF32(n, random), out: new Float32Array(n), mask: new Uint8Array(n) };
}

let sink = 0;
/** Keeps results alive so that no side is optimised away. */
function keep(value: number | ArrayLike<number>): void {
  sink += typeof value === 'number' ? value : value.length;
}

// The plain loops: what a caller would write by hand, one function per operation.
const LOOPS = {
  'vector.add': (a: Float32Array, b: Float32Array, o: Float32Array) => {
    for (let i = 0; i < a.length; i++) o[i] = a[i] + b[i];
    return o;
  },
  'vector.sub': (a: Float32Array, b: Float32Array, o: Float32Array) => {
    for (let i = 0; i < a.length; i++) o[i] = a[i] - b[i];
    return o;
  },
  'vector.mul': (a: Float32Array, b: Float32Array, o: Float32Array) => {
    for (let i = 0; i < a.length; i++) o[i] = a[i] * b[i];
    return o;
  },
  'vector.div': (a: Float32Array, b: Float32Array, o: Float32Array) => {
    for (let i = 0; i < a.length; i++) o[i] = a[i] / b[i];
    return o;
  },
  'vector.fma': (a: Float32Array, b: Float32Array, c: Float32Array, o: Float32Array) => {
    for (let i = 0; i < a.length; i++) o[i] = a[i] * b[i] + c[i];
    return o;
  },
  'vector.compare': (a: Float32Array, b: Float32Array, m: Uint8Array) => {
    for (let i = 0; i < a.length; i++) m[i] = a[i] < b[i] ? 1 : 0;
    return m;
  },
  'vector.dot': (a: Float32Array, b: Float32Array) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  },
  'reduce.sum': (x: Float32Array) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i];
    return s;
  },
  'reduce.min': (x: Float32Array) => {
    let m = x[0];
    for (let i = 1; i < x.length; i++) m = Math.min(m, x[i]);
    return m;
  },
  'reduce.max': (x: Float32Array) => {
    let m = x[0];
    for (let i = 1; i < x.length; i++) m = Math.max(m, x[i]);
    return m;
  },
  'reduce.argmax': (x: Float32Array) => {
    let best = x[0];
    let at = 0;
    for (let i = 1; i < x.length; i++) {
      if (x[i] > best) {
        best = x[i];
        at = i;
      }
    }
    return at;
  },
};

/** The vector and reduce methods as both sides call them. */
interface Target {
  readonly vector: Record<string, (...args: unknown[]) => unknown>;
  readonly reduce: Record<string, (...args: unknown[]) => unknown>;
}

/**
 * A measured call with a call site of its own: compiled once per measured case, so that the
 * call in it sees one operation only, as a caller's loop that calls `knhk.vector.add` does.
 * One closure literal shared by every case turns its call site megamorphic (V8 keeps type
 * feedback per literal) and charges either side for calls no caller makes. The arguments are
 * read from a holder whose fields were written twice, so V8 cannot fold them into constants
 * (it would then specialise the plain loop on these very arrays, which no caller's code that
 * takes its arrays as variables gets). Only the fixed expressions below are compiled.
 */
function ownCallSite(expression: string, scope: Readonly<Record<string, unknown>>): () => void {
  const holder: Record<string, unknown> = {};
  for (const name of Object.keys(scope)) holder[name] = undefined;
  for (const [name, value] of Object.entries(scope)) holder[name] = value;
  const compile = new Function('keep', 's', `return () => keep(${expression});`) as (
    k: typeof keep,
    s: Record<string, unknown>,
  ) => () => void;
  return compile(keep, holder);
}

/** A call of `operation` on `target`, with or without `out`. */
function callOf(target: Target, operation: SmallCallOperation, x: Inputs, withOut: boolean): () => void {
  const [capability, name] = operation.split('.') as ['vector' | 'reduce', string];
  const scope = { ops: target[capability], ...x };
  // `name` is one of SMALL_CALL_OPERATIONS' names: an identifier.
  const f = `s.ops.${name}`;
  switch (operation) {
    case 'vector.fma':
      return ownCallSite(withOut ? `${f}(s.a, s.b, s.c, s.out)` : `${f}(s.a, s.b, s.c)`, scope);
    case 'vector.compare':
      return ownCallSite(withOut ? `${f}(s.a, s.b, 'lt', s.mask)` : `${f}(s.a, s.b, 'lt')`, scope);
    case 'vector.dot':
      return ownCallSite(`${f}(s.a, s.b)`, scope);
    case 'reduce.sum':
    case 'reduce.min':
    case 'reduce.max':
    case 'reduce.argmax':
      return ownCallSite(`${f}(s.a)`, scope);
    default:
      return ownCallSite(withOut ? `${f}(s.a, s.b, s.out)` : `${f}(s.a, s.b)`, scope);
  }
}

/** The plain loop of `operation`, allocating its output when `withOut` is false as the framework call does. */
function loopOf(operation: SmallCallOperation, x: Inputs, withOut: boolean): () => void {
  const n = x.a.length;
  const scope = { loop: LOOPS[operation], n, ...x };
  switch (operation) {
    case 'vector.add':
    case 'vector.sub':
    case 'vector.mul':
    case 'vector.div':
      return ownCallSite(withOut ? 's.loop(s.a, s.b, s.out)' : 's.loop(s.a, s.b, new Float32Array(s.n))', scope);
    case 'vector.fma':
      return ownCallSite(
        withOut ? 's.loop(s.a, s.b, s.c, s.out)' : 's.loop(s.a, s.b, s.c, new Float32Array(s.n))',
        scope,
      );
    case 'vector.compare':
      return ownCallSite(withOut ? 's.loop(s.a, s.b, s.mask)' : 's.loop(s.a, s.b, new Uint8Array(s.n))', scope);
    case 'vector.dot':
      return ownCallSite('s.loop(s.a, s.b)', scope);
    default:
      return ownCallSite('s.loop(s.a)', scope);
  }
}

/** One row of table (a). */
export interface LoopRow {
  readonly operation: SmallCallOperation;
  readonly size: number;
  /** Whether the call passed `out`; undefined for operations without one. */
  readonly withOut: boolean | undefined;
  readonly frameworkNs: number;
  readonly loopNs: number;
  /** Framework / loop, the median of the per-round ratios. */
  readonly ratio: number;
  /** 1.3 x loop + 15 ns. */
  readonly limitNs: number;
  readonly pass: boolean;
}

/** One row of table (b). */
export interface DispatchRow {
  readonly provider: string;
  readonly operation: SmallCallOperation;
  readonly size: number;
  readonly frameworkNs: number;
  readonly directNs: number;
  readonly ratio: number;
  readonly pass: boolean;
}

/** How long each side is measured. */
export interface SmallCallSettings {
  readonly rounds: number;
  readonly budget: MeasureBudget;
}

export const QUICK_SETTINGS: SmallCallSettings = { rounds: 5, budget: { timeMs: 30, warmupMs: 10, minSamples: 10 } };
export const FULL_SETTINGS: SmallCallSettings = { rounds: 11, budget: { timeMs: 80, warmupMs: 20, minSamples: 20 } };

/** Table (a): every operation through `framework` (on cpu) against its plain loop, at every size, with and without out. */
export async function measureAgainstLoops(
  framework: Framework,
  settings: SmallCallSettings,
  sizes: readonly number[] = SMALL_CALL_SIZES,
): Promise<LoopRow[]> {
  const rows: LoopRow[] = [];
  const target = framework as unknown as Target;
  for (const size of sizes) {
    const x = inputs(size, size);
    for (const operation of SMALL_CALL_OPERATIONS) {
      for (const withOut of takesOut(operation) ? [true, false] : [undefined]) {
        const sides = await measureSideBySide(
          callOf(target, operation, x, withOut !== false),
          loopOf(operation, x, withOut !== false),
          settings,
        );
        const limitNs = LOOP_RATIO_LIMIT * sides.secondNs + LOOP_CONSTANT_NS;
        // The per-round ratio is robust to drift; the limit applies to the same pairing.
        const pass = sides.ratio * sides.secondNs <= limitNs;
        rows.push({
          operation,
          size,
          withOut,
          frameworkNs: sides.firstNs,
          loopNs: sides.secondNs,
          ratio: sides.ratio,
          limitNs,
          pass,
        });
      }
    }
  }
  return rows;
}

/**
 * Table (b): every operation through `framework` against the same call on `provider`'s
 * implementation (`framework.backend(provider).get(...)`), with `out` where the operation takes one.
 */
export async function measureDispatch(
  framework: Framework,
  provider: string,
  settings: SmallCallSettings,
  size = 1024,
): Promise<DispatchRow[]> {
  const rows: DispatchRow[] = [];
  const x = inputs(size, 11);
  const backend = framework.backend(provider);
  const direct = { vector: backend.get('vector'), reduce: backend.get('reduce') } as unknown as Target;
  for (const operation of SMALL_CALL_OPERATIONS) {
    const sides = await measureSideBySide(
      callOf(framework as unknown as Target, operation, x, true),
      callOf(direct, operation, x, true),
      settings,
    );
    rows.push({
      provider,
      operation,
      size,
      frameworkNs: sides.firstNs,
      directNs: sides.secondNs,
      ratio: sides.ratio,
      pass: sides.ratio <= DISPATCH_RATIO_LIMIT,
    });
  }
  return rows;
}

function ns(value: number): string {
  return value < 1000
    ? `${value.toFixed(1)} ns`
    : value < 1e6
      ? `${(value / 1000).toFixed(2)} µs`
      : `${(value / 1e6).toFixed(2)} ms`;
}

/** Table (a) as Markdown. */
export function formatLoopTable(rows: readonly LoopRow[]): string {
  const lines = [
    '| operation | n | out | framework (cpu) | plain JS loop | ratio | limit (1.3x + 15 ns) | verdict |',
    '| --- | ---: | :---: | ---: | ---: | ---: | ---: | :---: |',
  ];
  for (const r of rows) {
    const out = r.withOut === undefined ? '—' : r.withOut ? 'yes' : 'no';
    lines.push(
      `| ${r.operation} | ${r.size} | ${out} | ${ns(r.frameworkNs)} | ${ns(r.loopNs)} | ${r.ratio.toFixed(2)} | ${ns(r.limitNs)} | ${r.pass ? 'PASS' : 'FAIL'} |`,
    );
  }
  return lines.join('\n');
}

/** Table (b) as Markdown. */
export function formatDispatchTable(rows: readonly DispatchRow[]): string {
  const lines = [
    '| provider | operation | n | framework | direct kernel call | ratio | limit | verdict |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | :---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.provider} | ${r.operation} | ${r.size} | ${ns(r.frameworkNs)} | ${ns(r.directNs)} | ${r.ratio.toFixed(3)} | ${DISPATCH_RATIO_LIMIT}x | ${r.pass ? 'PASS' : 'FAIL'} |`,
    );
  }
  return lines.join('\n');
}

/** The value the measured calls fed (read it so that nothing is optimised away). */
export function smallCallSink(): number {
  return sink;
}
