/** Where the test vectors are: plugins/crypto/vectors in the repository (KNHK_VECTORS_ROOT overrides). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The repository root (this file runs from plugins/crypto/dist/test). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The vectors folder. */
export const VECTORS = process.env.KNHK_VECTORS_ROOT ?? path.resolve(REPO_ROOT, 'plugins/crypto/vectors');

/** The ACVP folder of the vectors. */
export const ACVP = path.join(VECTORS, 'acvp');

/** Reads a JSON file, gzipped or not. */
export function readJson<T>(file: string): T {
  const raw = readFileSync(file);
  return JSON.parse((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8')) as T;
}

/** Bytes of a hex string. */
export const hex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

/** Bytes of a base64 string. */
export const b64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/** A small seeded PRNG (mulberry32), values in [0, 1). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
