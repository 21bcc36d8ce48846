import path from 'node:path';
import { CAPABILITY_NAMES, type CapabilityName, KnhkError, formatNs, isCapabilityName } from '@knhk/core';
import { type TargetsReport, runBench, writeReport } from '@knhk/benchmarks';
import { defineCommand } from '../command.js';
import { frameworkFor } from '../framework-for-cli.js';
import { PLUGIN_PATH_OPTION, jsonOption } from '../parse.js';
import { progressPrinter } from '../progress.js';
import { textTable } from '../text-table.js';
import { knhkVersion } from '../version.js';

function capabilitiesOf(values: readonly string[] | undefined): CapabilityName[] {
  const chosen = values ?? [];
  for (const c of chosen) {
    if (!isCapabilityName(c)) {
      const known = CAPABILITY_NAMES.join(', ');
      throw new KnhkError('KNHK_E_CLI_USAGE', `knhk bench: --capability ${c} is not one of ${known}`, {
        capability: c,
      });
    }
  }
  return chosen as CapabilityName[];
}

function targetsTable(targets: TargetsReport): string {
  const rows = [['target', 'ratio', 'goal', 'status']];
  for (const r of targets.rows) {
    const ratio = r.ratio === undefined ? '-' : r.ratio.toFixed(2);
    rows.push([r.id, ratio, `${r.target.comparison} ${r.target.value}`, r.status]);
  }
  return `targets (${targets.note}):\n${textTable(rows)}`;
}

/** `knhk bench`: measure every provider, print or save the report, and save the wisdom. */
export const benchCommand = defineCommand({
  words: ['bench'],
  summary: 'measure every provider at a range of sizes; report with charts; save the wisdom',
  options: {
    capability: {
      type: 'string',
      multiple: true,
      value: 'C',
      description: `measure only capability C (${CAPABILITY_NAMES.join(', ')}); repeatable; skips the targets`,
    },
    quick: { type: 'boolean', description: 'fewer sizes and repetitions (default: thorough)' },
    out: {
      type: 'string',
      value: 'DIR',
      description: 'write report.md, report.json and an SVG chart per operation to DIR',
    },
    'no-peers': {
      type: 'boolean',
      description: 'do not measure installed peer libraries (simsimd, openblas, hyperscan)',
    },
    'no-targets': { type: 'boolean', description: 'skip the performance targets section' },
    json: jsonOption('the whole report'),
    'plugin-path': PLUGIN_PATH_OPTION,
  },
  examples: ['knhk bench --quick --out report', 'knhk bench --capability vector --quick --json'],
  details:
    'Progress goes to stderr, one line per measurement. The wisdom is saved to $KNHK_WISDOM (or the default path).',
  async run({ values }, input) {
    const capabilities = capabilitiesOf(values.capability);
    const framework = await frameworkFor(input, values['plugin-path']);
    try {
      const effort = values.quick ? 'quick' : 'thorough';
      input.output.err(`knhk bench: measuring (${effort}); progress below`);
      const { report } = await runBench(
        framework,
        {
          effort,
          capabilities,
          peers: values['no-peers'] !== true,
          // The targets compare whole capabilities; a run limited to some skips them.
          targets: values['no-targets'] !== true && capabilities.length === 0,
          saveWisdom: true,
          onProgress: progressPrinter(input.output),
        },
        knhkVersion(),
      );
      const files = values.out !== undefined ? writeReport(report, path.resolve(input.cwd, values.out)) : [];
      if (values.json) {
        input.output.out(JSON.stringify(report, null, 2));
        return 0;
      }
      const rows = [['operation', 'sizes', 'chosen', 'runner-up']];
      for (const s of report.selection) {
        const max = s.sizeRange.max === Number.MAX_SAFE_INTEGER ? '∞' : String(s.sizeRange.max);
        rows.push([`${s.capability}.${s.operation}`, `${s.sizeRange.min}–${max}`, s.chosen, s.runnerUp ?? '-']);
      }
      input.output.out(textTable(rows));
      const d = report.dispatchOverhead;
      if (d !== undefined) {
        input.output.out(
          `\ndispatch overhead (${d.operation} n=${d.size}): framework ${formatNs(d.frameworkNs)}, direct ${formatNs(d.directNs)}, ratio ${d.ratio.toFixed(3)}`,
        );
      }
      if (report.targets !== undefined) input.output.out(`\n${targetsTable(report.targets)}`);
      input.output.out(`\nwisdom saved to ${framework.wisdomStatus().path ?? '(disabled)'}`);
      if (files.length > 0) input.output.out(`report written: ${files.join(', ')}`);
      return 0;
    } finally {
      await framework.dispose();
    }
  },
});
