import { type ParseArgsConfig, parseArgs } from 'node:util';
import { KnhkError, describeError } from '@knhk/core';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's arguments strictly; unknown options become `KNHK_E_CLI_USAGE`. */
export function parseCommandArgs<O extends Options>(
  command: string,
  args: readonly string[],
  options: O,
  positionals: { min: number; max: number },
): {
  values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values'];
  positionals: string[];
} {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new KnhkError('KNHK_E_CLI_USAGE', `knhk ${command}: ${describeError(error)}`, { command });
  }
  const count = parsed.positionals.length;
  if (count < positionals.min || count > positionals.max) {
    const expected =
      positionals.min === positionals.max ? `${positionals.min}` : `${positionals.min}-${positionals.max}`;
    throw new KnhkError('KNHK_E_CLI_USAGE', `knhk ${command}: expected ${expected} argument(s), got ${count}`, {
      command,
    });
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** Options every framework-using command takes. */
export const FRAMEWORK_OPTIONS = {
  json: { type: 'boolean' },
  'plugin-path': { type: 'string', multiple: true },
} as const satisfies Options;
