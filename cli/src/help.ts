/**
 * Help text, made from the command table alone: usage lines, one command's help, a group's
 * list and the top-level list. Pure functions: printing help never loads a plugin, opens a
 * database or touches the network.
 */
import type { Command, CommandGroup, OptionSpec } from './command.js';

/** `knhk plugin check`. */
export function commandName(command: { readonly words: readonly string[] }): string {
  return ['knhk', ...command.words].join(' ');
}

function optionWord(name: string, spec: OptionSpec): string {
  return spec.type === 'string' ? `--${name} ${spec.value ?? 'VALUE'}` : `--${name}`;
}

/** `knhk plugin check <dir> [options]`: the words, the arguments and the required options. */
export function usageLine(command: Command): string {
  const parts = [commandName(command)];
  for (const a of command.arguments) parts.push(a.optional === true ? `[${a.name}]` : a.name);
  const entries = Object.entries(command.options);
  for (const [name, spec] of entries) if (spec.required === true) parts.push(optionWord(name, spec));
  if (entries.some(([, spec]) => spec.required !== true)) parts.push('[options]');
  return parts.join(' ');
}

function columns(rows: readonly (readonly [string, string])[], indent = '  '): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`.trimEnd());
}

/** What `knhk help <command>` and `knhk <command> --help` print. */
export function commandHelp(command: Command): string {
  const lines = [`${commandName(command)}: ${command.summary}`, '', `usage: ${usageLine(command)}`];
  if (command.arguments.length > 0) {
    lines.push('', 'arguments:', ...columns(command.arguments.map((a) => [a.name, a.description])));
  }
  const options = Object.entries(command.options).map(([name, spec]): [string, string] => {
    const repeat = spec.multiple === true ? ' ...' : '';
    const required = spec.required === true ? ' (required)' : '';
    return [`${optionWord(name, spec)}${repeat}`, `${spec.description}${required}`];
  });
  options.push(['-h, --help', 'print this help']);
  lines.push('', 'options:', ...columns(options));
  if (command.details !== undefined) lines.push('', command.details);
  lines.push('', command.examples.length === 1 ? 'example:' : 'examples:');
  lines.push(...command.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

/** The commands under `words` (all of them for []), in table order. */
export function commandsUnder(commands: readonly Command[], words: readonly string[]): Command[] {
  return commands.filter((c) => c.words.length > words.length && words.every((w, i) => c.words[i] === w));
}

function commandRows(commands: readonly Command[]): [string, string][] {
  return commands.map((c) => {
    const args = c.arguments.map((a) => (a.optional === true ? `[${a.name}]` : a.name));
    return [[commandName(c), ...args].join(' '), c.summary];
  });
}

/** What `knhk help market` and `knhk market --help` print: the group's commands. */
export function groupHelp(group: CommandGroup, commands: readonly Command[]): string {
  const name = commandName(group);
  return [
    `${name}: ${group.summary}`,
    '',
    'commands:',
    ...columns(commandRows(commandsUnder(commands, group.words))),
    '',
    `Run \`knhk help ${group.words.join(' ')} <command>\` (or add --help) for a command's options and an example.`,
  ].join('\n');
}

/** What `knhk help` prints: every command. */
export function topHelp(title: string, commands: readonly Command[]): string {
  return [
    title,
    '',
    'commands:',
    ...columns([
      ...commandRows(commands),
      ['knhk help [<command> ...]', 'this list, or the options and an example of one command (also: --help, -h)'],
      ['knhk --version', 'the version'],
    ]),
    '',
    'Commands that print results take --json (the shapes are in docs/cli.md); errors under --json are',
    'also JSON: {"error":{"code","message"}} on stdout, with the exit code 1 or 2.',
    'Plugins are found in node_modules (packages with a "knhk" field), in KNHK_PLUGIN_PATH',
    'and in --plugin-path folders.',
  ].join('\n');
}
