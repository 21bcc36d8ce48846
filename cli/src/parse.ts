import { type ParseArgsConfig, parseArgs } from 'node:util';
import { KnhkError, describeError } from '@knhk/core';
import type { Command, OptionSpecs } from './command.js';
import { commandName, usageLine } from './help.js';

type ParseOptions = NonNullable<ParseArgsConfig['options']>;

/** What a command's `run` gets: the option values by name and the positional arguments. */
export interface ParsedArgs<O extends OptionSpecs> {
  readonly values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values'];
  readonly positionals: string[];
}

/** A `KNHK_E_CLI_USAGE` for a known command: the problem, its usage line and the help to run. */
export function usageError(command: Command, problem: string): KnhkError {
  const name = commandName(command);
  return new KnhkError(
    'KNHK_E_CLI_USAGE',
    `${name}: ${problem}\nusage: ${usageLine(command)}\nsee \`knhk help ${command.words.join(' ')}\``,
    { command: command.words.join(' ') },
  );
}

/**
 * Parses a command's arguments strictly against its table entry: unknown options, a wrong
 * number of arguments and a missing required option are `KNHK_E_CLI_USAGE`.
 */
export function parseCommandArgs<O extends OptionSpecs>(
  command: Command,
  options: O,
  args: readonly string[],
): ParsedArgs<O> {
  const config: ParseOptions = {};
  for (const [name, spec] of Object.entries(options)) {
    config[name] = spec.multiple === true ? { type: spec.type, multiple: true } : { type: spec.type };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: config, allowPositionals: true, strict: true });
  } catch (error) {
    // node's hint about `--` for positionals that start with '-' is not what a misspelt option needs.
    throw usageError(command, describeError(error).split('. To specify a positional argument')[0]);
  }
  const min = command.arguments.filter((a) => a.optional !== true).length;
  const max = command.arguments.length;
  const count = parsed.positionals.length;
  if (count < min || count > max) {
    const expected = min === max ? `${min}` : `${min}-${max}`;
    throw usageError(command, `expected ${expected} argument(s), got ${count}`);
  }
  for (const [name, spec] of Object.entries(options)) {
    if (spec.required === true && parsed.values[name] === undefined) throw usageError(command, `--${name} is required`);
  }
  return { values: parsed.values as ParsedArgs<O>['values'], positionals: parsed.positionals };
}

/** `--json`, with what it prints (the shapes are in docs/cli.md). */
export function jsonOption(prints: string) {
  return { type: 'boolean', description: `print ${prints} as JSON (shape: docs/cli.md)` } as const;
}

/** Options every framework-using command takes. */
export const PLUGIN_PATH_OPTION = {
  type: 'string',
  multiple: true,
  value: 'DIR',
  description: 'also load the plugins in DIR (a plugin package, or a folder of them); repeatable',
} as const;
