/**
 * Wisdom: measured selections saved to disk and reused, like FFTW's. It is valid only for
 * the machine (fingerprint) and the exact plugin versions it was measured with.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CapabilityName } from '../capabilities/names.js';
import { KnhkError, describeError } from '../errors/knhk-error.js';
import { type MachineFacts, machineFingerprint } from './machine.js';
import type { MeasureFailure, Sample } from './tuner.js';

/**
 * The format written. Version 2 added the median's confidence interval to every figure;
 * wisdom of another version is read without its entries and reported stale, never misread.
 */
export const WISDOM_FORMAT = 'knhk-wisdom/2';

/** Figures of one provider at one measured size, in ns per call. */
export interface WisdomFigures {
  readonly medianNs: number;
  /** The 95% confidence interval of the median: providers whose intervals overlap are tied. */
  readonly medianLowNs: number;
  readonly medianHighNs: number;
  readonly meanNs: number;
  readonly p99Ns: number;
  readonly samples: number;
}

/** One measured size of one operation. */
export interface WisdomPoint {
  readonly size: number;
  readonly param: number;
  readonly providers: Readonly<Record<string, WisdomFigures>>;
}

/** The measurements of one operation. */
export interface WisdomEntry {
  readonly capability: CapabilityName;
  readonly operation: string;
  readonly points: readonly WisdomPoint[];
  /** Providers that failed while measured, with why: never selected for this operation. */
  readonly failures: readonly { readonly provider: string; readonly param: number; readonly reason: string }[];
}

/** What must match for wisdom to be reused. */
export interface WisdomKey {
  readonly fingerprint: string;
  /** `name@version` of every measured provider, sorted. */
  readonly plugins: readonly string[];
}

/** The saved file. */
export interface Wisdom extends WisdomKey {
  /** `WISDOM_FORMAT` when usable; another `knhk-wisdom/N` is stale (and read with no entries). */
  readonly format: string;
  readonly createdAt: string;
  readonly effort: 'quick' | 'thorough';
  readonly machine: MachineFacts;
  readonly entries: readonly WisdomEntry[];
}

/** Where wisdom lives unless configured: `$KNHK_WISDOM`, else the user's cache folder. */
export function defaultWisdomPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.KNHK_WISDOM) return path.resolve(env.KNHK_WISDOM);
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'knhk', 'wisdom.json');
}

/** Builds wisdom from measurements (peers are left out: they are never selected). */
export function wisdomFromSamples(
  samples: readonly Sample[],
  failures: readonly MeasureFailure[],
  meta: { key: WisdomKey; machine: MachineFacts; effort: 'quick' | 'thorough' },
): Wisdom {
  const entries = new Map<
    string,
    { capability: CapabilityName; operation: string; points: Map<number, WisdomPoint> }
  >();
  const entryOf = (capability: CapabilityName, operation: string) => {
    const id = `${capability}.${operation}`;
    if (!entries.has(id)) entries.set(id, { capability, operation, points: new Map() });
    return entries.get(id)!;
  };
  for (const s of samples.filter((x) => !x.peer)) {
    const points = entryOf(s.capability, s.operation).points;
    const point = points.get(s.size) ?? { size: s.size, param: s.param, providers: {} };
    const { medianNs, medianLowNs, medianHighNs, meanNs, p99Ns, samples: count } = s.measurement;
    const figures: WisdomFigures = { medianNs, medianLowNs, medianHighNs, meanNs, p99Ns, samples: count };
    points.set(s.size, { ...point, providers: { ...point.providers, [s.provider]: figures } });
  }
  return {
    format: WISDOM_FORMAT,
    createdAt: new Date().toISOString(),
    effort: meta.effort,
    fingerprint: meta.key.fingerprint,
    plugins: [...meta.key.plugins],
    machine: meta.machine,
    entries: [...entries.values()].map((e) => ({
      capability: e.capability,
      operation: e.operation,
      points: [...e.points.values()].sort((a, b) => a.size - b.size),
      failures: failures
        .filter((f) => f.capability === e.capability && f.operation === e.operation)
        .map(({ provider, param, reason }) => ({ provider, param, reason })),
    })),
  };
}

/** The key of the running set of providers on this machine. */
export function wisdomKey(providers: readonly { name: string; version: string }[], machine: MachineFacts): WisdomKey {
  return {
    fingerprint: machineFingerprint(machine),
    plugins: providers.map((p) => `${p.name}@${p.version}`).sort(),
  };
}

/** Why wisdom cannot be reused for `key`, or undefined when it can. */
export function staleReason(wisdom: Wisdom, key: WisdomKey): string | undefined {
  if (wisdom.format !== WISDOM_FORMAT) {
    return `written in format ${wisdom.format}, this knhk reads ${WISDOM_FORMAT} (figures with the median's confidence interval); re-measure`;
  }
  if (wisdom.fingerprint !== key.fingerprint) {
    return `measured on another machine or Node.js (fingerprint ${wisdom.fingerprint}, this one ${key.fingerprint})`;
  }
  const before = wisdom.plugins.join(', ');
  const now = key.plugins.join(', ');
  if (before !== now) return `measured with plugins [${before}], now [${now}]`;
  return undefined;
}

const FORMAT_PATTERN = /^knhk-wisdom\/\d+$/;

function checkShape(value: unknown, file: string): Wisdom {
  const w = value as Partial<Wisdom> | null;
  if (
    typeof w !== 'object' ||
    w === null ||
    typeof w.format !== 'string' ||
    !FORMAT_PATTERN.test(w.format) ||
    typeof w.fingerprint !== 'string' ||
    !Array.isArray(w.plugins) ||
    !Array.isArray(w.entries)
  ) {
    throw new KnhkError('KNHK_E_WISDOM_INVALID', `${file} is not knhk wisdom (knhk-wisdom/N)`, { file });
  }
  // Another version's entries are not read: staleReason() says why they are not used.
  return w.format === WISDOM_FORMAT ? (w as Wisdom) : ({ ...w, entries: [] } as Wisdom);
}

/**
 * Reads wisdom; undefined when the file does not exist, `KNHK_E_WISDOM_INVALID` when it is
 * not wisdom. Wisdom of another format version comes back with no entries, stale by its format.
 */
export function readWisdom(file: string): Wisdom | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KnhkError('KNHK_E_WISDOM_INVALID', `cannot read ${file}: ${describeError(error)}`, { file });
  }
  try {
    return checkShape(JSON.parse(text), file);
  } catch (error) {
    if (error instanceof KnhkError) throw error;
    throw new KnhkError('KNHK_E_WISDOM_INVALID', `${file} is not valid JSON: ${describeError(error)}`, { file });
  }
}

/** Writes wisdom atomically (a temporary file renamed over the old one). */
export function writeWisdom(file: string, wisdom: Wisdom): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(wisdom, null, 2)}\n`);
  renameSync(temporary, file);
}

/** Deletes the wisdom file; true when there was one. */
export function clearWisdom(file: string): boolean {
  try {
    rmSync(file);
    return true;
  } catch {
    return false;
  }
}
