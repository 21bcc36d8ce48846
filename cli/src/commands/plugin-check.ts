import path from 'node:path';
import {
  DEFAULT_TIMEOUTS,
  KnhkError,
  type PluginPackage,
  describeError,
  findPathPlugins,
  loadPluginPackage,
} from '@knhk/core';
import { type ConformanceReport, checkConformance } from '@knhk/plugin-sdk';
import { type CommandInput, defineCommand } from '../command.js';
import { errorJson } from '../error-json.js';
import { jsonOption } from '../parse.js';

/** How far `plugin check` got: finding the package, loading its code, running the kit. */
type Stage = 'find' | 'load' | 'check';

/** What was checked: the folder and, once found, the package in it. */
interface Checked {
  readonly dir: string;
  readonly package?: { readonly name: string; readonly version: string };
}

function findPackage(dir: string): PluginPackage {
  const [pkg] = findPathPlugins([dir]).filter((p) => p.dir === dir || path.dirname(p.dir) === dir);
  if (pkg === undefined) {
    throw new KnhkError(
      'KNHK_E_PLUGIN_LOAD_FAILED',
      `${dir} is not a plugin package (no package.json with a "knhk" field)`,
      { dir },
    );
  }
  return pkg;
}

type Outcome =
  | { readonly checked: Checked; readonly report: ConformanceReport }
  | { readonly checked: Checked; readonly stage: Stage; readonly error: unknown };

/** Finds, loads and checks; a failure carries the stage it happened in and what was checked. */
async function check(dir: string): Promise<Outcome> {
  let stage: Stage = 'find';
  let checked: Checked = { dir };
  try {
    const pkg = findPackage(dir);
    checked = { dir, package: { name: pkg.packageName, version: pkg.version } };
    stage = 'load';
    const plugin = await loadPluginPackage(pkg, DEFAULT_TIMEOUTS.initMs);
    stage = 'check';
    return { checked, report: await checkConformance(plugin) };
  } catch (error) {
    return { checked, stage, error };
  }
}

function printText(input: CommandInput, report: ConformanceReport): void {
  for (const r of report.results)
    input.output.out(`${r.passed ? 'pass' : 'FAIL'}  ${r.id}${r.message ? `\n      ${r.message}` : ''}`);
  const failed = report.results.filter((r) => !r.passed).length;
  input.output.out(`\n${report.plugin}: ${report.results.length - failed} passed, ${failed} failed`);
}

/** `knhk plugin check <dir>`: the conformance kit against a built plugin package. */
export const pluginCheckCommand = defineCommand({
  words: ['plugin', 'check'],
  summary: 'run the conformance kit on a built plugin package against the CPU reference',
  arguments: [
    { name: '<dir>', description: 'the plugin package (a folder whose package.json has a "knhk" field), built' },
  ],
  options: {
    json: jsonOption('the conformance report, or {ok:false, stage, checked, error} when the plugin does not load'),
  },
  examples: ['knhk plugin check ../kahan-reduce', 'knhk plugin check . --json'],
  details: 'Exits 0 when every check passes, 1 when one fails or the plugin cannot be found or loaded.',
  async run({ values, positionals }, input) {
    const dir = path.resolve(input.cwd, positionals[0]);
    const outcome = await check(dir);
    if ('error' in outcome) {
      if (!values.json) throw outcome.error;
      // The error is on stderr as for every command; stdout stays one JSON object.
      input.output.err(`knhk: ${describeError(outcome.error)}`);
      const { stage, checked } = outcome;
      input.output.out(
        JSON.stringify({ ok: false, stage, checked, ...errorJson(outcome.error), results: [] }, null, 2),
      );
      return 1;
    }
    const { checked, report } = outcome;
    if (values.json)
      input.output.out(JSON.stringify({ ok: report.passed, stage: 'check', checked, ...report }, null, 2));
    else printText(input, report);
    return report.passed ? 0 : 1;
  },
});
