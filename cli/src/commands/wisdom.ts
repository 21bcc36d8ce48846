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
import { type Command, type CommandInput, defineCommand } from '../command.js';
import { frameworkFor } from '../framework-for-cli.js';
import { PLUGIN_PATH_OPTION, jsonOption } from '../parse.js';

const WISDOM_FILE = 'The wisdom file is $KNHK_WISDOM, else $XDG_CACHE_HOME/knhk/wisdom.json (default ~/.cache).';

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
  options: { force: boolean; json: boolean; pluginPaths?: string[] },
): Promise<number> {
  const { force, json, pluginPaths } = options;
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
  if (json) {
    input.output.out(
      JSON.stringify({ from, path: file, used: stale === undefined, ...(stale ? { reason: stale } : {}) }),
    );
  } else {
    input.output.out(`imported ${from} to ${file}${stale !== undefined ? ` (it will not be used: ${stale})` : ''}`);
  }
  return 0;
}

/** `knhk wisdom show`. */
export const wisdomShowCommand = defineCommand({
  words: ['wisdom', 'show'],
  summary: 'whether the saved wisdom is valid here, when and how it was measured, and its selection',
  options: { json: jsonOption('the wisdom summary'), 'plugin-path': PLUGIN_PATH_OPTION },
  examples: ['knhk wisdom show', 'KNHK_WISDOM=./wisdom.json knhk wisdom show --json'],
  details: WISDOM_FILE,
  async run({ values }, input) {
    return show(input, defaultWisdomPath(input.env), values.json === true, values['plugin-path']);
  },
});

/** `knhk wisdom clear`. */
export const wisdomClearCommand = defineCommand({
  words: ['wisdom', 'clear'],
  summary: 'remove the saved wisdom (the next select or bench measures again)',
  options: { json: jsonOption('the path and whether a file was removed') },
  examples: ['knhk wisdom clear'],
  details: WISDOM_FILE,
  async run({ values }, input) {
    const file = defaultWisdomPath(input.env);
    const removed = clearWisdom(file);
    if (values.json) input.output.out(JSON.stringify({ path: file, removed }));
    else input.output.out(removed ? `removed ${file}` : `no wisdom at ${file}`);
    return 0;
  },
});

/** `knhk wisdom export FILE`. */
export const wisdomExportCommand = defineCommand({
  words: ['wisdom', 'export'],
  summary: 'copy the saved wisdom to FILE (to import on a machine of the same kind)',
  arguments: [{ name: 'FILE', description: 'where to write the copy' }],
  options: { json: jsonOption('the source and the written path') },
  examples: ['knhk wisdom export wisdom-c7i.json'],
  details: WISDOM_FILE,
  async run({ values, positionals }, input) {
    const file = defaultWisdomPath(input.env);
    if (!existsSync(file))
      throw new KnhkError('KNHK_E_WISDOM_INVALID', `no wisdom at ${file} to export; measure with: knhk select`, {
        file,
      });
    const to = path.resolve(input.cwd, positionals[0]);
    copyFileSync(file, to);
    input.output.out(values.json ? JSON.stringify({ path: file, to }) : `exported ${file} to ${to}`);
    return 0;
  },
});

/** `knhk wisdom import FILE`. */
export const wisdomImportCommand = defineCommand({
  words: ['wisdom', 'import'],
  summary: 'replace the saved wisdom with FILE, refusing one measured for another machine or other plugins',
  arguments: [{ name: 'FILE', description: 'a file written by `knhk wisdom export`' }],
  options: {
    force: { type: 'boolean', description: 'import it even when it does not fit this machine and these plugins' },
    json: jsonOption('the paths and whether the imported wisdom will be used'),
    'plugin-path': PLUGIN_PATH_OPTION,
  },
  examples: ['knhk wisdom import wisdom-c7i.json'],
  details: WISDOM_FILE,
  async run({ values, positionals }, input) {
    const from = path.resolve(input.cwd, positionals[0]);
    return importWisdom(input, from, defaultWisdomPath(input.env), {
      force: values.force === true,
      json: values.json === true,
      pluginPaths: values['plugin-path'],
    });
  },
});

/** The `knhk wisdom` commands. */
export const WISDOM_COMMANDS: readonly Command[] = [
  wisdomShowCommand,
  wisdomClearCommand,
  wisdomExportCommand,
  wisdomImportCommand,
];
