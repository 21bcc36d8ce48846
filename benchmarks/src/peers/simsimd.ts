/** simsimd (optional benchmark-only dependency): SIMD dot products, the usual pick for `dot` in Node. */
import { describeError } from '@knhk/core';
import type { MissingPeer, Peer } from './peer.js';

interface SimsimdModule {
  inner(a: Float32Array, b: Float32Array): number;
}

/** The simsimd peer, or why it is missing. */
export async function loadSimsimd(): Promise<Peer | MissingPeer> {
  try {
    const loaded = (await import('simsimd')) as unknown as SimsimdModule & { default?: SimsimdModule };
    const simsimd = typeof loaded.inner === 'function' ? loaded : loaded.default;
    if (simsimd === undefined || typeof simsimd.inner !== 'function') {
      return { name: 'simsimd', reason: 'simsimd has no inner() function' };
    }
    return {
      name: 'simsimd',
      operations: ['vector.dot'],
      impl: { dot: (a: Float32Array, b: Float32Array) => simsimd.inner(a, b) },
    };
  } catch (error) {
    return { name: 'simsimd', reason: `not installed (npm install simsimd): ${describeError(error)}` };
  }
}
