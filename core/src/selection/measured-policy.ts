/**
 * Selection from measurements: for each operation, the provider chosen at the measured size
 * nearest (in log scale) to the call's size. A provider is chosen when its median is lowest
 * and the difference is outside the noise; a tie (overlapping confidence intervals) keeps the
 * choice of the next smaller size, so the choice changes only at real crossovers.
 */
import type { CapabilityName } from '../capabilities/names.js';
import { type MeasuredFigure, type PointChoice, type TieNote, choosePoints, formatInterval } from './crossover.js';
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

function figuresOf(choice: PointChoice): Record<string, MeasuredFigure> {
  return Object.fromEntries(
    choice.ranked.map(({ name, medianNs, lowNs, highNs }) => [name, { medianNs, lowNs, highNs }]),
  );
}

function measuredReason(choice: PointChoice, querySize: number): string {
  const where = `measured at size ${choice.size} (nearest to ${querySize})`;
  const medians = choice.ranked.map((f) => `${f.name} ${formatNs(f.medianNs)}`).join(' < ');
  if (choice.tie !== undefined) return `${where}: ${choice.tie.text}; median ${medians}`;
  const [first, second] = choice.ranked;
  const apart = second === undefined ? '' : ` (${formatInterval(first)} clear of ${formatInterval(second)})`;
  return `${where}: median ${medians}${apart}`;
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
    const byName = new Map(candidates.map((c) => [c.name, c]));
    const failed = new Map((entry?.failures ?? []).map((f) => [f.provider, f.reason]));
    const choices =
      entry === undefined
        ? []
        : choosePoints(entry.points, {
            excluded: new Set(failed.keys()),
            only: new Set(byName.keys()),
            priority: (name) => byName.get(name)?.priority ?? 0,
          });
    const choice = choices.find((c) => c.size === point?.size);
    if (point === undefined || choice === undefined) {
      const byPriority = this.priority.rank(query, candidates);
      return { ...byPriority, reason: `not measured; ${byPriority.reason}` };
    }
    const measured = choice.order.map((name) => byName.get(name)!);
    const unmeasured = candidates.filter((c) => !(c.name in point.providers) && !failed.has(c.name));
    const excluded = [...failed]
      .filter(([name]) => byName.has(name))
      .map(([provider, why]) => ({ provider, reason: `failed while measured: ${why}` }));
    const order = [...measured, ...this.priority.rank(query, unmeasured).order];
    return {
      order,
      basis: 'measured',
      reason: measuredReason(choice, query.size),
      excluded,
      figures: figuresOf(choice),
    };
  }
}

/** Declared priority by provider name, e.g. from `framework.plugins()`: what settles a tie with no neighbour. */
export function priorityByName(
  providers: readonly { readonly name: string; readonly priority: number }[],
): Record<string, number> {
  return Object.fromEntries(providers.map((p) => [p.name, p.priority]));
}

/** A size range over which one provider is chosen. */
export interface SelectionSegment {
  readonly capability: CapabilityName;
  readonly operation: string;
  readonly sizeRange: { readonly min: number; readonly max: number };
  readonly chosen: string;
  readonly runnerUp?: string;
  /** The measured sizes inside the range. */
  readonly measuredSizes: readonly number[];
  /** Set when the choice at the range's first measured size was a tie, with how it was settled. */
  readonly tie?: TieNote;
}

/** The first tie (or unconfirmed crossover) settled inside a segment, for its note. */
function tieOf(choices: readonly PointChoice[]): { tie?: TieNote } {
  const tie = choices.find((c) => c.tie !== undefined)?.tie;
  return tie !== undefined ? { tie } : {};
}

/**
 * The selection of each measured operation as size ranges: a new range starts where the
 * chosen provider changes (a significant crossover: the intervals part), halfway (in log
 * scale) between measured sizes. `priorities` (declared, by provider name) settle ties that
 * have no neighbour; without them such a tie goes to the first name.
 */
export function selectionSegments(
  wisdom: Wisdom,
  priorities: Readonly<Record<string, number>> = {},
): SelectionSegment[] {
  const segments: SelectionSegment[] = [];
  for (const entry of wisdom.entries) {
    const choices = choosePoints(entry.points, {
      excluded: new Set(entry.failures.map((f) => f.provider)),
      priority: (name) => priorities[name] ?? 0,
    });
    let start = 0;
    choices.forEach((choice, i) => {
      const next = choices[i + 1];
      if (next !== undefined && next.chosen === choice.chosen) return;
      const first = choices[start];
      const min = start === 0 ? 0 : Math.round(Math.sqrt(choices[start - 1].size * first.size));
      const max = next === undefined ? Number.MAX_SAFE_INTEGER : Math.round(Math.sqrt(choice.size * next.size)) - 1;
      segments.push({
        capability: entry.capability,
        operation: entry.operation,
        sizeRange: { min, max },
        chosen: first.chosen,
        ...(first.order[1] !== undefined ? { runnerUp: first.order[1] } : {}),
        measuredSizes: choices.slice(start, i + 1).map((c) => c.size),
        ...tieOf(choices.slice(start, i + 1)),
      });
      start = i + 1;
    });
  }
  return segments;
}
