import {
  type Framework,
  KnhkError,
  type MeasuredFigure,
  formatInterval,
  priorityByName,
  selectionSegments,
} from '@knhk/core';
import { type CommandInput, defineCommand } from '../command.js';
import { frameworkFor } from '../framework-for-cli.js';
import { PLUGIN_PATH_OPTION, jsonOption } from '../parse.js';
import { progressPrinter } from '../progress.js';
import { textTable } from '../text-table.js';

/** One selection entry, as `knhk select --json` prints it. */
export interface SelectionEntry {
  readonly capability: string;
  readonly operation: string;
  readonly sizeRange: { readonly min: number; readonly max: number };
  readonly chosen: string;
  readonly runnerUp?: string;
  readonly basis: string;
  /** The chosen provider's median and its 95% confidence interval (ns) at the range's first measured size. */
  readonly interval?: MeasuredFigure;
  /** Set when that choice was a tie (overlapping intervals), saying how it was settled. */
  readonly tie?: string;
  /** With --explain: why, the measured figures (median ns and interval) and the excluded providers. */
  readonly reason?: string;
  readonly figures?: Readonly<Record<string, MeasuredFigure>>;
  readonly excluded?: readonly { readonly provider: string; readonly reason: string }[];
}

function effortOf(value: string | undefined): 'quick' | 'thorough' {
  if (value === undefined || value === 'quick' || value === 'thorough') return value ?? 'quick';
  throw new KnhkError('KNHK_E_CLI_USAGE', `knhk select: --effort must be quick or thorough, got "${value}"`, { value });
}

function intervalText(e: SelectionEntry): string {
  if (e.interval === undefined) return '-';
  const { medianNs, lowNs, highNs } = e.interval;
  return formatInterval({ name: medianNs.toFixed(0), medianNs, lowNs, highNs });
}

function entries(framework: Framework, explain: boolean): SelectionEntry[] {
  const wisdom = framework.wisdom();
  if (wisdom === undefined) return [];
  return selectionSegments(wisdom, priorityByName(framework.plugins())).map((segment) => {
    const why = framework.explain(segment.capability, segment.operation, segment.measuredSizes[0]);
    const interval = why.figures?.[segment.chosen];
    const base = {
      capability: segment.capability,
      operation: segment.operation,
      sizeRange: segment.sizeRange,
      chosen: segment.chosen,
      ...(segment.runnerUp !== undefined ? { runnerUp: segment.runnerUp } : {}),
      basis: why.basis,
      ...(interval !== undefined ? { interval } : {}),
      ...(segment.tie !== undefined ? { tie: segment.tie.text } : {}),
    };
    return explain ? { ...base, reason: why.reason, figures: why.figures ?? {}, excluded: why.excluded } : base;
  });
}

async function planned(
  input: CommandInput,
  pluginPaths: string[] | undefined,
  effort: 'quick' | 'thorough',
): Promise<Framework> {
  const framework = await frameworkFor(input, pluginPaths);
  if (framework.wisdomStatus().source !== 'reused') {
    input.output.err(`knhk select: ${framework.wisdomStatus().reason}; measuring (${effort})`);
    await framework.tune({ effort, onProgress: progressPrinter(input.output) });
  }
  return framework;
}

/** `knhk select`: the provider chosen for each operation and size range, from wisdom (measured if needed). */
export const selectCommand = defineCommand({
  words: ['select'],
  summary: 'show the chosen provider per operation and size range (measures once, then reuses the wisdom)',
  options: {
    explain: {
      type: 'boolean',
      description: 'add why each provider was chosen, the measured figures and the excluded',
    },
    effort: {
      type: 'string',
      value: 'quick|thorough',
      description: 'how hard to measure when there is no valid wisdom (default: quick)',
    },
    json: jsonOption('the wisdom status and the selection'),
    'plugin-path': PLUGIN_PATH_OPTION,
  },
  examples: ['knhk select', 'knhk select --explain --json'],
  async run({ values }, input) {
    const framework = await planned(input, values['plugin-path'], effortOf(values.effort));
    try {
      const selection = entries(framework, values.explain === true);
      if (values.json) {
        input.output.out(JSON.stringify({ wisdom: framework.wisdomStatus(), selection }, null, 2));
        return 0;
      }
      input.output.out(`selection: ${framework.wisdomStatus().reason}\n`);
      const rows = [
        ['operation', 'sizes', 'chosen', 'median, 95% interval', 'runner-up', ...(values.explain ? ['why'] : [])],
      ];
      for (const e of selection) {
        const max = e.sizeRange.max === Number.MAX_SAFE_INTEGER ? '∞' : String(e.sizeRange.max);
        const why = values.explain ? [e.reason ?? ''] : [];
        const chosen = e.tie !== undefined ? `${e.chosen} (tie)` : e.chosen;
        rows.push([
          `${e.capability}.${e.operation}`,
          `${e.sizeRange.min}–${max}`,
          chosen,
          intervalText(e),
          e.runnerUp ?? '-',
          ...why,
        ]);
      }
      input.output.out(textTable(rows));
      for (const e of selection.filter((x) => x.tie !== undefined && !values.explain)) {
        input.output.out(`${e.capability}.${e.operation} from ${e.sizeRange.min}: ${e.tie}`);
      }
      return 0;
    } finally {
      await framework.dispose();
    }
  },
});
