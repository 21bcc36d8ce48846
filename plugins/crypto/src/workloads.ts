/**
 * Workloads that let `framework.tune()` measure every provider of `kem` and `signature` and
 * choose the fastest (operation `'*'`: a representative mix decides what `get()` returns).
 * Each measures one round trip of the mid parameter set (ML-KEM-768, ML-DSA-65), or of the
 * provider's first algorithm when it does not offer that one.
 */
import type { Kem, SignatureScheme, Workload } from '@knhk/core';

function pick(algorithms: readonly string[], preferred: string): string {
  return algorithms.includes(preferred) ? preferred : algorithms[0];
}

function bytes(n: number, random: () => number): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
}

/** kem '*': keygen, encapsulate and decapsulate of ML-KEM-768. */
export const KEM_WORKLOAD: Workload<'kem'> = Object.freeze({
  capability: 'kem',
  operation: '*',
  what: 'one ML-KEM-768 keygen + encapsulate + decapsulate',
  paramName: 'round trips',
  params: { quick: [1], thorough: [1] },
  selectionSize: () => 0,
  figure: { name: 'round trips/s', value: (param: number, ns: number) => (param * 1e9) / ns },
  bind(kem: Kem) {
    const algorithm = pick(kem.algorithms, 'ML-KEM-768');
    return {
      run() {
        const { publicKey, secretKey } = kem.keygen(algorithm);
        const { cipherText } = kem.encapsulate(algorithm, publicKey);
        kem.decapsulate(algorithm, cipherText, secretKey);
      },
      dispose() {},
    };
  },
});

/** signature '*': a deterministic ML-DSA-65 sign and a verify of a 256-byte message. */
export const SIGNATURE_WORKLOAD: Workload<'signature'> = Object.freeze({
  capability: 'signature',
  operation: '*',
  what: 'one ML-DSA-65 sign + verify of 256 bytes',
  paramName: 'round trips',
  params: { quick: [1], thorough: [1] },
  selectionSize: () => 0,
  figure: { name: 'round trips/s', value: (param: number, ns: number) => (param * 1e9) / ns },
  bind(scheme: SignatureScheme, _param: number, random: () => number) {
    const algorithm = pick(scheme.algorithms, 'ML-DSA-65');
    const { publicKey, secretKey } = scheme.keygen(algorithm);
    const message = bytes(256, random);
    return {
      run() {
        const signature = scheme.sign(algorithm, secretKey, message, undefined, { deterministic: true });
        if (!scheme.verify(algorithm, publicKey, message, signature))
          throw new Error(`${algorithm}: own signature did not verify`);
      },
      dispose() {
        secretKey.fill(0);
      },
    };
  },
});
