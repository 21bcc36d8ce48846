/**
 * The selection on two providers of equal speed: twin plugins whose `vector.add` is the same
 * JavaScript loop are tuned over a range of sizes, several times. Equal work must never show
 * as alternation (a, b, a): each size is a tie kept by the neighbour (the first by priority),
 * or a crossover that held at two neighbouring sizes. Timing, so a benchmark, not a unit test.
 */
import {
  type KnhkPlugin,
  type VectorOps,
  createFramework,
  definePlugin,
  selectionSegments,
  silentLogger,
} from '@knhk/core';

/** A plugin whose vector.add is the same pure JS loop as every other this function makes. */
function twinPlugin(name: string, priority: number): KnhkPlugin {
  const add = (a: Float32Array, b: Float32Array, out?: Float32Array): Float32Array => {
    const target = out ?? new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) target[i] = a[i] + b[i];
    return target;
  };
  return definePlugin({
    name,
    version: '1.0.0',
    kind: 'backend',
    priority,
    providers: { vector: { useValue: { add } as unknown as VectorOps } },
  });
}

/** One tuning round: what was chosen at each size, and how the selection reads. */
export interface EqualSpeedRound {
  readonly chosen: readonly string[];
  /** Times the choice changed from one size to the next. */
  readonly switches: number;
  /** True when a provider came back after another one took over (a, b, a). */
  readonly alternates: boolean;
  readonly segments: number;
  /** The tie notes of the segments, as `knhk select` prints them. */
  readonly notes: readonly string[];
}

/** Sizes measured in each round. */
export const EQUAL_SPEED_SIZES: readonly number[] = [16, 64, 256, 1024, 4096, 16384];

/** Tunes the twins `rounds` times (quick effort, fresh wisdom each time). */
export async function measureEqualSpeed(rounds: number): Promise<EqualSpeedRound[]> {
  const priorities = { 'twin-a': 10, 'twin-b': 20 };
  const results: EqualSpeedRound[] = [];
  for (let r = 0; r < rounds; r++) {
    const knhk = await createFramework({
      discover: false,
      plugins: [twinPlugin('twin-a', priorities['twin-a']), twinPlugin('twin-b', priorities['twin-b'])],
      wisdomPath: false,
      logger: silentLogger,
    });
    try {
      const wisdom = await knhk.tune({
        effort: 'quick',
        operations: ['vector.add'],
        params: { 'vector.add': [...EQUAL_SPEED_SIZES] },
      });
      const segments = selectionSegments(wisdom, priorities).filter((s) => s.operation === 'add');
      const chosen = EQUAL_SPEED_SIZES.map((size) => knhk.selected('vector', 'add', size) ?? '-');
      const switches = chosen.filter((name, i) => i > 0 && name !== chosen[i - 1]).length;
      const alternates = chosen.some(
        (name, i) => i > 0 && name !== chosen[i - 1] && chosen.slice(0, i - 1).includes(name),
      );
      const notes = segments.flatMap((s) => (s.tie !== undefined ? [s.tie.text] : []));
      results.push({ chosen, switches, alternates, segments: segments.length, notes });
    } finally {
      await knhk.dispose();
    }
  }
  return results;
}
