import { defineCommand } from '../command.js';
import { jsonOption } from '../parse.js';
import { scaffoldPlugin } from '../scaffold.js';

/** `knhk plugin new <dir>`: a working third-party plugin project. */
export const pluginNewCommand = defineCommand({
  words: ['plugin', 'new'],
  summary: 'create a plugin project whose tests pass after `npm install && npm test`',
  arguments: [{ name: '<dir>', description: 'the folder to create (it must not exist, or be empty)' }],
  options: {
    name: { type: 'string', value: 'NAME', description: "the package and plugin name (default: the folder's name)" },
    sdk: {
      type: 'string',
      value: 'SPEC',
      description: 'the @knhk/plugin-sdk dependency to write (default: this knhk checkout, as file:...)',
    },
    json: jsonOption('the folder and the files written'),
  },
  examples: ['knhk plugin new acme-reduce', 'knhk plugin new ./plugins/fast --name fast-reduce --sdk ^0.1.0'],
  async run({ values, positionals }, input) {
    const dir = positionals[0];
    const files = scaffoldPlugin({ dir, name: values.name, sdkSpec: values.sdk });
    if (values.json) {
      input.output.out(JSON.stringify({ dir, files }, null, 2));
      return 0;
    }
    input.output.out(
      `created ${dir}:\n${files.map((f) => `  ${f}`).join('\n')}\n\nnext:\n  cd ${dir}\n  npm install\n  npm test`,
    );
    return 0;
  },
});
