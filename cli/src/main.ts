/** The knhk command line: `knhk <command> [options]`. */
import { KnhkError, describeError, isKnhkError } from '@knhk/core';
import type { Command, Output } from './command.js';
import { detectCommand } from './commands/detect.js';
import { pluginCheckCommand } from './commands/plugin-check.js';
import { pluginNewCommand } from './commands/plugin-new.js';
import { pluginsCommand } from './commands/plugins.js';
import { benchCommand } from './commands/bench.js';
import { cryptoAuditCommand } from './commands/crypto-audit.js';
import { selectCommand } from './commands/select.js';
import { wisdomCommand } from './commands/wisdom.js';
import { marketCommand } from './commands/market.js';
import {
  consensusDeleteCommand,
  consensusGetCommand,
  consensusNodeCommand,
  consensusPutCommand,
  consensusSimulateCommand,
  consensusStatusCommand,
} from './commands/consensus.js';
import { knhkVersion } from './version.js';

/** Every command, in the order `knhk help` lists them. */
export const COMMANDS: readonly Command[] = [
  detectCommand,
  pluginsCommand,
  benchCommand,
  selectCommand,
  wisdomCommand,
  pluginNewCommand,
  pluginCheckCommand,
  marketCommand,
  cryptoAuditCommand,
  consensusSimulateCommand,
  consensusNodeCommand,
  consensusPutCommand,
  consensusGetCommand,
  consensusDeleteCommand,
  consensusStatusCommand,
];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  const lines = COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`);
  return [
    `knhk ${knhkVersion()}: a plugin-based hardware abstraction framework`,
    '',
    'usage:',
    ...lines,
    `  ${'knhk help | --version'.padEnd(width)}  this text | the version`,
    '',
    'Plugins are found in node_modules (packages with a "knhk" field), in KNHK_PLUGIN_PATH',
    'and in --plugin-path folders.',
  ].join('\n');
}

function findCommand(args: readonly string[]): { command: Command; rest: readonly string[] } | undefined {
  for (const command of COMMANDS) {
    if (command.words.every((w, i) => args[i] === w)) return { command, rest: args.slice(command.words.length) };
  }
  return undefined;
}

const processOutput: Output = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
};

/** Runs the command line; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function main(
  args: readonly string[],
  output: Output = processOutput,
  context: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<number> {
  if (args.length === 0 || args[0] === 'help' || args[0] === '--help' || args[0] === '-h') {
    output.out(helpText());
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] === '--version' || args[0] === '-v') {
    output.out(knhkVersion());
    return 0;
  }
  try {
    const found = findCommand(args);
    if (found === undefined) {
      throw new KnhkError('KNHK_E_CLI_USAGE', `unknown command "${args.join(' ')}"`, { args });
    }
    const input = { args: found.rest, output, env: context.env ?? process.env, cwd: context.cwd ?? process.cwd() };
    return await found.command.run(input);
  } catch (error) {
    output.err(`knhk: ${describeError(error)}`);
    return isKnhkError(error, 'KNHK_E_CLI_USAGE') ? 2 : 1;
  }
}
