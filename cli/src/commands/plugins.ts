import { defineCommand } from '../command.js';
import { frameworkFor } from '../framework-for-cli.js';
import { PLUGIN_PATH_OPTION, jsonOption } from '../parse.js';
import { textTable } from '../text-table.js';

/** `knhk plugins`: every plugin found, its status, capabilities, source and reason. */
export const pluginsCommand = defineCommand({
  words: ['plugins'],
  summary: 'list the plugins found, their status and the capabilities they provide',
  options: { json: jsonOption('the plugins'), 'plugin-path': PLUGIN_PATH_OPTION },
  examples: ['knhk plugins', 'KNHK_PLUGIN_PATH=../kahan-reduce knhk plugins --json'],
  async run({ values }, input) {
    const framework = await frameworkFor(input, values['plugin-path']);
    try {
      const plugins = framework.plugins();
      if (values.json) {
        input.output.out(JSON.stringify({ plugins }, null, 2));
        return 0;
      }
      const rows = [['name', 'version', 'kind', 'status', 'capabilities', 'source', 'reason']];
      for (const p of plugins) {
        const source = p.source.location ?? p.source.type;
        const reason = p.error ? p.error.message : p.reason;
        rows.push([p.name, p.version, p.kind, p.status, p.capabilities.join(',') || '-', source, reason]);
      }
      input.output.out(textTable(rows));
      return 0;
    } finally {
      await framework.dispose();
    }
  },
});
