/**
 * Selection from measurements: for each operation, the provider with the lowest median time
 * at the measured size nearest (in log scale) to the call's size.
 */
import type { CapabilityName } from '../capabilities/names.js';
import { type Candidate, PriorityPolicy, type Ranking, type SelectionPolicy, type SelectionQuery } from './policy.js';
import type { Wisdom, WisdomEntry, WisdomPoint } from './wisdom.js';

/** A time for people: "812 ns", "12.4 µs", "3.10 ms". */
export function formatNs(ns: number): string {
  if (ns < 1e3) return `${ns.toFixed(0)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

/** The measured point nearest to `size` in log scale; halfway between two, the larger (as the segments split). */
export function nearestPoint(entry: WisdomEntry, size: number): WisdomPoint | undefined {
  const target = Math.log2(Math.max(size, 1));
  let best: WisdomPoint | undefined;
  let distance = Infinity;
  for (const point of entry.points) {
    const d = Math.abs(Math.log2(Math.max(point.size, 1)) - target);
    if (d <= distance) {
      best = point;
      distance = d;
    }
  }
  return best;
}

/** Providers of a point, fastest (lowest median) first. */
export function rankPoint(point: WisdomPoint): { name: string; medianNs: number }[] {
  return Object.entries(point.providers)
    .map(([name, f]) => ({ name, medianNs: f.medianNs }))
    .sort((a, b) => a.medianNs - b.medianNs || a.name.localeCompare(b.name));
}

/** Ranks candidates by wisdom; operations that were not measured fall back to declared priority. */
export class MeasuredPolicy implements SelectionPolicy {
  readonly name = 'measured';
  private readonly entries = new Map<string, WisdomEntry>();
  private readonly priority = new PriorityPolicy();

  constructor(readonly wisdom: Wisdom) {
    for (const entry of wisdom.entries) this.entries.set(`${entry.capability}.${entry.operation}`, entry);
  }

  /** The measurements of one operation, if any. */
  entry(capability: CapabilityName, operation: string): WisdomEntry | undefined {
    return this.entries.get(`${capability}.${operation}`);
  }

  rank(query: SelectionQuery, candidates: readonly Candidate[]): Ranking {
    const entry = this.entry(query.capability, query.operation);
    const point = entry === undefined ? undefined : nearestPoint(entry, query.size);
    if (entry === undefined || point === undefined) {
      const byPriority = this.priority.rank(query, candidates);
      return { ...byPriority, reason: `not measured; ${byPriority.reason}` };
    }
    const failed = new Map(entry.failures.map((f) => [f.provider, f.reason]));
    const ranked = rankPoint(point).filter((r) => !failed.has(r.name));
    const byName = new Map(candidates.map((c) => [c.name, c]));
    const measured = ranked.filter((r) => byName.has(r.name)).map((r) => byName.get(r.name)!);
    const unmeasured = candidates.filter((c) => !(c.name in point.providers) && !failed.has(c.name));
    const excluded = [...failed]
      .filter(([name]) => byName.has(name))
      .map(([provider, why]) => ({
        provider,
        reason: `failed while measured: ${why}`,
      }));
    const figures = Object.fromEntries(ranked.map((r) => [r.name, r.medianNs]));
    const order = [...measured, ...this.priority.rank(query, unmeasured).order];
    const times = ranked.map((r) => `${r.name} ${formatNs(r.medianNs)}`).join(' < ');
    const reason = `measured at size ${point.size} (nearest to ${query.size}): median ${times}`;
    return { order, basis: 'measured', reason, excluded, figures };
  }
}

/** A size range over which one provider is fastest. */
export interface SelectionSegment {
  readonly capability: CapabilityName;
  readonly operation: string;
  readonly sizeRange: { readonly min: number; readonly max: number };
  readonly chosen: string;
  readonly runnerUp?: string;
  /** Median ns of each provider at the measured sizes inside the range. */
  readonly measuredSizes: readonly number[];
}

/**
 * The selection of each measured operation as size ranges: a new range starts where the
 * fastest provider changes (a crossover), halfway (in log scale) between measured sizes.
 */
export function selectionSegments(wisdom: Wisdom): SelectionSegment[] {
  const segments: SelectionSegment[] = [];
  for (const entry of wisdom.entries) {
    const failed = new Set(entry.failures.map((f) => f.provider));
    let current: { chosen: string; runnerUp?: string; min: number; sizes: number[] } | undefined;
    const close = (max: number): void => {
      if (current === undefined) return;
      const { chosen, runnerUp, min, sizes } = current;
      segments.push({
        capability: entry.capability,
        operation: entry.operation,
        sizeRange: { min, max },
        chosen,
        ...(runnerUp !== undefined ? { runnerUp } : {}),
        measuredSizes: sizes,
      });
    };
    entry.points.forEach((point, i) => {
      const ranked = rankPoint(point).filter((r) => !failed.has(r.name));
      if (ranked.length === 0) return;
      const boundary = i === 0 ? 0 : Math.round(Math.sqrt(entry.points[i - 1].size * point.size));
      if (current === undefined || current.chosen !== ranked[0].name) {
        close(boundary - 1);
        current = { chosen: ranked[0].name, runnerUp: ranked[1]?.name, min: boundary, sizes: [] };
      }
      current.sizes.push(point.size);
    });
    close(Number.MAX_SAFE_INTEGER);
  }
  return segments;
}
