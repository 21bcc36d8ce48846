/**
 * @knhk/plugin-consensus: Raft as a pure, deterministic state machine, a deterministic
 * simulator with a network that loses, delays, duplicates and partitions messages, and the
 * checkers (Raft safety properties, linearizability) run on every simulated history.
 */
import { definePlugin } from '@knhk/core';
import { PluginNode } from './node/plugin-node.js';
import { CONSENSUS_ERRORS } from './errors.js';

export * from './errors.js';
export * from './raft/types.js';
export * from './raft/config.js';
export * from './raft/log.js';
export * from './raft/progress.js';
export * from './raft/read-index.js';
export * from './raft/raft.js';
export * from './raft/memory-storage.js';
export * from './local-consensus.js';
export * from './encoding/bytes.js';
export * from './encoding/raft-encoding.js';
export * from './storage/crc32c.js';
export * from './storage/wal-format.js';
export * from './storage/snapshot-format.js';
export * from './storage/wal-replay.js';
export * from './storage/wal-storage.js';
export * from './transport/message-codec.js';
export * from './transport/handshake.js';
export * from './transport/frame-splitter.js';
export * from './transport/backoff.js';
export * from './transport/transport-stats.js';
export * from './transport/tcp-transport.js';

const pluginNode = new PluginNode();

/**
 * The plugin: `consensus` is a running Raft node when `pluginOptions.consensus.node` gives the
 * arguments of `knhk consensus node`, else a Raft group in this process ({@link LocalRaftConsensus}).
 */
export default definePlugin({
  name: 'consensus',
  errors: CONSENSUS_ERRORS,
  version: '0.1.0',
  kind: 'module',
  description:
    'Raft consensus: a runnable node with a key-value API, a deterministic simulator and linearizability checking',
  providers: { consensus: { useFactory: () => pluginNode.provider() } },
  init: (context) => pluginNode.init(context),
  dispose: () => pluginNode.dispose(),
});
export * from './check/violation.js';
export * from './check/safety.js';
export * from './check/linearizability.js';
export * from './simulation/history.js';
export * from './simulation/kv.js';
export * from './simulation/network.js';
export * from './simulation/event-queue.js';
export * from './simulation/options.js';
export * from './simulation/sim-node.js';
export * from './simulation/simulator.js';
export * from './simulation/run-seeds.js';
export * from './node/kv-command.js';
export * from './node/kv-state-machine.js';
export * from './node/raft-node.js';
export * from './node/kv-http-api.js';
export * from './node/kv-http-server.js';
export * from './node/kv-client.js';
export * from './node/node-args.js';
export * from './node/node-process.js';
export * from './node/node-signals.js';
export * from './node/local-cluster.js';
export * from './node/plugin-node.js';
