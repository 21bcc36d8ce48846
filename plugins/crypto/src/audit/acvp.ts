/**
 * Checkers of ACVP vector sets: ML-KEM keyGen and encapDecap (with the key checks of FIPS 203
 * section 7), ML-DSA keyGen, sigGen and sigVer (every interface: external pure and pre-hash,
 * internal with or without external mu, deterministic and hedged). A test the checker cannot
 * run is skipped with its reason; nothing is ignored.
 */
import { describeError } from '@knhk/core';
import * as mldsa from '../ml-dsa.js';
import * as mlkem from '../ml-kem.js';
import type { MlDsaParams, MlKemParams } from '../params.js';
import { type AcvpGroup, type AcvpTest, hexField, toHex } from './vectors.js';

/** The outcome of one test case. */
export type Outcome =
  | { readonly status: 'passed' }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'skipped'; readonly reason: string };

/** Checks one test case against its expected result. */
export type TestChecker = (test: AcvpTest, expected: AcvpTest) => Outcome;

/** For a test group: its checker, or why the whole group is skipped. */
export type GroupChecker = (group: AcvpGroup) => TestChecker | string;

const PASSED: Outcome = Object.freeze({ status: 'passed' });

/** A field of the test, or of its group (older ACVP revisions keep keys at group level). */
function field(group: AcvpGroup, test: AcvpTest, name: string): Uint8Array {
  return hexField(name in test ? test : group, name);
}

/** Compares hex fields of an output with the expected test. */
function compare(expected: AcvpTest, actual: Readonly<Record<string, Uint8Array>>): Outcome {
  for (const [name, bytes] of Object.entries(actual)) {
    const want = expected[name];
    if (typeof want !== 'string') return { status: 'skipped', reason: `expected result has no "${name}"` };
    if (want.toUpperCase() !== toHex(bytes))
      return { status: 'failed', reason: `${name} differs from the expected value` };
  }
  return PASSED;
}

function compareBoolean(expected: AcvpTest, actual: boolean): Outcome {
  if (typeof expected.testPassed !== 'boolean')
    return { status: 'skipped', reason: 'expected result has no testPassed' };
  return expected.testPassed === actual
    ? PASSED
    : { status: 'failed', reason: `result ${actual}, expected ${expected.testPassed}` };
}

/** Runs a checker, turning a thrown error into a failure with its message. */
function guarded(check: TestChecker): TestChecker {
  return (test, expected) => {
    try {
      return check(test, expected);
    } catch (error) {
      return { status: 'failed', reason: `threw: ${describeError(error)}` };
    }
  };
}

function kemParams(group: AcvpGroup): MlKemParams | string {
  const params = mlkem.mlKemParams(String(group.parameterSet));
  return params ?? `unknown ML-KEM parameter set ${JSON.stringify(group.parameterSet)}`;
}

function dsaParams(group: AcvpGroup): MlDsaParams | string {
  const params = mldsa.mlDsaParams(String(group.parameterSet));
  return params ?? `unknown ML-DSA parameter set ${JSON.stringify(group.parameterSet)}`;
}

/** ML-KEM keyGen: (d, z) -> (ek, dk), FIPS 203 Algorithm 16. */
const mlKemKeyGen: GroupChecker = (group) => {
  const params = kemParams(group);
  if (typeof params === 'string') return params;
  return guarded((test, expected) => {
    const seed = new Uint8Array([...field(group, test, 'd'), ...field(group, test, 'z')]);
    const { publicKey, secretKey } = mlkem.keyGen(params, seed);
    return compare(expected, { ek: publicKey, dk: secretKey });
  });
};

/** ML-KEM encapDecap: encapsulation, decapsulation and the two key checks of section 7. */
const mlKemEncapDecap: GroupChecker = (group) => {
  const params = kemParams(group);
  if (typeof params === 'string') return params;
  switch (group.function) {
    case 'encapsulation':
      return guarded((test, expected) => {
        const { cipherText, sharedSecret } = mlkem.encaps(params, field(group, test, 'ek'), field(group, test, 'm'));
        return compare(expected, { c: cipherText, k: sharedSecret });
      });
    case 'decapsulation':
      return guarded((test, expected) => {
        const k = mlkem.decaps(params, field(group, test, 'c'), field(group, test, 'dk'));
        return compare(expected, { k });
      });
    case 'encapsulationKeyCheck':
      return guarded((test, expected) =>
        compareBoolean(expected, mlkem.encapsulationKeyCheck(params, field(group, test, 'ek'))),
      );
    case 'decapsulationKeyCheck':
      return guarded((test, expected) =>
        compareBoolean(expected, mlkem.decapsulationKeyCheck(params, field(group, test, 'dk'))),
      );
    default:
      return `unknown ML-KEM encapDecap function ${JSON.stringify(group.function)}`;
  }
};

/** ML-DSA keyGen: seed -> (pk, sk), FIPS 204 Algorithm 6. */
const mlDsaKeyGen: GroupChecker = (group) => {
  const params = dsaParams(group);
  if (typeof params === 'string') return params;
  return guarded((test, expected) => {
    const { publicKey, secretKey } = mldsa.keyGen(params, field(group, test, 'seed'));
    return compare(expected, { pk: publicKey, sk: secretKey });
  });
};

/** The interface a sigGen/sigVer group tests, or why it is not one this checker knows. */
type DsaInterface = 'pure' | 'preHash' | 'internal' | 'externalMu';

function dsaInterface(group: AcvpGroup): DsaInterface | string {
  const iface = group.signatureInterface ?? 'external';
  if (iface === 'internal') return group.externalMu === true ? 'externalMu' : 'internal';
  if (iface !== 'external') return `unknown signatureInterface ${JSON.stringify(iface)}`;
  const preHash = group.preHash ?? 'pure';
  if (preHash === 'pure' || preHash === 'preHash') return preHash;
  return `unknown preHash mode ${JSON.stringify(preHash)}`;
}

function hashOf(test: AcvpTest, group: AcvpGroup): string {
  const name = test.hashAlg ?? group.hashAlg;
  if (typeof name !== 'string') throw new Error('pre-hash test without hashAlg');
  return name;
}

function unknownHash(test: AcvpTest, group: AcvpGroup, iface: DsaInterface): Outcome | undefined {
  if (iface !== 'preHash') return undefined;
  const name = test.hashAlg ?? group.hashAlg;
  return typeof name === 'string' && !Object.hasOwn(mldsa.PRE_HASHES, name)
    ? { status: 'skipped', reason: `unknown hashAlg ${JSON.stringify(name)}` }
    : undefined;
}

/** ML-DSA sigGen: every interface, deterministic (rnd = 0^32) or hedged with the test's rnd. */
const mlDsaSigGen: GroupChecker = (group) => {
  const params = dsaParams(group);
  if (typeof params === 'string') return params;
  const iface = dsaInterface(group);
  if (!['pure', 'preHash', 'internal', 'externalMu'].includes(iface)) return iface;
  const mode = iface as DsaInterface;
  return guarded((test, expected) => {
    const skip = unknownHash(test, group, mode);
    if (skip !== undefined) return skip;
    const sk = field(group, test, 'sk');
    const hedged = group.deterministic !== true;
    if (hedged && !('rnd' in test))
      return { status: 'skipped', reason: 'hedged test without rnd cannot be reproduced' };
    const randomness = hedged ? { random: field(group, test, 'rnd') } : { deterministic: true };
    let signature: Uint8Array;
    if (mode === 'externalMu') {
      signature = mldsa.signInternal(params, sk, field(group, test, 'mu'), { ...randomness, externalMu: true });
    } else if (mode === 'internal') {
      signature = mldsa.signInternal(params, sk, field(group, test, 'message'), randomness);
    } else {
      const hash = mode === 'preHash' ? hashOf(test, group) : undefined;
      const context = field(group, test, 'context');
      signature = mldsa.sign(params, sk, field(group, test, 'message'), context, { ...randomness, hash });
    }
    return compare(expected, { signature });
  });
};

/** ML-DSA sigVer: every interface; a verification that throws counts as a rejection. */
const mlDsaSigVer: GroupChecker = (group) => {
  const params = dsaParams(group);
  if (typeof params === 'string') return params;
  const iface = dsaInterface(group);
  if (!['pure', 'preHash', 'internal', 'externalMu'].includes(iface)) return iface;
  const mode = iface as DsaInterface;
  return guarded((test, expected) => {
    const skip = unknownHash(test, group, mode);
    if (skip !== undefined) return skip;
    const pk = field(group, test, 'pk');
    const sig = field(group, test, 'signature');
    const input = field(group, test, mode === 'externalMu' ? 'mu' : 'message');
    const context = mode === 'pure' || mode === 'preHash' ? field(group, test, 'context') : undefined;
    const hash = mode === 'preHash' ? hashOf(test, group) : undefined;
    let result: boolean;
    try {
      if (mode === 'externalMu') result = mldsa.verifyInternal(params, pk, input, sig, { externalMu: true });
      else if (mode === 'internal') result = mldsa.verifyInternal(params, pk, input, sig);
      else result = mldsa.verify(params, pk, input, sig, context, hash);
    } catch {
      result = false; // FIPS 204: a malformed input is a rejection
    }
    return compareBoolean(expected, result);
  });
};

/** The checkers, by `${algorithm}/${mode}` of the vector set. */
export const ACVP_CHECKERS: Readonly<Record<string, GroupChecker>> = Object.freeze({
  'ML-KEM/keyGen': mlKemKeyGen,
  'ML-KEM/encapDecap': mlKemEncapDecap,
  'ML-DSA/keyGen': mlDsaKeyGen,
  'ML-DSA/sigGen': mlDsaSigGen,
  'ML-DSA/sigVer': mlDsaSigVer,
});

/** A description of a group for reports: parameter set and interface. */
export function describeGroup(group: AcvpGroup): string {
  const parts = [String(group.parameterSet ?? '?')];
  for (const k of ['function', 'signatureInterface', 'preHash'])
    if (typeof group[k] === 'string') parts.push(String(group[k]));
  if (group.externalMu === true) parts.push('externalMu');
  if (typeof group.deterministic === 'boolean') parts.push(group.deterministic ? 'deterministic' : 'hedged');
  if (typeof group.testType === 'string') parts.push(group.testType);
  return parts.join(' ');
}
