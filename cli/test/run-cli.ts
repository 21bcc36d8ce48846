/** Runs the knhk command in-process, or as its own process, and captures what it prints. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

const BIN = fileURLToPath(new URL('../../bin/knhk.js', import.meta.url));

/** Runs `node cli/bin/knhk.js ...` as a child process (a fresh module cache, as a user's shell gives). */
export function runCliProcess(
  args: readonly string[],
  context: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...context.env };
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: context.cwd, env, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout: stdout.trimEnd(), stderr: stderr.trimEnd() });
      },
    );
  });
}
