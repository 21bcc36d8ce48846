/**
 * The plugin's running node: with `pluginOptions: { consensus: { node: [...args] } }` (the
 * arguments of `knhk consensus node`), the plugin starts a {@link RaftNode} in `init` and
 * offers it as the `consensus` capability; without, it offers the in-process Raft group
 * ({@link LocalRaftConsensus}). The node stops in `dispose`.
 */
import { type Consensus, type PluginContext } from '@knhk/core';
import { LocalRaftConsensus } from '../local-consensus.js';
import { parseNodeArgs } from './node-args.js';
import { startNodeProcess, type RunningNode } from './node-process.js';
import { consensusError } from '../errors.js';

/** The consensus provider of one plugin instance. */
export class PluginNode {
  private running: RunningNode | undefined;
  private local: LocalRaftConsensus | undefined;

  /** Starts the configured node, if the options name one. */
  async init(context: PluginContext): Promise<void> {
    const args = context.options.node;
    if (args === undefined) return;
    if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) {
      throw consensusError(
        'KNHK_E_CONSENSUS_CONFIG',
        'pluginOptions.consensus.node must be the arguments of `knhk consensus node` as an array of strings',
      );
    }
    const log = (line: string) => (line.startsWith('WARNING') ? context.logger.warn(line) : context.logger.info(line));
    this.running = await startNodeProcess(parseNodeArgs(args as string[]), log);
  }

  /** The running node, or the in-process group when no node is configured. */
  provider(): Consensus {
    if (this.running !== undefined) return this.running.node;
    this.local ??= new LocalRaftConsensus();
    return this.local;
  }

  async dispose(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }
}
