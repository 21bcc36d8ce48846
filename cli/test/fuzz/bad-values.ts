/**
 * The bad values the fuzz draws from: wrong types, bad numbers, hostile objects (getters and
 * Proxy traps that throw), detached arrays and Proxies of typed arrays. Pure values, no I/O.
 */

/** What a getter or Proxy trap of the caller throws; the call may pass it through unchanged. */
export const CALLER_ERROR = new Error('fuzz: a getter of the caller threw');

/** An object whose every listed property is a getter that throws {@link CALLER_ERROR}. */
export function throwingGetters(keys: readonly string[]): object {
  const object = {};
  for (const key of keys) {
    Object.defineProperty(object, key, {
      enumerable: true,
      get() {
        throw CALLER_ERROR;
      },
    });
  }
  return object;
}

/** A Proxy every trap of which throws {@link CALLER_ERROR} (prototype, keys, reads, `in`). */
export function throwingProxy(target: object = {}): object {
  const fail = (): never => {
    throw CALLER_ERROR;
  };
  return new Proxy(target, {
    get: fail,
    has: fail,
    getPrototypeOf: fail,
    ownKeys: fail,
    getOwnPropertyDescriptor: fail,
  });
}

/** A Float32Array of `n` elements whose ArrayBuffer was transferred away (detached: its length reads 0). */
export function detachedFloat32(n: number): Float32Array {
  const array = new Float32Array(n);
  structuredClone(array.buffer, { transfer: [array.buffer] });
  return array;
}

/** A Uint8Array of `n` elements whose ArrayBuffer was transferred away. */
export function detachedUint8(n: number): Uint8Array {
  const array = new Uint8Array(n);
  structuredClone(array.buffer, { transfer: [array.buffer] });
  return array;
}

/** Numbers and non-numbers that are no count, offset or leading dimension of a small array. */
export const BAD_COUNTS: readonly unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -1,
  -0.5,
  1.5,
  2 ** 32 + 2,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  -(2 ** 31),
  '1',
  '0',
  null,
  true,
  1n,
  {},
  [],
  [2],
  Symbol('count'),
  () => 1,
  Object.create(null),
];

/** Values that are not finite numbers (alpha, beta, learning rates). */
export const BAD_FINITE: readonly unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  '1',
  true,
  1n,
  {},
  [1],
  Symbol('x'),
  Object.create(null),
];

/** Values that are neither `true`, `false` nor left out. */
export const BAD_FLAGS: readonly unknown[] = [1, 0, 'yes', 'true', '', null, {}, [], Number.NaN, 1n, Symbol('flag')];

/** Values that are no typed array, nor any handle. */
export const NOT_ARRAYS: readonly unknown[] = [
  null,
  undefined,
  0,
  1,
  Number.NaN,
  '1',
  'abc',
  true,
  1n,
  Symbol('array'),
  () => 0,
  {},
  [],
  [1, 2, 3, 4],
  Object.create(null),
  new ArrayBuffer(16),
  new DataView(new ArrayBuffer(16)),
  { length: 4, 0: 1, 1: 2, 2: 3, 3: 4 },
];

/** Typed arrays of the wrong element type for an f32 operand. */
export const WRONG_F32: readonly unknown[] = [
  new Float64Array(4),
  new Int32Array(4),
  new Uint8Array(16),
  new Uint32Array(4),
  new Int8Array(4),
  new Uint16Array(8),
];

/** Typed arrays of the wrong element type for a byte operand. */
export const WRONG_U8: readonly unknown[] = [
  new Float32Array(4),
  new Int8Array(4),
  new Uint16Array(4),
  new Uint8ClampedArray(4),
  new Float64Array(2),
];

/** Strings that are no enum value of knhk. */
export const BAD_ENUMS: readonly unknown[] = [
  '',
  'LT',
  'lt ',
  'f64',
  'F32',
  'gelu',
  'relu\u0000',
  'constructor',
  '__proto__',
  1,
  null,
  {},
  Symbol('enum'),
  1n,
];
