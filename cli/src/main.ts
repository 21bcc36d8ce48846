/** The knhk command line: `knhk <command> [options]`. */
import { KnhkError, describeError, isKnhkError } from '@knhk/core';
import type { Command, CommandGroup, Output } from './command.js';
import { COMMANDS, GROUPS } from './command-table.js';
import { errorJson } from './error-json.js';
import { commandHelp, groupHelp, topHelp } from './help.js';
import { knhkVersion } from './version.js';

export { COMMANDS, GROUPS };

/** The arguments before a `--` terminator (after it, everything is a positional argument). */
function optionsPart(args: readonly string[]): readonly string[] {
  const end = args.indexOf('--');
  return end < 0 ? args : args.slice(0, end);
}

/** True when `--help` or `-h` is among the options. */
function helpWanted(args: readonly string[]): boolean {
  const options = optionsPart(args);
  return options.includes('--help') || options.includes('-h');
}

/** True when `--json` is among the options: errors are then printed as JSON on stdout too. */
export function jsonWanted(args: readonly string[]): boolean {
  return optionsPart(args).includes('--json');
}

function startsWith(args: readonly string[], words: readonly string[]): boolean {
  return words.every((w, i) => args[i] === w);
}

type Found =
  | { readonly command: Command; readonly rest: readonly string[] }
  | { readonly group: CommandGroup; readonly rest: readonly string[] };

/** The command the arguments name, else the longest group they start with. */
function resolve(args: readonly string[]): Found | undefined {
  const command = COMMANDS.find((c) => startsWith(args, c.words));
  if (command !== undefined) return { command, rest: args.slice(command.words.length) };
  const groups = GROUPS.filter((g) => startsWith(args, g.words));
  const group = groups.sort((a, b) => b.words.length - a.words.length)[0];
  return group === undefined ? undefined : { group, rest: args.slice(group.words.length) };
}

function unknownCommand(args: readonly string[], group?: CommandGroup): KnhkError {
  const firstOption = args.findIndex((a) => a.startsWith('-'));
  const words = firstOption < 0 ? args : args.slice(0, Math.max(1, firstOption));
  const hint = group === undefined ? '' : `; see \`knhk help ${group.words.join(' ')}\``;
  return new KnhkError('KNHK_E_CLI_USAGE', `unknown command "knhk ${words.join(' ')}"${hint}`, { args });
}

function title(): string {
  return `knhk ${knhkVersion()}: a plugin-based hardware abstraction framework`;
}

/** `knhk help [words]`: the help of the command or group the words name. */
function helpFor(words: readonly string[]): string {
  if (words.length === 0) return topHelp(title(), COMMANDS);
  const found = resolve(words);
  if (found === undefined || found.rest.length > 0) {
    throw unknownCommand(words, found !== undefined && 'group' in found ? found.group : undefined);
  }
  return 'command' in found ? commandHelp(found.command) : groupHelp(found.group, COMMANDS);
}

async function dispatch(
  args: readonly string[],
  output: Output,
  context: { env?: Record<string, string | undefined>; cwd?: string },
): Promise<number> {
  if (args[0] === 'help' || args[0] === '--help' || args[0] === '-h') {
    output.out(helpFor(args.slice(1).filter((a) => !a.startsWith('-'))));
    return 0;
  }
  if (args[0] === '--version' || args[0] === '-v') {
    output.out(knhkVersion());
    return 0;
  }
  const found = resolve(args);
  if (found === undefined) throw unknownCommand(args);
  if ('group' in found) {
    // A bare group prints its list, as a bare `knhk` does; a wrong word after it is an error.
    if (found.rest.length === 0 || helpWanted(found.rest)) {
      output.out(groupHelp(found.group, COMMANDS));
      return found.rest.length === 0 ? 2 : 0;
    }
    throw unknownCommand(args, found.group);
  }
  if (helpWanted(found.rest)) {
    output.out(commandHelp(found.command));
    return 0;
  }
  const input = { args: found.rest, output, env: context.env ?? process.env, cwd: context.cwd ?? process.cwd() };
  return found.command.run(input);
}

const processOutput: Output = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
};

/**
 * Runs the command line; returns the exit code (0 ok, 1 failed, 2 usage). An error is printed
 * on stderr; with `--json` also as `{"error":{"code","message"}}` on stdout.
 */
export async function main(
  args: readonly string[],
  output: Output = processOutput,
  context: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<number> {
  if (args.length === 0) {
    output.out(topHelp(title(), COMMANDS));
    return 2;
  }
  try {
    return await dispatch(args, output, context);
  } catch (error) {
    output.err(`knhk: ${describeError(error)}`);
    if (jsonWanted(args)) output.out(JSON.stringify(errorJson(error), null, 2));
    return isKnhkError(error, 'KNHK_E_CLI_USAGE') ? 2 : 1;
  }
}
