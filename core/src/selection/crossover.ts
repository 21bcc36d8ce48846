/**
 * Choosing a provider at each measured size of one operation so that the choice changes only
 * at real crossovers. Each provider's figure carries the 95% confidence interval of its
 * median; providers whose interval overlaps the fastest one's are tied with it, and a tie
 * goes to the provider chosen at the neighbouring (next smaller) size, else to the highest
 * declared priority, else to the first name. A crossover must hold at two neighbouring
 * sizes: a provider that beats the one chosen at the smaller size, beyond the noise, takes
 * over only if it beats it at the next size too (or that size has no figure for the one it
 * would replace); a lead seen at one size alone is noise, and the choice stays. At the
 * largest size, with no next one, only a wide lead ({@link LAST_SIZE_MARGIN}) takes over.
 * Pure: no clocks, no I/O.
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
  /**
   * `neighbour`: kept the provider chosen at the next smaller size; `priority`: the highest
   * declared priority won; `unconfirmed`: the fastest beat the provider chosen at the smaller
   * size here but not at the next size, so the choice stayed (a crossover holds at two sizes).
   */
  readonly keptBy: 'neighbour' | 'priority' | 'unconfirmed';
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
  if (keptBy === 'unconfirmed') {
    return `unconfirmed crossover: ${others.map(formatInterval).join(', ')} beats ${formatInterval(chosen)} at this size only (not at the next size, or, at the largest size, by less than ${LAST_SIZE_MARGIN * 100}%); kept ${chosen.name}, chosen at the neighbouring size`;
  }
  const why =
    keptBy === 'neighbour'
      ? 'chosen at the neighbouring size'
      : `by declared priority (${[chosen, ...others].map((f) => `${f.name} ${priority(f.name)}`).join(', ')})`;
  return `tie: ${formatInterval(chosen)} overlaps ${others.map(formatInterval).join(', ')}; kept ${chosen.name}, ${why}`;
}

/** True when `a` is faster than `b` beyond the noise: a lower median and intervals apart. */
function beats(a: MeasuredFigure, b: MeasuredFigure): boolean {
  return a.medianNs < b.medianNs && !overlaps(a, b);
}

/**
 * How much faster a provider must be at the largest measured size, which has no next size to
 * confirm a crossover, for the crossover to stand there on its own: its interval, widened by
 * this, still below the other's. A provider several times faster (sgemm on SIMD against
 * plain JavaScript) takes over; two memory-bound providers a few percent apart do not.
 */
export const LAST_SIZE_MARGIN = 0.25;

/**
 * Whether a crossover from `previous` (figure `old` here) to `challenger` at one size holds:
 * true when at the next size `previous` has no figure or `challenger` beats it there too; at
 * the largest size, when `challenger` is faster by more than {@link LAST_SIZE_MARGIN}.
 */
function confirmedAt(next: readonly RankedFigure[] | undefined, challenger: RankedFigure, old: RankedFigure): boolean {
  if (next === undefined) return challenger.highNs * (1 + LAST_SIZE_MARGIN) < old.lowNs;
  const oldNext = next.find((f) => f.name === old.name);
  if (oldNext === undefined) return true;
  const challengerNext = next.find((f) => f.name === challenger.name);
  return challengerNext !== undefined && beats(challengerNext, oldNext);
}

function rankedAt(point: WisdomPoint, options: CrossoverOptions): RankedFigure[] {
  return Object.entries(point.providers)
    .filter(([name]) => !options.excluded?.has(name) && (options.only === undefined || options.only.has(name)))
    .map(([name, figures]) => ({ name, ...figureOf(figures) }))
    .sort((a, b) => a.medianNs - b.medianNs || a.name.localeCompare(b.name));
}

/** The provider chosen at one size, with the tie that was settled, if any. */
interface Choice {
  readonly chosen: RankedFigure;
  readonly tied?: readonly RankedFigure[];
  readonly keptBy?: TieNote['keptBy'];
}

function chooseAt(
  ranked: readonly RankedFigure[],
  previous: string | undefined,
  priority: (n: string) => number,
): Choice {
  const fastest = ranked[0];
  const tied = ranked.filter((f) => overlaps(f, fastest));
  if (tied.length === 1) return { chosen: fastest };
  const neighbour = tied.find((f) => f.name === previous);
  if (neighbour !== undefined) return { chosen: neighbour, tied, keptBy: 'neighbour' as const };
  const byPriority = [...tied].sort((a, b) => priority(b.name) - priority(a.name) || a.name.localeCompare(b.name));
  return { chosen: byPriority[0], tied, keptBy: 'priority' as const };
}

/**
 * The choice at each measured size (points in ascending size), each tie settled by the one
 * before, each crossover confirmed by the size after.
 */
export function choosePoints(points: readonly WisdomPoint[], options: CrossoverOptions = {}): PointChoice[] {
  const priority = options.priority ?? ((): number => 0);
  const choices: PointChoice[] = [];
  const rankings = [...points]
    .sort((a, b) => a.size - b.size)
    .map((point) => ({ size: point.size, ranked: rankedAt(point, options) }))
    .filter((r) => r.ranked.length > 0);
  let previous: string | undefined;
  for (const [i, { size, ranked }] of rankings.entries()) {
    let { chosen, tied, keptBy } = chooseAt(ranked, previous, priority);
    const kept = ranked.find((f) => f.name === previous);
    if (kept !== undefined && chosen.name !== kept.name && !confirmedAt(rankings[i + 1]?.ranked, chosen, kept)) {
      ({ chosen, tied, keptBy } = { chosen: kept, tied: [chosen, kept], keptBy: 'unconfirmed' });
    }
    const order = [chosen.name, ...ranked.filter((f) => f.name !== chosen.name).map((f) => f.name)];
    const tie =
      tied !== undefined && keptBy !== undefined
        ? { tied, keptBy, text: tieText(chosen, tied, keptBy, priority) }
        : undefined;
    choices.push({ size, ranked, chosen: chosen.name, order, ...(tie !== undefined ? { tie } : {}) });
    previous = chosen.name;
  }
  return choices;
}
