import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import {
  KnhkError,
  clearWisdom,
  defaultWisdomPath,
  priorityByName,
  readWisdom,
  selectionSegments,
  staleReason,
  writeWisdom,
} from '@knhk/core';
import type { Command, CommandInput } from '../command.js';
import { frameworkFor } from '../framework-for-cli.js';
import { FRAMEWORK_OPTIONS, parseCommandArgs } from '../parse.js';

const ACTIONS = ['show', 'clear', 'export', 'import'];

function usage(message: string): KnhkError {
  return new KnhkError('KNHK_E_CLI_USAGE', `knhk wisdom: ${message}`, {});
}

async function show(input: CommandInput, file: string, json: boolean, pluginPaths?: string[]): Promise<number> {
  const wisdom = readWisdom(file);
  if (wisdom === undefined) {
    input.output.out(
      json ? JSON.stringify({ path: file, exists: false }) : `no wisdom at ${file} (measure with: knhk select)`,
    );
    return 0;
  }
  const framework = await frameworkFor(input, pluginPaths);
  const stale = staleReason(wisdom, framework.wisdomKey());
  const priorities = priorityByName(framework.plugins());
  await framework.dispose();
  const summary = {
    path: file,
    exists: true,
    valid: stale === undefined,
    ...(stale !== undefined ? { reason: stale } : {}),
    createdAt: wisdom.createdAt,
    effort: wisdom.effort,
    fingerprint: wisdom.fingerprint,
    plugins: wisdom.plugins,
    selection: selectionSegments(wisdom, priorities),
  };
  if (json) {
    input.output.out(JSON.stringify(summary, null, 2));
  } else {
    input.output.out(
      `${file}: ${stale === undefined ? 'valid for this machine and these plugins' : `not valid here: ${stale}`}`,
    );
    input.output.out(`measured ${wisdom.createdAt} (${wisdom.effort}) with ${wisdom.plugins.join(', ')}`);
    input.output.out(`${summary.selection.length} selection ranges over ${wisdom.entries.length} operations`);
  }
  return 0;
}

async function importWisdom(
  input: CommandInput,
  from: string,
  file: string,
  force: boolean,
  pluginPaths?: string[],
): Promise<number> {
  const wisdom = readWisdom(from);
  if (wisdom === undefined) throw new KnhkError('KNHK_E_WISDOM_INVALID', `${from} does not exist`, { file: from });
  const framework = await frameworkFor(input, pluginPaths);
  const stale = staleReason(wisdom, framework.wisdomKey());
  await framework.dispose();
  if (stale !== undefined && !force) {
    throw new KnhkError(
      'KNHK_E_WISDOM_INVALID',
      `${from} does not fit this machine and plugins (${stale}); pass --force to import it anyway`,
      {
        file: from,
      },
    );
  }
  writeWisdom(file, wisdom);
  input.output.out(`imported ${from} to ${file}${stale !== undefined ? ` (it will not be used: ${stale})` : ''}`);
  return 0;
}

/** `knhk wisdom show|clear|export FILE|import FILE`. */
export const wisdomCommand: Command = {
  words: ['wisdom'],
  usage: 'knhk wisdom show [--json] | clear | export FILE | import FILE [--force]',
  summary: 'show, clear, export or import the saved selection measurements',
  async run(input) {
    const { values, positionals } = parseCommandArgs(
      'wisdom',
      input.args,
      { ...FRAMEWORK_OPTIONS, force: { type: 'boolean' } },
      { min: 1, max: 2 },
    );
    const [action, target] = positionals;
    if (!ACTIONS.includes(action)) throw usage(`unknown action "${action}" (show, clear, export, import)`);
    const file = defaultWisdomPath(input.env);
    const needsTarget = action === 'export' || action === 'import';
    if (needsTarget !== (target !== undefined))
      throw usage(needsTarget ? `${action} needs a FILE` : `${action} takes no FILE`);
    switch (action) {
      case 'show':
        return show(input, file, values.json === true, values['plugin-path']);
      case 'clear':
        input.output.out(clearWisdom(file) ? `removed ${file}` : `no wisdom at ${file}`);
        return 0;
      case 'export':
        if (!existsSync(file))
          throw new KnhkError('KNHK_E_WISDOM_INVALID', `no wisdom at ${file} to export; measure with: knhk select`, {
            file,
          });
        copyFileSync(file, path.resolve(input.cwd, target));
        input.output.out(`exported ${file} to ${path.resolve(input.cwd, target)}`);
        return 0;
      default:
        return importWisdom(input, path.resolve(input.cwd, target), file, values.force === true, values['plugin-path']);
    }
  },
};
