/**
 * Choosing a provider at each measured size of one operation so that the choice changes only
 * at real crossovers. Each provider's figure carries the 95% confidence interval of its
 * median; providers whose interval overlaps the fastest one's are tied with it, and a tie
 * goes to the provider chosen at the neighbouring (next smaller) size, else to the highest
 * declared priority, else to the first name. Pure: no clocks, no I/O.
 */
import type { WisdomFigures, WisdomPoint } from './wisdom.js';

/** One provider's median and its confidence interval, ns per call. */
export interface MeasuredFigure {
  readonly medianNs: number;
  readonly lowNs: number;
  readonly highNs: number;
}

/** A provider's figure at one size. */
export interface RankedFigure extends MeasuredFigure {
  readonly name: string;
}

/** How a tie was settled. */
export interface TieNote {
  /** The providers tied with the fastest (it included), fastest first. */
  readonly tied: readonly RankedFigure[];
  /** `neighbour`: kept the provider chosen at the next smaller size; `priority`: the highest declared priority won. */
  readonly keptBy: 'neighbour' | 'priority';
  /** For people, e.g. "tie: avx2 [200, 215] ns overlaps avx512 [205, 220] ns; kept avx2, chosen at the neighbouring size". */
  readonly text: string;
}

/** The choice at one measured size. */
export interface PointChoice {
  readonly size: number;
  /** Every eligible measured provider, fastest median first. */
  readonly ranked: readonly RankedFigure[];
  readonly chosen: string;
  /** The chosen provider first, then the others by median: the fallback order. */
  readonly order: readonly string[];
  readonly tie?: TieNote;
}

/** Which providers take part, and their declared priorities. */
export interface CrossoverOptions {
  /** Providers to leave out (e.g. those that failed while measured). */
  readonly excluded?: ReadonlySet<string>;
  /** When given, only these providers take part. */
  readonly only?: ReadonlySet<string>;
  /** Declared priority of a provider; higher wins a tie with no neighbour. Default 0 for all. */
  priority?(name: string): number;
}

/** A figure with its interval; figures without one (older writers) have a zero-width interval. */
export function figureOf(figures: WisdomFigures): MeasuredFigure {
  const { medianNs } = figures;
  const lowNs = Number.isFinite(figures.medianLowNs) ? Math.min(figures.medianLowNs, medianNs) : medianNs;
  const highNs = Number.isFinite(figures.medianHighNs) ? Math.max(figures.medianHighNs, medianNs) : medianNs;
  return { medianNs, lowNs, highNs };
}

/**
 * How far each interval is widened, relatively, before two are compared. The interval of a
 * median covers the noise inside one measurement; measurements taken one after another also
 * differ by a few percent (clock boost, caches, other processes), which no single run sees.
 */
export const RUN_TO_RUN_MARGIN = 0.03;

/**
 * True when the two intervals, each widened by `margin` (default RUN_TO_RUN_MARGIN), share a
 * point: the difference is inside the measurements' noise, a tie.
 */
export function overlaps(a: MeasuredFigure, b: MeasuredFigure, margin = RUN_TO_RUN_MARGIN): boolean {
  const widen = 1 + margin;
  return a.lowNs / widen <= b.highNs * widen && b.lowNs / widen <= a.highNs * widen;
}

const round = (ns: number): string => (ns < 10 ? ns.toPrecision(2) : ns.toFixed(0));

/** "avx2 [200, 215] ns". */
export function formatInterval(f: RankedFigure): string {
  return `${f.name} [${round(f.lowNs)}, ${round(f.highNs)}] ns`;
}

function tieText(
  chosen: RankedFigure,
  tied: readonly RankedFigure[],
  keptBy: TieNote['keptBy'],
  priority: (n: string) => number,
): string {
  const others = tied.filter((f) => f.name !== chosen.name);
  const why =
    keptBy === 'neighbour'
      ? 'chosen at the neighbouring size'
      : `by declared priority (${[chosen, ...others].map((f) => `${f.name} ${priority(f.name)}`).join(', ')})`;
  return `tie: ${formatInterval(chosen)} overlaps ${others.map(formatInterval).join(', ')}; kept ${chosen.name}, ${why}`;
}

function rankedAt(point: WisdomPoint, options: CrossoverOptions): RankedFigure[] {
  return Object.entries(point.providers)
    .filter(([name]) => !options.excluded?.has(name) && (options.only === undefined || options.only.has(name)))
    .map(([name, figures]) => ({ name, ...figureOf(figures) }))
    .sort((a, b) => a.medianNs - b.medianNs || a.name.localeCompare(b.name));
}

function chooseAt(ranked: readonly RankedFigure[], previous: string | undefined, priority: (n: string) => number) {
  const fastest = ranked[0];
  const tied = ranked.filter((f) => overlaps(f, fastest));
  if (tied.length === 1) return { chosen: fastest };
  const neighbour = tied.find((f) => f.name === previous);
  if (neighbour !== undefined) return { chosen: neighbour, tied, keptBy: 'neighbour' as const };
  const byPriority = [...tied].sort((a, b) => priority(b.name) - priority(a.name) || a.name.localeCompare(b.name));
  return { chosen: byPriority[0], tied, keptBy: 'priority' as const };
}

/** The choice at each measured size (points in ascending size), each tie settled by the one before. */
export function choosePoints(points: readonly WisdomPoint[], options: CrossoverOptions = {}): PointChoice[] {
  const priority = options.priority ?? ((): number => 0);
  const choices: PointChoice[] = [];
  let previous: string | undefined;
  for (const point of [...points].sort((a, b) => a.size - b.size)) {
    const ranked = rankedAt(point, options);
    if (ranked.length === 0) continue;
    const { chosen, tied, keptBy } = chooseAt(ranked, previous, priority);
    const order = [chosen.name, ...ranked.filter((f) => f.name !== chosen.name).map((f) => f.name)];
    const tie =
      tied !== undefined && keptBy !== undefined
        ? { tied, keptBy, text: tieText(chosen, tied, keptBy, priority) }
        : undefined;
    choices.push({ size: point.size, ranked, chosen: chosen.name, order, ...(tie !== undefined ? { tie } : {}) });
    previous = chosen.name;
  }
  return choices;
}
