/** Worker of bitflip.test.ts: signs, flips one random bit, verifies; reports how many flips verified. */
import { parentPort, workerData } from 'node:worker_threads';
import { NobleSignatures } from '../src/index.js';
import { prng } from './vectors-dir.js';

/** One job: `flips` single-bit flips of signatures of `algorithm`. */
export interface FlipJob {
  readonly algorithm: string;
  readonly flips: number;
  readonly seed: number;
}

/** What a worker reports per job. */
export interface FlipResult {
  readonly algorithm: string;
  readonly flips: number;
  readonly verified: number;
  readonly originalsVerified: boolean;
  readonly distinctBits: number;
}

/** Enough signatures that the flips can all be at distinct (signature, bit) positions, and at least 4. */
function signatureCount(flips: number, signatureBytes: number): number {
  return Math.max(4, Math.ceil((2 * flips) / (8 * signatureBytes)));
}

function runJob(job: FlipJob): FlipResult {
  const scheme = new NobleSignatures();
  const random = prng(job.seed);
  const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const seedLength = job.algorithm.includes('+') || job.algorithm.startsWith('MLDSA') ? 64 : 32;
  const { publicKey, secretKey } = scheme.keygen(job.algorithm, bytes(seedLength));
  const sign = () => {
    const message = bytes(1 + Math.floor(random() * 200));
    return { message, signature: scheme.sign(job.algorithm, secretKey, message) };
  };
  const first = sign();
  const count = signatureCount(job.flips, first.signature.length);
  const signed = [first, ...Array.from({ length: count - 1 }, sign)];
  const originalsVerified = signed.every((s) => scheme.verify(job.algorithm, publicKey, s.message, s.signature));
  let verified = 0;
  const positions = new Set<string>();
  while (positions.size < job.flips) {
    const which = Math.floor(random() * count);
    const { message, signature } = signed[which];
    const bit = Math.floor(random() * signature.length * 8);
    if (positions.has(`${which}:${bit}`)) continue;
    positions.add(`${which}:${bit}`);
    const flipped = signature.slice();
    flipped[bit >> 3] ^= 1 << (bit & 7);
    if (scheme.verify(job.algorithm, publicKey, message, flipped)) verified++;
  }
  return { algorithm: job.algorithm, flips: job.flips, verified, originalsVerified, distinctBits: positions.size };
}

const jobs = workerData as FlipJob[];
parentPort?.postMessage(jobs.map(runJob));
