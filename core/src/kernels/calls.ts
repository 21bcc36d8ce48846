/**
 * Normalised calls: the arguments of a vector or reduce operation as core has checked and
 * resolved them once, for kernels of the call form (`defineKernel({ form: 'call', ... })`).
 *
 * Core runs the shared checks of `capabilities/validate.ts` (the range object, operand
 * types, offsets and strides, the element count, the output's room, the comparison), so a
 * call-form kernel never validates its arguments again and every backend's bad input gets
 * the same coded error with the same message. What core cannot check is left to the kernel:
 * whether a handle is one of the provider's own, live buffers.
 *
 * The common case, whole Float32Arrays of one length and no range, is recognised first and
 * built with no allocation but the output array core allocates when `out` is absent; the
 * dispatcher fills one call object per operation and reuses it (see `dispatch.ts`). A kernel
 * must therefore not keep a call, nor its operands, after it returns.
 *
 * Outputs: when `out` is absent and `a` is a host array, core allocates a dense output (a
 * Float32Array of `n`, or a Uint8Array of `n` for compare) and the kernel returns
 * `call.result`. When `out` is absent and `a` is a handle, `call.out` and `call.result` are
 * undefined: the kernel allocates a buffer of its own provider (the output has the kind of `a`)
 * and returns it.
 */
import type { DeviceBuffer } from '../capabilities/handles.js';
import { isHandle } from '../capabilities/handles.js';
import type { CompareOp, Strided, VectorRange } from '../capabilities/vector.js';
import {
  checkCompareOp,
  checkOutput,
  checkVectorRange,
  elementCount,
  isFloat32Array,
  isUint8Array,
  reduceSpan,
  stridedSpan,
  typeName,
} from '../capabilities/validate.js';
import { KnhkError } from '../errors/knhk-error.js';

/** What an operand holds: a host array, or a buffer handle that the kernel's provider resolves. */
export type OperandArray<A extends Float32Array | Uint8Array> = A | DeviceBuffer;

/**
 * One operand of a normalised call: its array (or buffer handle), the index of its first
 * element and the distance between elements, both checked against its length.
 */
export interface Operand<A extends Float32Array | Uint8Array = Float32Array> {
  readonly array: OperandArray<A>;
  readonly offset: number;
  readonly stride: number;
}

/**
 * An element-wise call (`vector.add`, `sub`, `mul`, `div`, `fma`): `n` elements of `a`, `b`
 * (and `c` for fma) into `out`.
 */
export interface ElementwiseCall {
  /** The element count (`range.length`, or what `a` holds at its offset and stride). */
  readonly n: number;
  readonly a: Operand;
  readonly b: Operand;
  /** The addend of fma; undefined for the other operations. */
  readonly c: Operand | undefined;
  /** Where to write: the caller's `out`, or a dense array core allocated; undefined when `a` is a handle and `out` was absent. */
  readonly out: Operand | undefined;
  /** What the operation returns: the caller's `out`, the array core allocated, or undefined (the kernel allocates). */
  readonly result: Float32Array | DeviceBuffer | undefined;
  /**
   * True when every operand is a host array at offset 0 and stride 1 and the output shares
   * no memory with an input unless it is that input: a plain loop over `n` is then correct.
   */
  readonly dense: boolean;
}

/** A `vector.dot` call: the sum of `n` products of `a` and `b`. */
export interface DotCall {
  readonly n: number;
  readonly a: Operand;
  readonly b: Operand;
  /** True when both operands are host arrays at offset 0 and stride 1. */
  readonly dense: boolean;
}

/** A `vector.compare` call: `out[i] = (a[i] op b[i]) ? 1 : 0`, with `b` an operand or a scalar. */
export interface CompareCall {
  readonly n: number;
  readonly op: CompareOp;
  readonly a: Operand;
  /** The operand `b`; undefined when `b` is a scalar. */
  readonly b: Operand | undefined;
  /** A scalar `b`, already rounded to float32; undefined when `b` is an operand. */
  readonly scalar: number | undefined;
  readonly out: Operand<Uint8Array> | undefined;
  readonly result: Uint8Array | DeviceBuffer | undefined;
  /** As {@link ElementwiseCall.dense}, with a scalar `b` counting as dense. */
  readonly dense: boolean;
}

/** A `reduce` call: `n` elements of `x` from `offset`, every `stride`-th. */
export interface ReduceCall {
  readonly n: number;
  readonly x: Operand;
  /** True when `x` is a host array read from offset 0 at stride 1. */
  readonly dense: boolean;
}

/** The normalised call of each operation that has one. */
export interface CallMap {
  readonly vector: {
    readonly add: ElementwiseCall;
    readonly sub: ElementwiseCall;
    readonly mul: ElementwiseCall;
    readonly div: ElementwiseCall;
    readonly fma: ElementwiseCall;
    readonly dot: DotCall;
    readonly compare: CompareCall;
  };
  readonly reduce: {
    readonly sum: ReduceCall;
    readonly min: ReduceCall;
    readonly max: ReduceCall;
    readonly argmax: ReduceCall;
  };
}

/** Any normalised call. */
export type NormalisedCall = ElementwiseCall | DotCall | CompareCall | ReduceCall;

type Arg = unknown;

/**
 * Checks and resolves the raw arguments of one operation into a normalised call. `into` is
 * a call object of this operation (from {@link CallNormaliser.create}) to fill and return;
 * without it a new one is made.
 */
export interface CallNormaliser {
  /** A blank call object of this operation, to pass as `into`. */
  create(): NormalisedCall;
  normalise(a0: Arg, a1: Arg, a2: Arg, a3: Arg, a4: Arg, into?: NormalisedCall): NormalisedCall;
  /** Drops the arrays a reused call object refers to, so that it keeps nothing alive between calls. */
  clear(call: NormalisedCall): void;
}

const EMPTY_F32 = new Float32Array(0);
const EMPTY_U8 = new Uint8Array(0);

/** An operand as core fills it in. Same fields, in the same order, for every operand: one hidden class. */
class MutableOperand<A extends Float32Array | Uint8Array = Float32Array> implements Operand<A> {
  constructor(
    public array: OperandArray<A>,
    public offset = 0,
    public stride = 1,
  ) {}
}

class MutableElementwiseCall implements ElementwiseCall {
  n = 0;
  readonly a = new MutableOperand<Float32Array>(EMPTY_F32);
  readonly b = new MutableOperand<Float32Array>(EMPTY_F32);
  c: MutableOperand | undefined = undefined;
  out: MutableOperand | undefined = undefined;
  result: Float32Array | DeviceBuffer | undefined = undefined;
  dense = false;
  /** Kept so that a reused call fills its operands in place. */
  readonly cSlot = new MutableOperand<Float32Array>(EMPTY_F32);
  readonly outSlot = new MutableOperand<Float32Array>(EMPTY_F32);
}

class MutableDotCall implements DotCall {
  n = 0;
  readonly a = new MutableOperand<Float32Array>(EMPTY_F32);
  readonly b = new MutableOperand<Float32Array>(EMPTY_F32);
  dense = false;
}

class MutableCompareCall implements CompareCall {
  n = 0;
  op: CompareOp = 'eq';
  readonly a = new MutableOperand<Float32Array>(EMPTY_F32);
  b: MutableOperand | undefined = undefined;
  scalar: number | undefined = undefined;
  out: MutableOperand<Uint8Array> | undefined = undefined;
  result: Uint8Array | DeviceBuffer | undefined = undefined;
  dense = false;
  readonly bSlot = new MutableOperand<Float32Array>(EMPTY_F32);
  readonly outSlot = new MutableOperand<Uint8Array>(EMPTY_U8);
}

class MutableReduceCall implements ReduceCall {
  n = 0;
  readonly x = new MutableOperand<Float32Array>(EMPTY_F32);
  dense = false;
}

/** An f32 operand: a Float32Array or an f32 buffer handle, else `KNHK_E_ARG_TYPE`. Returns its element count. */
function f32Length(op: string, name: string, value: unknown): number {
  if (isFloat32Array(value)) return value.length;
  return bufferLength(op, name, value, 'f32', 'Float32Array');
}

/** A u8 output: a Uint8Array or a u8 buffer handle, else `KNHK_E_ARG_TYPE`. Returns its element count. */
function u8Length(op: string, name: string, value: unknown): number {
  if (isUint8Array(value)) return value.length;
  return bufferLength(op, name, value, 'u8', 'Uint8Array');
}

function bufferLength(op: string, name: string, value: unknown, dtype: 'f32' | 'u8', arrayType: string): number {
  if (!isHandle(value)) {
    throw new KnhkError(
      'KNHK_E_ARG_TYPE',
      `${op}: ${name} must be a ${arrayType} or an ${dtype} buffer, got ${typeName(value)}`,
      { op, name },
    );
  }
  const buffer = value as Partial<DeviceBuffer>;
  if (buffer.kind !== 'buffer') {
    throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: ${name} must be a buffer, got a ${value.kind} handle`, { op, name });
  }
  if (buffer.dtype !== dtype) {
    throw new KnhkError(
      'KNHK_E_ARG_TYPE',
      `${op}: ${name} is a ${String(buffer.dtype)} buffer, an ${dtype} buffer is needed`,
      { op, name },
    );
  }
  return typeof buffer.length === 'number' ? buffer.length : 0;
}

function place<A extends Float32Array | Uint8Array>(
  target: MutableOperand<A>,
  op: string,
  name: string,
  array: OperandArray<A>,
  length: number,
  strided: Strided | undefined,
): MutableOperand<A> {
  const span = stridedSpan(op, name, length, strided);
  target.array = array;
  target.offset = span.offset;
  target.stride = span.stride;
  return target;
}

function whole<A extends Float32Array | Uint8Array>(target: MutableOperand<A>, array: A): MutableOperand<A> {
  target.array = array;
  target.offset = 0;
  target.stride = 1;
  return target;
}

/** True when an operand is a host array read from its first element at stride 1. */
function denseOperand(o: Operand<Float32Array | Uint8Array>): boolean {
  return o.offset === 0 && o.stride === 1 && ArrayBuffer.isView(o.array);
}

/**
 * True when a forward loop may write host array `out` while reading host array `x`: `out`
 * is `x`, or starts at the same byte offset (then it is either in another buffer or `x`'s
 * own elements, written after they are read), or lies in another buffer. The byte offsets
 * decide the common case: reading `.buffer` costs about 50 ns on V8 (measured), the offsets
 * are plain loads.
 */
function apartOrSame(out: Float32Array | Uint8Array, x: Float32Array): boolean {
  return (out as unknown) === x || out.byteOffset === x.byteOffset || out.buffer !== x.buffer;
}

/**
 * The last output and inputs of one family of operations found safe for a forward loop
 * ({@link apartOrSame}). A typed array never changes its buffer or byte offset, so the same
 * objects again are safe again, and the check (three `byteOffset` reads, about 8 ns each on
 * Node 20, measured: most of a 16-element call) is skipped. Only arrays of at most
 * {@link MEMO_MAX_ELEMENTS} are kept, and only until the next call with other arrays.
 */
class ApartMemo {
  out: unknown = undefined;
  a: unknown = undefined;
  b: unknown = undefined;
  c: unknown = undefined;
}

/** Arrays longer than this are not kept by an {@link ApartMemo} (where the check costs little beside the loop). */
const MEMO_MAX_ELEMENTS = 1024;

const BINARY_MEMO = new ApartMemo();
const FMA_MEMO = new ApartMemo();
const COMPARE_MEMO = new ApartMemo();

/** {@link apartOrSame} of `out` with each input (`b` and `c` may be absent), remembered in `memo`. */
function apartFromAll(
  memo: ApartMemo,
  out: Float32Array | Uint8Array,
  a: Float32Array,
  b: Float32Array | undefined,
  c: Float32Array | undefined,
): boolean {
  if (memo.out === out && memo.a === a && memo.b === b && memo.c === c) return true;
  const apart =
    apartOrSame(out, a) && (b === undefined || apartOrSame(out, b)) && (c === undefined || apartOrSame(out, c));
  if (apart && out.length <= MEMO_MAX_ELEMENTS) {
    memo.out = out;
    memo.a = a;
    memo.b = b;
    memo.c = c;
  }
  return apart;
}

/** The dense flag of an element-wise call whose operands are placed. */
function elementwiseDense(call: MutableElementwiseCall): boolean {
  const { a, b, c, out } = call;
  if (out === undefined || !denseOperand(a) || !denseOperand(b) || !denseOperand(out)) return false;
  if (c !== undefined && !denseOperand(c)) return false;
  const o = out.array as Float32Array;
  return (
    apartOrSame(o, a.array as Float32Array) &&
    apartOrSame(o, b.array as Float32Array) &&
    (c === undefined || apartOrSame(o, c.array as Float32Array))
  );
}

/** Checks `out` of an element-wise call (or allocates it) and sets `out`, `result` and `dense`. */
function elementwiseOutput(
  call: MutableElementwiseCall,
  op: string,
  a: unknown,
  out: unknown,
  strided: Strided | undefined,
): void {
  const n = call.n;
  if (out === undefined) {
    if (isFloat32Array(a)) {
      const array = new Float32Array(n);
      call.out = whole(call.outSlot, array);
      call.result = array;
    } else {
      call.out = undefined;
      call.result = undefined;
    }
  } else {
    const length = f32Length(op, 'out', out);
    checkOutput(op, 'out', length, strided, n);
    call.out = place(call.outSlot, op, 'out', out as OperandArray<Float32Array>, length, strided);
    call.result = out as Float32Array | DeviceBuffer;
  }
  call.dense = elementwiseDense(call);
}

/** The general path of add, sub, mul and div: any range, handles, and every error. */
function binaryGeneral(
  op: string,
  call: MutableElementwiseCall,
  a: unknown,
  b: unknown,
  out: unknown,
  range: unknown,
): MutableElementwiseCall {
  const r = checkVectorRange(op, range);
  const la = f32Length(op, 'a', a);
  const lb = f32Length(op, 'b', b);
  call.n = elementCount(op, r.length, [
    { name: 'a', arrayLength: la, strided: r.a },
    { name: 'b', arrayLength: lb, strided: r.b },
  ]);
  place(call.a, op, 'a', a as OperandArray<Float32Array>, la, r.a);
  place(call.b, op, 'b', b as OperandArray<Float32Array>, lb, r.b);
  call.c = undefined;
  elementwiseOutput(call, op, a, out, r.out);
  return call;
}

/**
 * Normalises `(a, b, out?, range?)` of add, sub, mul and div. Whole Float32Arrays of one
 * length without a range take the fast path: no check can fail there but `out`'s.
 */
export function normaliseBinary(
  op: string,
  a: unknown,
  b: unknown,
  out: unknown,
  range: unknown,
  into?: ElementwiseCall,
): ElementwiseCall {
  const call = (into as MutableElementwiseCall | undefined) ?? new MutableElementwiseCall();
  if (range === undefined && isFloat32Array(a) && isFloat32Array(b) && b.length === a.length) {
    const n = a.length;
    if (out === undefined) {
      const array = new Float32Array(n);
      call.n = n;
      whole(call.a, a);
      whole(call.b, b);
      call.c = undefined;
      call.out = whole(call.outSlot, array);
      call.result = array;
      call.dense = true;
      return call;
    }
    if (isFloat32Array(out) && out.length === n) {
      call.n = n;
      whole(call.a, a);
      whole(call.b, b);
      call.c = undefined;
      call.out = whole(call.outSlot, out);
      call.result = out;
      call.dense = apartFromAll(BINARY_MEMO, out, a, b, undefined);
      return call;
    }
  }
  return binaryGeneral(op, call, a, b, out, range);
}

/** Normalises `(a, b, c, out?, range?)` of fma. */
export function normaliseFma(
  op: string,
  a: unknown,
  b: unknown,
  c: unknown,
  out: unknown,
  range: unknown,
  into?: ElementwiseCall,
): ElementwiseCall {
  const call = (into as MutableElementwiseCall | undefined) ?? new MutableElementwiseCall();
  if (
    range === undefined &&
    isFloat32Array(a) &&
    isFloat32Array(b) &&
    isFloat32Array(c) &&
    b.length === a.length &&
    c.length === a.length &&
    (out === undefined || (isFloat32Array(out) && out.length === a.length))
  ) {
    const n = a.length;
    const o = out === undefined ? new Float32Array(n) : out;
    call.n = n;
    whole(call.a, a);
    whole(call.b, b);
    call.c = whole(call.cSlot, c);
    call.out = whole(call.outSlot, o);
    call.result = o;
    call.dense = out === undefined || apartFromAll(FMA_MEMO, o, a, b, c);
    return call;
  }
  const r = range === undefined ? undefined : checkVectorRange(op, range);
  const la = f32Length(op, 'a', a);
  const lb = f32Length(op, 'b', b);
  const lc = f32Length(op, 'c', c);
  if (r === undefined && la === lb && la === lc) {
    call.n = la;
  } else {
    call.n = elementCount(op, r?.length, [
      { name: 'a', arrayLength: la, strided: r?.a },
      { name: 'b', arrayLength: lb, strided: r?.b },
      { name: 'c', arrayLength: lc, strided: r?.c },
    ]);
  }
  if (r === undefined) {
    placeWhole(call.a, a);
    placeWhole(call.b, b);
    call.c = placeWhole(call.cSlot, c);
  } else {
    place(call.a, op, 'a', a as OperandArray<Float32Array>, la, r.a);
    place(call.b, op, 'b', b as OperandArray<Float32Array>, lb, r.b);
    call.c = place(call.cSlot, op, 'c', c as OperandArray<Float32Array>, lc, r.c);
  }
  elementwiseOutput(call, op, a, out, r?.out);
  return call;
}

/** An operand over a whole (already type-checked) array or buffer. */
function placeWhole(target: MutableOperand, value: unknown): MutableOperand {
  target.array = value as OperandArray<Float32Array>;
  target.offset = 0;
  target.stride = 1;
  return target;
}

/** Normalises `(a, b, range?)` of dot. */
export function normaliseDot(op: string, a: unknown, b: unknown, range: unknown, into?: DotCall): DotCall {
  const call = (into as MutableDotCall | undefined) ?? new MutableDotCall();
  if (range === undefined && isFloat32Array(a) && isFloat32Array(b) && b.length === a.length) {
    call.n = a.length;
    whole(call.a, a);
    whole(call.b, b);
    call.dense = true;
    return call;
  }
  const r = checkVectorRange(op, range);
  const la = f32Length(op, 'a', a);
  const lb = f32Length(op, 'b', b);
  call.n = elementCount(op, r.length, [
    { name: 'a', arrayLength: la, strided: r.a },
    { name: 'b', arrayLength: lb, strided: r.b },
  ]);
  place(call.a, op, 'a', a as OperandArray<Float32Array>, la, r.a);
  place(call.b, op, 'b', b as OperandArray<Float32Array>, lb, r.b);
  call.dense = denseOperand(call.a) && denseOperand(call.b);
  return call;
}

/**
 * Normalises `(a, b, op, out?, range?)` of compare. A number `b` is rounded to float32
 * (every element of `a` is a float32) and `range.b` does not apply to it.
 */
export function normaliseCompare(
  name: string,
  a: unknown,
  b: unknown,
  compare: unknown,
  out: unknown,
  range: unknown,
  into?: CompareCall,
): CompareCall {
  const call = (into as MutableCompareCall | undefined) ?? new MutableCompareCall();
  call.op = checkCompareOp(name, compare);
  // The common call, whole arrays with an array b, stays small enough for V8 to inline into
  // the dispatcher; a scalar b and everything else go through compareGeneral.
  if (range === undefined && isFloat32Array(a) && isFloat32Array(b) && b.length === a.length) {
    const n = a.length;
    if (out === undefined || (isUint8Array(out) && out.length === n)) {
      const o = out === undefined ? new Uint8Array(n) : out;
      call.n = n;
      whole(call.a, a);
      call.b = whole(call.bSlot, b);
      call.scalar = undefined;
      call.out = whole(call.outSlot, o);
      call.result = o;
      call.dense = out === undefined || apartFromAll(COMPARE_MEMO, o, a, b, undefined);
      return call;
    }
  }
  return compareGeneral(name, call, a, b, out, range);
}

/** {@link normaliseCompare} of every call but whole arrays with an array b: scalars, ranges, handles, errors. */
function compareGeneral(
  name: string,
  call: MutableCompareCall,
  a: unknown,
  b: unknown,
  out: unknown,
  range: unknown,
): CompareCall {
  if (range === undefined && isFloat32Array(a) && typeof b === 'number') {
    const n = a.length;
    if (out === undefined || (isUint8Array(out) && out.length === n)) {
      const o = out === undefined ? new Uint8Array(n) : out;
      call.n = n;
      whole(call.a, a);
      call.b = undefined;
      call.scalar = Math.fround(b);
      call.out = whole(call.outSlot, o);
      call.result = o;
      call.dense = out === undefined || apartFromAll(COMPARE_MEMO, o, a, undefined, undefined);
      return call;
    }
  }
  const r: VectorRange | undefined = range === undefined ? undefined : checkVectorRange(name, range);
  const la = f32Length(name, 'a', a);
  const scalar = typeof b === 'number';
  const lb = scalar ? 0 : f32Length(name, 'b', b);
  if (r === undefined && (scalar || lb === la)) {
    call.n = la;
    whole(call.a, a as Float32Array);
  } else {
    const operands = [{ name: 'a', arrayLength: la, strided: r?.a }];
    if (!scalar) operands.push({ name: 'b', arrayLength: lb, strided: r?.b });
    call.n = elementCount(name, r?.length, operands);
    place(call.a, name, 'a', a as OperandArray<Float32Array>, la, r?.a);
  }
  if (scalar) {
    call.b = undefined;
    call.scalar = Math.fround(b);
  } else {
    call.b = place(call.bSlot, name, 'b', b as OperandArray<Float32Array>, lb, r?.b);
    call.scalar = undefined;
  }
  const n = call.n;
  if (out === undefined) {
    if (isFloat32Array(a)) {
      const array = new Uint8Array(n);
      call.out = whole(call.outSlot, array);
      call.result = array;
    } else {
      call.out = undefined;
      call.result = undefined;
    }
  } else {
    const length = u8Length(name, 'out', out);
    checkOutput(name, 'out', length, r?.out, n);
    call.out = place(call.outSlot, name, 'out', out as OperandArray<Uint8Array>, length, r?.out);
    call.result = out as Uint8Array | DeviceBuffer;
  }
  call.dense = compareDense(call);
  return call;
}

function compareDense(call: MutableCompareCall): boolean {
  const { a, b, out } = call;
  if (out === undefined || !denseOperand(a) || !denseOperand(out)) return false;
  if (b !== undefined && !denseOperand(b)) return false;
  const o = out.array as Uint8Array;
  return apartOrSame(o, a.array as Float32Array) && (b === undefined || apartOrSame(o, b.array as Float32Array));
}

/** Normalises `(x, range?)` of a reduction; `emptyAllowed` is true for sum only. */
export function normaliseReduce(
  op: string,
  emptyAllowed: boolean,
  x: unknown,
  range: unknown,
  into?: ReduceCall,
): ReduceCall {
  const call = (into as MutableReduceCall | undefined) ?? new MutableReduceCall();
  if (range === undefined && isFloat32Array(x) && (emptyAllowed || x.length > 0)) {
    call.n = x.length;
    whole(call.x, x);
    call.dense = true;
    return call;
  }
  const length = f32Length(op, 'x', x);
  const span = reduceSpan(op, length, range, emptyAllowed);
  call.n = span.n;
  call.x.array = x as OperandArray<Float32Array>;
  call.x.offset = span.offset;
  call.x.stride = span.stride;
  call.dense = denseOperand(call.x);
  return call;
}

function clearOperand(o: MutableOperand<Float32Array> | MutableOperand<Uint8Array>, empty: Float32Array | Uint8Array) {
  (o as MutableOperand<Float32Array | Uint8Array>).array = empty;
}

function binaryNormaliser(op: string): CallNormaliser {
  return {
    create: () => new MutableElementwiseCall(),
    normalise: (a, b, out, range, _a4, into) => normaliseBinary(op, a, b, out, range, into as ElementwiseCall),
    clear: clearElementwise,
  };
}

function clearElementwise(call: NormalisedCall): void {
  const c = call as MutableElementwiseCall;
  clearOperand(c.a, EMPTY_F32);
  clearOperand(c.b, EMPTY_F32);
  clearOperand(c.cSlot, EMPTY_F32);
  clearOperand(c.outSlot, EMPTY_F32);
  c.result = undefined;
}

function reduceNormaliser(op: string, emptyAllowed: boolean): CallNormaliser {
  return {
    create: () => new MutableReduceCall(),
    normalise: (x, range, _a2, _a3, _a4, into) => normaliseReduce(op, emptyAllowed, x, range, into as ReduceCall),
    clear: (call) => clearOperand((call as MutableReduceCall).x, EMPTY_F32),
  };
}

/** Types an operation's normaliser (its functions' parameters included). */
function normaliser(n: CallNormaliser): CallNormaliser {
  return n;
}

/** The normaliser of every operation that has a normalised call, by capability and operation. */
export const CALL_NORMALISERS: {
  readonly [C in keyof CallMap]: { readonly [O in keyof CallMap[C]]: CallNormaliser };
} = Object.freeze({
  vector: Object.freeze({
    add: binaryNormaliser('vector.add'),
    sub: binaryNormaliser('vector.sub'),
    mul: binaryNormaliser('vector.mul'),
    div: binaryNormaliser('vector.div'),
    fma: normaliser({
      create: () => new MutableElementwiseCall(),
      normalise: (a, b, c, out, range, into) =>
        normaliseFma('vector.fma', a, b, c, out, range, into as ElementwiseCall),
      clear: clearElementwise,
    }),
    dot: normaliser({
      create: () => new MutableDotCall(),
      normalise: (a, b, range, _a3, _a4, into) => normaliseDot('vector.dot', a, b, range, into as DotCall),
      clear: (call) => {
        clearOperand((call as MutableDotCall).a, EMPTY_F32);
        clearOperand((call as MutableDotCall).b, EMPTY_F32);
      },
    }),
    compare: normaliser({
      create: () => new MutableCompareCall(),
      normalise: (a, b, op, out, range, into) =>
        normaliseCompare('vector.compare', a, b, op, out, range, into as CompareCall),
      clear: (call) => {
        const c = call as MutableCompareCall;
        clearOperand(c.a, EMPTY_F32);
        clearOperand(c.bSlot, EMPTY_F32);
        clearOperand(c.outSlot, EMPTY_U8);
        c.result = undefined;
      },
    }),
  }),
  reduce: Object.freeze({
    sum: reduceNormaliser('reduce.sum', true),
    min: reduceNormaliser('reduce.min', false),
    max: reduceNormaliser('reduce.max', false),
    argmax: reduceNormaliser('reduce.argmax', false),
  }),
});

/** The normaliser of `capability.operation`, or undefined when the operation has no normalised call. */
export function callNormaliser(capability: string, operation: string): CallNormaliser | undefined {
  const table = (CALL_NORMALISERS as Record<string, Record<string, CallNormaliser> | undefined>)[capability];
  return table !== undefined && Object.hasOwn(table, operation) ? table[operation] : undefined;
}
