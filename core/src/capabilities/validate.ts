/**
 * Argument checks shared by every provider, so that bad input gets the same coded error
 * whichever backend runs it. Each function names the operation it checks for (`op`) in its
 * messages, e.g. "vector.add: b has 3 elements, a has 4".
 */
import { KnhkError } from '../errors/knhk-error.js';
import { type BufferDType, isHandle } from './handles.js';
import type { SgemmParams } from './matmul.js';
import type { ReduceRange } from './reduce.js';
import type { CompareOp, Strided, VectorRange } from './vector.js';

/** A non-negative integer: `KNHK_E_ARG_TYPE` for a non-number, `KNHK_E_ARG_RANGE` for any other number. */
export function checkCount(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} must be a number, got ${typeName(value)}`, { op, name });
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new KnhkError('KNHK_E_ARG_RANGE', `${op}: ${name} must be a non-negative integer, got ${valueName(value)}`, {
      op,
      name,
      value,
    });
  }
  return value;
}

/** A finite number, else `KNHK_E_ARG_INVALID`. */
export function checkFinite(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new KnhkError('KNHK_E_ARG_INVALID', `${op}: ${name} must be a finite number, got ${valueName(value)}`, {
      op,
      name,
    });
  }
  return value;
}

/**
 * True for a real Float32Array (or subclass): `instanceof` alone also holds for a Proxy of
 * one, whose `length` and elements then throw TypeErrors inside a provider.
 */
export function isFloat32Array(value: unknown): value is Float32Array {
  return value instanceof Float32Array && ArrayBuffer.isView(value);
}

/** True for a real Uint8Array (or subclass), not a Proxy of one; see {@link isFloat32Array}. */
export function isUint8Array(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && ArrayBuffer.isView(value);
}

/**
 * True when a typed array's ArrayBuffer was detached (transferred, or freed by its owner):
 * the view then reads as empty, and copying from it throws a TypeError.
 */
export function isDetached(view: ArrayBufferView): boolean {
  if (view.byteLength !== 0 || view.byteOffset !== 0) return false;
  try {
    new Uint8Array(view.buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}

/** A Float32Array, else `KNHK_E_ARG_TYPE`. */
export function checkFloat32Array(op: string, name: string, value: unknown): Float32Array {
  if (!isFloat32Array(value)) {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} must be a Float32Array, got ${typeName(value)}`, {
      op,
      name,
    });
  }
  return value;
}

/** A Uint8Array, else `KNHK_E_ARG_TYPE`. */
export function checkUint8Array(op: string, name: string, value: unknown): Uint8Array {
  if (!isUint8Array(value)) {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} must be a Uint8Array, got ${typeName(value)}`, { op, name });
  }
  return value;
}

/** A Uint32Array, else `KNHK_E_ARG_TYPE`. */
export function checkUint32Array(op: string, name: string, value: unknown): Uint32Array {
  if (!(value instanceof Uint32Array && ArrayBuffer.isView(value))) {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} must be a Uint32Array, got ${typeName(value)}`, {
      op,
      name,
    });
  }
  return value;
}

/** Names of the typed array classes. */
const TYPED_ARRAY_NAME = /^(Big)?(Int|Uint|Float)(8|16|32|64)(Clamped)?Array$/;

/** Longest string a message quotes before it cuts it short. */
const QUOTED_MAX = 40;

/**
 * What a value is, for messages: `null`, `undefined`, `the string "1"`, `the number 1.5`,
 * `the boolean true`, `the bigint 5n`, `a symbol`, `a function`, `an Array`, or an object's
 * constructor name (`Float64Array`, `an object`). Never throws, whatever the value is
 * (a Proxy, an object without a prototype, a getter that throws).
 */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string': {
      const quoted = value.length > QUOTED_MAX ? `${value.slice(0, QUOTED_MAX)}...` : value;
      return `the string ${JSON.stringify(quoted)}`;
    }
    case 'number':
      return `the number ${numberText(value)}`;
    case 'boolean':
      return `the boolean ${String(value)}`;
    case 'bigint':
      return `the bigint ${value.toString()}n`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      try {
        if (Array.isArray(value)) return 'an Array';
        const name: unknown = (value as object).constructor?.name;
        if (typeof name !== 'string' || name === '') return 'an object';
        if (TYPED_ARRAY_NAME.test(name) && !ArrayBuffer.isView(value))
          return `an object posing as a ${name} (a Proxy?)`;
        return name;
      } catch {
        return 'an object';
      }
  }
}

/** A number as messages show it (`-0` keeps its sign). */
function numberText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * A value as a message shows it after "got": a number as it is (`1.5`, `NaN`, `-Infinity`),
 * anything else by {@link typeName} (`the string "1"`), so that a message never reads as if
 * a non-number were the number it prints as. Never throws.
 */
export function valueName(value: unknown): string {
  return typeof value === 'number' ? numberText(value) : typeName(value);
}

/** A strided operand resolved against its array length. */
export interface StridedSpan {
  readonly offset: number;
  readonly stride: number;
  /** How many elements the array holds from `offset` at `stride`. */
  readonly available: number;
}

/**
 * Resolves and checks an operand's offset and stride against the array length: a
 * non-number is `KNHK_E_ARG_TYPE`; a negative or fractional offset, a stride below 1 or
 * fractional, or an offset past the end is `KNHK_E_ARG_RANGE`.
 */
export function stridedSpan(op: string, name: string, arrayLength: number, strided: Strided | undefined): StridedSpan {
  const offset: unknown = strided?.offset ?? 0;
  const stride: unknown = strided?.stride ?? 1;
  if (typeof offset !== 'number') {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} offset must be a number, got ${typeName(offset)}`, {
      op,
      name,
    });
  }
  if (typeof stride !== 'number') {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} stride must be a number, got ${typeName(stride)}`, {
      op,
      name,
    });
  }
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new KnhkError(
      'KNHK_E_ARG_RANGE',
      `${op}: ${name} offset must be a non-negative integer, got ${valueName(offset)}`,
      { op, name },
    );
  }
  if (!Number.isSafeInteger(stride) || stride < 1) {
    throw new KnhkError(
      'KNHK_E_ARG_RANGE',
      `${op}: ${name} stride must be a positive integer, got ${valueName(stride)}`,
      {
        op,
        name,
      },
    );
  }
  if (offset > arrayLength) {
    throw new KnhkError(
      'KNHK_E_ARG_RANGE',
      `${op}: ${name} offset ${offset} is past the end of its ${arrayLength} elements`,
      { op, name, offset, arrayLength },
    );
  }
  const available = offset === arrayLength ? 0 : Math.floor((arrayLength - offset - 1) / stride) + 1;
  return { offset, stride, available };
}

/** One operand of an element-wise operation: its name, array length and placement. */
export interface OperandSpec {
  readonly name: string;
  readonly arrayLength: number;
  readonly strided: Strided | undefined;
}

/**
 * The element count of an element-wise operation (see `VectorRange`), with every operand
 * checked: without `length`, all operands must hold the same count as the first; with
 * `length`, each must hold at least that many.
 */
export function elementCount(op: string, length: number | undefined, operands: readonly OperandSpec[]): number {
  const spans = operands.map((o) => stridedSpan(op, o.name, o.arrayLength, o.strided));
  if (length !== undefined) {
    checkCount(op, 'length', length);
    operands.forEach((o, i) => {
      if (spans[i].available < length) {
        throw new KnhkError(
          'KNHK_E_ARG_LENGTH',
          `${op}: ${o.name} holds ${spans[i].available} elements at its offset and stride, ${length} are needed`,
          { op, name: o.name, available: spans[i].available, length },
        );
      }
    });
    return length;
  }
  const n = spans[0]?.available ?? 0;
  operands.forEach((o, i) => {
    if (spans[i].available !== n) {
      throw new KnhkError(
        'KNHK_E_ARG_LENGTH',
        `${op}: ${o.name} holds ${spans[i].available} elements, ${operands[0].name} holds ${n}`,
        { op, name: o.name, available: spans[i].available, expected: n },
      );
    }
  });
  return n;
}

/** Checks that an output operand can take `n` elements at its offset and stride. */
export function checkOutput(
  op: string,
  name: string,
  arrayLength: number,
  strided: Strided | undefined,
  n: number,
): void {
  const span = stridedSpan(op, name, arrayLength, strided);
  if (span.available < n) {
    throw new KnhkError('KNHK_E_ARG_LENGTH', `${op}: ${name} holds ${span.available} elements, ${n} are needed`, {
      op,
      name,
      available: span.available,
      needed: n,
    });
  }
}

const RANGE_KEYS = ['a', 'b', 'c', 'out'] as const;

/** Checks that a VectorRange is an object whose operand placements are objects (`KNHK_E_ARG_TYPE`). */
export function checkVectorRange(op: string, range: unknown): VectorRange {
  if (range === undefined) return {};
  if (typeof range !== 'object' || range === null) {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: range must be an object, got ${typeName(range)}`, { op });
  }
  for (const key of RANGE_KEYS) {
    const placement = (range as Record<string, unknown>)[key];
    if (placement !== undefined && (typeof placement !== 'object' || placement === null)) {
      throw new KnhkError(
        'KNHK_E_ARG_TYPE',
        `${op}: range.${key} must be { offset?, stride? }, got ${typeName(placement)}`,
        {
          op,
          name: key,
        },
      );
    }
  }
  return range as VectorRange;
}

/** Where a reduction reads: first element, distance between elements, and how many. */
export interface ReduceSpan {
  readonly offset: number;
  readonly stride: number;
  readonly n: number;
}

/**
 * Checks a ReduceRange against the array length: an object (`KNHK_E_ARG_TYPE`), offset and
 * stride (`KNHK_E_ARG_RANGE`), a length that fits and, unless `emptyAllowed`, at least one
 * element (`KNHK_E_ARG_LENGTH`).
 */
export function reduceSpan(op: string, arrayLength: number, range: unknown, emptyAllowed: boolean): ReduceSpan {
  if (range !== undefined && (typeof range !== 'object' || range === null)) {
    throw new KnhkError(
      'KNHK_E_ARG_TYPE',
      `${op}: range must be { offset?, stride?, length? }, got ${typeName(range)}`,
      {
        op,
      },
    );
  }
  const r = range as ReduceRange | undefined;
  const { offset, stride, available } = stridedSpan(op, 'x', arrayLength, r);
  const n = r?.length === undefined ? available : checkCount(op, 'length', r.length);
  if (n > available) {
    throw new KnhkError(
      'KNHK_E_ARG_LENGTH',
      `${op}: x holds ${available} elements at its offset and stride, ${n} are needed`,
      {
        op,
        available,
        length: n,
      },
    );
  }
  if (n === 0 && !emptyAllowed) {
    throw new KnhkError('KNHK_E_ARG_LENGTH', `${op}: the range is empty, it needs at least one element`, { op });
  }
  return { offset, stride, n };
}

/** Sgemm parameters with every default filled in and checked. */
export interface SgemmShape {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly alpha: number;
  readonly beta: number;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly lda: number;
  readonly ldb: number;
  readonly ldc: number;
  readonly aOffset: number;
  readonly bOffset: number;
  readonly cOffset: number;
}

function checkMatrix(name: string, rows: number, cols: number, ld: number, offset: number, arrayLength: number): void {
  const op = 'matmul.sgemm';
  if (rows === 0 || cols === 0) return;
  if (ld < cols) {
    throw new KnhkError(
      'KNHK_E_ARG_SHAPE',
      `${op}: ld${name.toLowerCase()} is ${ld}, it must be at least ${cols} (the stored row length of ${name})`,
      { op, name, ld, cols },
    );
  }
  const needed = offset + (rows - 1) * ld + cols;
  if (arrayLength < needed) {
    throw new KnhkError(
      'KNHK_E_ARG_SHAPE',
      `${op}: ${name} holds ${arrayLength} elements, a ${rows}x${cols} matrix at offset ${offset} with leading dimension ${ld} needs ${needed}`,
      { op, name, arrayLength, needed },
    );
  }
}

/** An optional flag: `true`, `false` or `undefined` (false); anything else is `KNHK_E_ARG_TYPE`. */
export function checkFlag(op: string, name: string, value: unknown): boolean {
  if (value === undefined || typeof value === 'boolean') return value === true;
  throw new KnhkError(
    'KNHK_E_ARG_TYPE',
    `${op}: ${name} must be a boolean (true or false) or left out, got ${typeName(value)}`,
    { op, name },
  );
}

/** Checks sgemm parameters against the array lengths and fills in the defaults. */
export function sgemmShape(
  params: SgemmParams,
  lengths: { readonly a: number; readonly b: number; readonly c: number },
): SgemmShape {
  const op = 'matmul.sgemm';
  if (typeof params !== 'object' || params === null) {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: expected a parameters object { m, n, k, a, b, c, ... }`, { op });
  }
  const m = checkCount(op, 'm', params.m);
  const n = checkCount(op, 'n', params.n);
  const k = checkCount(op, 'k', params.k);
  const alpha = checkFinite(op, 'alpha', params.alpha ?? 1);
  const beta = checkFinite(op, 'beta', params.beta ?? 0);
  const transA = checkFlag(op, 'transA', params.transA);
  const transB = checkFlag(op, 'transB', params.transB);
  const lda = checkCount(op, 'lda', params.lda ?? (transA ? m : k));
  const ldb = checkCount(op, 'ldb', params.ldb ?? (transB ? k : n));
  const ldc = checkCount(op, 'ldc', params.ldc ?? n);
  const aOffset = checkCount(op, 'aOffset', params.aOffset ?? 0);
  const bOffset = checkCount(op, 'bOffset', params.bOffset ?? 0);
  const cOffset = checkCount(op, 'cOffset', params.cOffset ?? 0);
  const readsAB = alpha !== 0 && k !== 0;
  if (readsAB) {
    checkMatrix('A', transA ? k : m, transA ? m : k, lda, aOffset, lengths.a);
    checkMatrix('B', transB ? n : k, transB ? k : n, ldb, bOffset, lengths.b);
  }
  checkMatrix('C', m, n, ldc, cOffset, lengths.c);
  return { m, n, k, alpha, beta, transA, transB, lda, ldb, ldc, aOffset, bOffset, cOffset };
}

/** A buffer element type: `KNHK_E_ARG_INVALID` for anything but "f32" and "u8". */
export function checkBufferDType(op: string, dtype: unknown): BufferDType {
  if (dtype !== 'f32' && dtype !== 'u8') {
    throw new KnhkError('KNHK_E_ARG_INVALID', `${op}: dtype must be "f32" or "u8", got ${valueName(dtype)}`, {
      op,
    });
  }
  return dtype;
}

/**
 * A copy of `data` into a buffer of `target.dtype` and `target.length` elements from element
 * `offset` on: `data` of the buffer's element type (`KNHK_E_ARG_TYPE`) that still holds its
 * memory (a detached view is `KNHK_E_ARG_INVALID`), an offset from 0 to the length
 * (`KNHK_E_ARG_RANGE`), and data that fits from there (`KNHK_E_ARG_LENGTH`).
 */
export function checkCopyToDevice(
  op: string,
  target: { readonly dtype: BufferDType; readonly length: number },
  data: unknown,
  offset: unknown,
): Float32Array | Uint8Array {
  const isF32 = target.dtype === 'f32';
  if (!(isF32 ? isFloat32Array(data) : isUint8Array(data))) {
    const wanted = isF32 ? 'Float32Array' : 'Uint8Array';
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: data must be a ${wanted} for this buffer, got ${typeName(data)}`, {
      op,
    });
  }
  const array = data as Float32Array | Uint8Array;
  if (isDetached(array)) {
    throw new KnhkError(
      'KNHK_E_ARG_INVALID',
      `${op}: data is a view of a detached ArrayBuffer (transferred or freed); pass an array that still holds its memory`,
      { op },
    );
  }
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0 || offset > target.length) {
    throw new KnhkError(
      'KNHK_E_ARG_RANGE',
      `${op}: offset must be an integer from 0 to ${target.length}, got ${valueName(offset)}`,
      {
        op,
        offset,
      },
    );
  }
  if (offset + array.length > target.length) {
    throw new KnhkError(
      'KNHK_E_ARG_LENGTH',
      `${op}: ${array.length} elements do not fit at offset ${offset} of a buffer of ${target.length}`,
      { op, offset, length: array.length, bufferLength: target.length },
    );
  }
  return array;
}

/**
 * A live buffer of one plugin instance, as its memory store checks every handle it is given:
 * `KNHK_E_ARG_TYPE` for a value that is no buffer handle, `KNHK_E_BUFFER_FOREIGN` for a buffer
 * of another provider (or of another instance of this one: `isOwn` is false) and
 * `KNHK_E_BUFFER_RELEASED` for a freed one unless `allowReleased`.
 */
export function checkOwnedBuffer<B extends { readonly released: boolean }>(
  op: string,
  name: string,
  value: unknown,
  provider: string,
  isOwn: (value: object) => value is B,
  allowReleased = false,
): B {
  if (!isHandle(value)) {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} must be a buffer, got ${typeName(value)}`, { op, name });
  }
  if (value.provider !== provider) {
    throw new KnhkError(
      'KNHK_E_BUFFER_FOREIGN',
      `${op}: ${name} belongs to provider "${value.provider}", not "${provider}"; copy it to the host first`,
      { op, name, provider: value.provider },
    );
  }
  if (value.kind !== 'buffer') {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} must be a buffer, got a ${value.kind} handle`, { op, name });
  }
  if (!isOwn(value)) {
    throw new KnhkError(
      'KNHK_E_BUFFER_FOREIGN',
      `${op}: ${name} is a ${provider} buffer of another plugin instance (or was not made by memory.allocate())`,
      { op, name },
    );
  }
  if (value.released && !allowReleased) {
    throw new KnhkError('KNHK_E_BUFFER_RELEASED', `${op}: ${name} was freed; allocate a new buffer`, { op, name });
  }
  return value;
}

const COMPARE_OPS: readonly CompareOp[] = ['lt', 'le', 'gt', 'ge', 'eq', 'ne'];

/** A comparison of `vector.compare`, else `KNHK_E_ARG_INVALID`. */
export function checkCompareOp(op: string, compare: unknown): CompareOp {
  // A switch on the literals (pointer compares), not COMPARE_OPS.includes: this runs on every compare call.
  switch (compare) {
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
    case 'eq':
    case 'ne':
      return compare;
  }
  throw new KnhkError(
    'KNHK_E_ARG_INVALID',
    `${op}: op must be one of ${COMPARE_OPS.join(', ')}, got ${valueName(compare)}`,
    {
      op,
    },
  );
}
