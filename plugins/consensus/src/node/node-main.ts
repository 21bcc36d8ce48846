/**
 * `node node-main.js --id N --peers ...`: a node process without the knhk command (the
 * benchmarks start nodes this way). Same options as `knhk consensus node`; exits 2 on bad
 * options, 1 on a failure, 0 after SIGINT or SIGTERM.
 */
import { describeError, isKnhkError } from '@knhk/core';
import { NODE_USAGE, parseNodeArgs } from './node-args.js';
import { runNodeUntilSignal } from './node-signals.js';

try {
  const options = parseNodeArgs(process.argv.slice(2));
  process.exitCode = await runNodeUntilSignal(options, {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
  });
} catch (error) {
  process.stderr.write(`${describeError(error)}\nusage: ${NODE_USAGE}\n`);
  process.exitCode = isKnhkError(error, 'KNHK_E_CONSENSUS_CONFIG') ? 2 : 1;
}
