/** Runs the knhk command in-process and captures what it prints. */
import { main } from '../src/main.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(
  args: readonly string[],
  context: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { env: {}, ...context });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
