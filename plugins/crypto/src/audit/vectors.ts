/**
 * Reading ACVP vector sets (NIST's JSON: a prompt and its expected results, each a
 * `prompt.json` / `expectedResults.json` file, gzipped or not) and matching tests by tgId and tcId.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { KnhkError } from '@knhk/core';
import { cryptoError } from '../errors.js';

/** One test group of a vector set, as in the file (byte fields are hex strings). */
export interface AcvpGroup {
  readonly tgId: number;
  readonly testType?: string;
  readonly parameterSet?: string;
  readonly tests: readonly AcvpTest[];
  readonly [field: string]: unknown;
}

/** One test case, as in the file. */
export interface AcvpTest {
  readonly tcId: number;
  readonly [field: string]: unknown;
}

/** The body of a prompt or expectedResults file. */
export interface AcvpFile {
  readonly vsId?: number;
  readonly algorithm: string;
  readonly mode: string;
  readonly revision?: string;
  readonly testGroups: readonly AcvpGroup[];
}

/** A vector set: its prompt and expected results, with the expected tests indexed by tgId/tcId. */
export interface VectorSet {
  readonly name: string;
  readonly dir: string;
  readonly prompt: AcvpFile;
  readonly expected: AcvpFile;
  /** Expected test by `${tgId}/${tcId}`. */
  readonly expectedTests: ReadonlyMap<string, AcvpTest>;
}

function invalid(message: string, details: Record<string, unknown>): KnhkError {
  return cryptoError('KNHK_E_CRYPTO_VECTORS_INVALID', message, details);
}

/** The file `base`(.json or .json.gz) in `dir`, or undefined. */
function findFile(dir: string, base: string): string | undefined {
  for (const name of [`${base}.json`, `${base}.json.gz`]) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Reads a JSON file, gunzipping it when it is gzipped (by its magic bytes, whatever its name). */
export function readJsonFile(file: string): unknown {
  try {
    const raw = readFileSync(file);
    const text = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    return JSON.parse(text);
  } catch (error) {
    throw invalid(`cannot read ${file}: ${(error as Error).message}`, { file });
  }
}

/** ACVP files are either the body itself or `[{ acvVersion }, body]`. */
function acvpBody(value: unknown, file: string): AcvpFile {
  const candidates = Array.isArray(value) ? value : [value];
  const body = candidates.find(
    (v): v is AcvpFile => typeof v === 'object' && v !== null && Array.isArray((v as AcvpFile).testGroups),
  );
  if (body === undefined) throw invalid(`${file} is not an ACVP vector set (no testGroups)`, { file });
  return body;
}

const key = (tgId: number, tcId: number): string => `${tgId}/${tcId}`;

/** Loads the vector set in `dir` (prompt + expectedResults). */
export function loadVectorSet(dir: string): VectorSet {
  const promptFile = findFile(dir, 'prompt');
  const expectedFile = findFile(dir, 'expectedResults');
  if (promptFile === undefined || expectedFile === undefined) {
    throw invalid(`${dir} has no prompt.json(.gz) and expectedResults.json(.gz)`, { dir });
  }
  const prompt = acvpBody(readJsonFile(promptFile), promptFile);
  const expected = acvpBody(readJsonFile(expectedFile), expectedFile);
  const expectedTests = new Map<string, AcvpTest>();
  for (const group of expected.testGroups) {
    for (const test of group.tests ?? []) expectedTests.set(key(group.tgId, test.tcId), test);
  }
  return { name: path.basename(dir), dir, prompt, expected, expectedTests };
}

/** The expected test matching a prompt test, by tgId and tcId. */
export function expectedFor(set: VectorSet, group: AcvpGroup, test: AcvpTest): AcvpTest | undefined {
  return set.expectedTests.get(key(group.tgId, test.tcId));
}

/** Expected tests that have no prompt test (reported, not ignored). */
export function unmatchedExpected(set: VectorSet): string[] {
  const prompted = new Set(set.prompt.testGroups.flatMap((g) => g.tests.map((t) => key(g.tgId, t.tcId))));
  return [...set.expectedTests.keys()].filter((k) => !prompted.has(k));
}

/**
 * The vector-set folders under `root`: `root` itself when it holds a prompt, else each
 * sub-folder that does, sorted by name.
 */
export function findVectorSets(root: string): string[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw invalid(`${root} is not a directory`, { dir: root });
  }
  if (findFile(root, 'prompt') !== undefined) return [root];
  const dirs = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && findFile(path.join(root, e.name), 'prompt') !== undefined)
    .map((e) => path.join(root, e.name))
    .sort();
  if (dirs.length === 0)
    throw invalid(`${root} holds no ACVP vector set (no folder with a prompt.json)`, { dir: root });
  return dirs;
}

/** Bytes of an ACVP hex field; throws on a field that is missing or not hex. */
export function hexField(record: Readonly<Record<string, unknown>>, field: string): Uint8Array {
  const value = record[field];
  if (typeof value !== 'string' || value.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(value)) {
    throw new Error(`field "${field}" is missing or not hex`);
  }
  return new Uint8Array(Buffer.from(value, 'hex'));
}

/** Uppercase hex, as ACVP writes bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}
