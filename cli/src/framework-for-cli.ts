import cpuBackend from '@knhk/backend-cpu';
import { type Framework, createFramework, silentLogger } from '@knhk/core';
import type { CommandInput } from './command.js';

/**
 * The framework a command works with: the cpu backend this command ships with, installed
 * plugins found from the current folder, plus `--plugin-path` folders and `KNHK_PLUGIN_PATH`. Problems are shown in the command's
 * own output, so the logger stays quiet.
 */
export async function frameworkFor(
  input: CommandInput,
  pluginPaths: readonly string[] | undefined,
): Promise<Framework> {
  return createFramework({
    plugins: [cpuBackend],
    cwd: input.cwd,
    env: input.env,
    pluginPaths: pluginPaths ?? [],
    logger: silentLogger,
  });
}
