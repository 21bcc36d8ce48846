/**
 * What the dispatcher needs to know about each compute operation: its problem size (the
 * key of selection), which provider owns a handle among its arguments (such calls must run
 * there), and which array it both reads and writes (restored before a fallback retries).
 *
 * Arguments are passed positionally (a0..a4) so the hot path allocates nothing.
 */
import { isHandle } from '../capabilities/handles.js';
import { isFloat32Array } from '../capabilities/validate.js';
import type { SgemmParams } from '../capabilities/matmul.js';
import type { MlpSpec } from '../capabilities/mlp.js';
import type { ComputeCapability } from '../capabilities/names.js';

type Arg = unknown;

/** How the framework dispatches one operation. */
export interface OperationSpec {
  size(a0: Arg, a1: Arg, a2: Arg, a3: Arg, a4: Arg): number;
  owner(a0: Arg, a1: Arg, a2: Arg, a3: Arg, a4: Arg): string | undefined;
  /**
   * The argument positions that may hold a handle, when handles come only as direct
   * arguments: the dispatcher then checks them inline, the same as `owner` would.
   */
  readonly handles?: readonly number[];
  inout?(a0: Arg, a1: Arg, a2: Arg, a3: Arg, a4: Arg): Float32Array | undefined;
}

function ownerOf(x: Arg, y?: Arg, z?: Arg, w?: Arg): string | undefined {
  if (isHandle(x)) return x.provider;
  if (isHandle(y)) return y.provider;
  if (isHandle(z)) return z.provider;
  if (isHandle(w)) return w.provider;
  return undefined;
}

function lengthOf(x: Arg, range: Arg): number {
  const explicit = (range as { length?: unknown } | undefined)?.length;
  if (typeof explicit === 'number') return explicit;
  // Only a real typed array's length: a Proxy of one throws on reading it, and anything else is a bad argument anyway.
  if (!ArrayBuffer.isView(x)) return 0;
  const n = (x as { length?: unknown }).length;
  return typeof n === 'number' ? n : 0;
}

// Fixed arity, no rest array: this runs on every guarded call.
function aliased(out: Arg, a: Arg, b: Arg, c?: Arg): Float32Array | undefined {
  return isFloat32Array(out) && (out === a || out === b || out === c) ? out : undefined;
}

const binary: OperationSpec = {
  size: (a, _b, _out, range) => lengthOf(a, range),
  owner: (a, b, out) => ownerOf(a, b, out),
  handles: [0, 1, 2],
  inout: (a, b, out) => aliased(out, a, b),
};

const vector: Record<string, OperationSpec> = {
  add: binary,
  sub: binary,
  mul: binary,
  div: binary,
  fma: {
    size: (a, _b, _c, _out, range) => lengthOf(a, range),
    owner: (a, b, c, out) => ownerOf(a, b, c, out),
    handles: [0, 1, 2, 3],
    inout: (a, b, c, out) => aliased(out, a, b, c),
  },
  dot: { size: (a, _b, range) => lengthOf(a, range), owner: (a, b) => ownerOf(a, b), handles: [0, 1] },
  compare: {
    size: (a, _b, _op, _out, range) => lengthOf(a, range),
    owner: (a, b, _op, out) => ownerOf(a, b, out),
    handles: [0, 1, 3],
  },
};

const reduceOp: OperationSpec = { size: (x, range) => lengthOf(x, range), owner: (x) => ownerOf(x), handles: [0] };

function sgemmParams(p: Arg): Partial<SgemmParams> {
  return typeof p === 'object' && p !== null ? (p as Partial<SgemmParams>) : {};
}

const matmul: Record<string, OperationSpec> = {
  sgemm: {
    size: (p) => {
      const { m, n, k } = sgemmParams(p);
      return typeof m === 'number' && typeof n === 'number' && typeof k === 'number' ? m * n * k : 0;
    },
    owner: (p) => {
      const { a, b, c } = sgemmParams(p);
      return ownerOf(a, b, c);
    },
    inout: (p) => {
      const { beta, c } = sgemmParams(p);
      return beta !== undefined && beta !== 0 && isFloat32Array(c) ? c : undefined;
    },
  },
};

const byHandle: OperationSpec = { size: () => 0, owner: (h) => ownerOf(h) };

const pattern: Record<string, OperationSpec> = {
  compile: { size: (patterns) => (Array.isArray(patterns) ? patterns.length : 0), owner: () => undefined },
  scan: { size: (_set, data) => lengthOf(data, undefined), owner: (set, data) => ownerOf(set, data) },
  openStream: byHandle,
  release: byHandle,
};

function parameterCount(spec: Arg): number {
  const layers = (spec as Partial<MlpSpec> | null)?.layers;
  if (!Array.isArray(layers)) return 0;
  let total = 0;
  for (let i = 0; i + 1 < layers.length; i++) {
    const [inputs, outputs]: unknown[] = [layers[i], layers[i + 1]];
    // Sizes that are no numbers are the provider's KNHK_E_ARG_SHAPE; converting them here could throw.
    if (typeof inputs !== 'number' || typeof outputs !== 'number') return 0;
    total += inputs * outputs;
  }
  return Number.isFinite(total) ? total : 0;
}

const mlp: Record<string, OperationSpec> = {
  createModel: { size: (spec) => parameterCount(spec), owner: () => undefined },
  getParameters: byHandle,
  setParameters: byHandle,
  forward: byHandle,
  loss: byHandle,
  trainStep: byHandle,
  release: byHandle,
};

const memory: Record<string, OperationSpec> = {
  allocate: { size: (n) => (typeof n === 'number' ? n : 0), owner: () => undefined },
  copyToDevice: byHandle,
  copyFromDevice: byHandle,
  free: byHandle,
  info: { size: () => 0, owner: () => undefined },
  synchronize: { size: () => 0, owner: () => undefined },
};

/** Every compute operation the framework dispatches, by capability. */
export const OPERATIONS: { readonly [C in ComputeCapability]: Readonly<Record<string, OperationSpec>> } = Object.freeze(
  {
    vector,
    reduce: { sum: reduceOp, min: reduceOp, max: reduceOp, argmax: reduceOp },
    matmul,
    pattern,
    mlp,
    memory,
  },
);
