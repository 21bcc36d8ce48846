/**
 * `knhk consensus simulate`: runs the deterministic Raft simulator over a range of seeds and
 * checks every history (election safety, log matching, leader completeness, state-machine
 * safety, linearizability). The consensus plugin is imported only when this command runs.
 */
import { KnhkError } from '@knhk/core';
import type { SeedSweep } from '@knhk/plugin-consensus';
import type { Command } from '../command.js';
import { parseCommandArgs } from '../parse.js';

const MAX_SEEDS = 1_000_000;

function seedOption(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > MAX_SEEDS * 1000) {
    throw new KnhkError(
      'KNHK_E_CLI_USAGE',
      `knhk consensus simulate: --${name} takes an integer >= ${min}, got "${text}"`,
    );
  }
  return value;
}

function formatSweep(sweep: SeedSweep): string {
  const last = sweep.from + sweep.seeds - 1;
  const lines = [
    `seeds run: ${sweep.seeds} (${sweep.from}..${last}), client operations checked: ${sweep.operations}`,
    `violations found: ${sweep.failures.length}`,
  ];
  for (const failure of sweep.failures) {
    for (const v of failure.violations)
      lines.push(`  seed ${failure.seed}: ${v.property} at ${v.timeMs} ms: ${v.message}`);
  }
  if (sweep.unknown.length > 0)
    lines.push(`linearizability unknown (search bound hit): seeds ${sweep.unknown.join(', ')}`);
  lines.push(`time: ${(sweep.elapsedMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

/** `knhk consensus simulate --seeds N [--from S] [--json]`. */
export const consensusSimulateCommand: Command = {
  words: ['consensus', 'simulate'],
  usage: 'knhk consensus simulate --seeds N [--from S] [--json]',
  summary: 'run the deterministic Raft simulator over N seeds with faults; exits 1 on any violation',
  async run(input) {
    const { values } = parseCommandArgs(
      'consensus simulate',
      input.args,
      { seeds: { type: 'string' }, from: { type: 'string' }, json: { type: 'boolean' } },
      { min: 0, max: 0 },
    );
    if (values.seeds === undefined) {
      throw new KnhkError('KNHK_E_CLI_USAGE', 'knhk consensus simulate: --seeds N is required');
    }
    const seeds = seedOption('seeds', values.seeds, 0, 1);
    if (seeds > MAX_SEEDS) {
      throw new KnhkError('KNHK_E_CLI_USAGE', `knhk consensus simulate: --seeds is at most ${MAX_SEEDS}`);
    }
    const from = seedOption('from', values.from, 1, 0);
    // Imported here, so that other commands do not load the simulator.
    const { runSeeds } = await import('@knhk/plugin-consensus');
    const sweep = runSeeds(from, seeds);
    input.output.out(values.json ? JSON.stringify(sweep, null, 2) : formatSweep(sweep));
    return sweep.failures.length === 0 ? 0 : 1;
  },
};
