/** Runs a node process until SIGINT/SIGTERM (exit status 0) or a fatal storage failure (1). */
import { describeError } from '@knhk/core';
import type { NodeProcessOptions } from './node-args.js';
import { startNodeProcess } from './node-process.js';

/** Starts the node, prints `ready <clientUrl>` on stdout, and resolves with the exit status when it ends. */
export async function runNodeUntilSignal(
  options: NodeProcessOptions,
  output: { out(line: string): void; err(line: string): void },
): Promise<number> {
  const log = (line: string) => output.err(line);
  const running = await startNodeProcess(options, log);
  output.out(`ready ${running.clientUrl}`);
  return new Promise((resolve) => {
    const finish = (code: number) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void running.stop().then(() => resolve(code));
    };
    const onSignal = (signal: string) => {
      log(`node ${options.id}: ${signal}, stopping`);
      finish(0);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    running.node.onFatal((error) => {
      log(`node ${options.id} stopped: ${describeError(error)}`);
      finish(1);
    });
  });
}
