import path from 'node:path';
import { DEFAULT_TIMEOUTS, findPathPlugins, loadPluginPackage, KnhkError } from '@knhk/core';
import { checkConformance } from '@knhk/plugin-sdk';
import type { Command } from '../command.js';
import { parseCommandArgs } from '../parse.js';

/** `knhk plugin check <dir>`: the conformance kit against a built plugin package. */
export const pluginCheckCommand: Command = {
  words: ['plugin', 'check'],
  usage: 'knhk plugin check <dir> [--json]',
  summary: 'run the conformance kit on a built plugin package against the CPU reference',
  async run(input) {
    const { values, positionals } = parseCommandArgs(
      'plugin check',
      input.args,
      { json: { type: 'boolean' } },
      { min: 1, max: 1 },
    );
    const dir = path.resolve(input.cwd, positionals[0]);
    const [pkg] = findPathPlugins([dir]).filter((p) => p.dir === dir || path.dirname(p.dir) === dir);
    if (pkg === undefined) {
      throw new KnhkError(
        'KNHK_E_PLUGIN_LOAD_FAILED',
        `${dir} is not a plugin package (no package.json with a "knhk" field)`,
        { dir },
      );
    }
    const plugin = await loadPluginPackage(pkg, DEFAULT_TIMEOUTS.initMs);
    const report = await checkConformance(plugin);
    if (values.json) {
      input.output.out(JSON.stringify(report, null, 2));
    } else {
      for (const r of report.results)
        input.output.out(`${r.passed ? 'pass' : 'FAIL'}  ${r.id}${r.message ? `\n      ${r.message}` : ''}`);
      const failed = report.results.filter((r) => !r.passed).length;
      input.output.out(`\n${report.plugin}: ${report.results.length - failed} passed, ${failed} failed`);
    }
    return report.passed ? 0 : 1;
  },
};
