import type { Command } from '../command.js';
import { parseCommandArgs } from '../parse.js';
import { scaffoldPlugin } from '../scaffold.js';

/** `knhk plugin new <dir>`: a working third-party plugin project. */
export const pluginNewCommand: Command = {
  words: ['plugin', 'new'],
  usage: 'knhk plugin new <dir> [--name NAME] [--sdk SPEC]',
  summary: 'create a plugin project whose tests pass after `npm install && npm test`',
  async run(input) {
    const { values, positionals } = parseCommandArgs(
      'plugin new',
      input.args,
      { name: { type: 'string' }, sdk: { type: 'string' } },
      { min: 1, max: 1 },
    );
    const dir = positionals[0];
    const files = scaffoldPlugin({ dir, name: values.name, sdkSpec: values.sdk });
    input.output.out(
      `created ${dir}:\n${files.map((f) => `  ${f}`).join('\n')}\n\nnext:\n  cd ${dir}\n  npm install\n  npm test`,
    );
    return 0;
  },
};
