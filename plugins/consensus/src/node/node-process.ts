/**
 * A node as a process: its write-ahead log in the data directory, the TCP transport with the
 * cluster key, the Raft node and its HTTP client API, started together and stopped together
 * on SIGINT/SIGTERM. A storage failure stops the node and the process exits with status 1.
 */
import { readFileSync } from 'node:fs';
import { describeError } from '@knhk/core';
import { WalStorage } from '../storage/wal-storage.js';
import { TcpTransport } from '../transport/tcp-transport.js';
import { KvHttpServer } from './kv-http-server.js';
import type { NodeProcessOptions } from './node-args.js';
import { RaftNode } from './raft-node.js';
import { consensusError } from '../errors.js';

/**
 * The built-in DEVELOPMENT key: public (it is in the source), so it authenticates nothing.
 * Only for trying a cluster on one machine; every real cluster passes `--key-file`.
 */
export const DEV_CLUSTER_KEY = new TextEncoder().encode('knhk-consensus-DEVELOPMENT-KEY-not-secret!');

/** The warning printed when a node runs on the development key. */
export const DEV_KEY_WARNING =
  'WARNING: no --key-file: using the built-in DEVELOPMENT cluster key, which is public. Anyone who can reach the ' +
  'peer port can forge Raft messages. Use it only on a single machine for development; for anything else create a ' +
  'key (e.g. `head -c 32 /dev/urandom > cluster.key`) and pass --key-file to every node.';

/** Smallest cluster key, in bytes. */
export const CLUSTER_KEY_BYTES_MIN = 32;

/** Reads a cluster key file (raw bytes, at least 32). */
export function readClusterKey(file: string): Uint8Array {
  let key: Uint8Array;
  try {
    key = readFileSync(file);
  } catch (error) {
    throw consensusError('KNHK_E_CONSENSUS_CONFIG', `--key-file ${file} cannot be read: ${describeError(error)}`);
  }
  if (key.length < CLUSTER_KEY_BYTES_MIN) {
    throw consensusError(
      'KNHK_E_CONSENSUS_CONFIG',
      `--key-file ${file} has ${key.length} bytes; a cluster key has at least ${CLUSTER_KEY_BYTES_MIN} (head -c 32 /dev/urandom > ${file})`,
    );
  }
  return key;
}

/** A started node process. */
export interface RunningNode {
  readonly node: RaftNode;
  readonly clientUrl: string;
  readonly peerAddress: { host: string; port: number };
  /** Stops the API, the node, the transport and the storage. */
  stop(): Promise<void>;
}

/** Starts everything; `log` gets the start-up lines (and the development-key warning). */
export async function startNodeProcess(options: NodeProcessOptions, log: (line: string) => void): Promise<RunningNode> {
  const key = options.keyFile === undefined ? DEV_CLUSTER_KEY : readClusterKey(options.keyFile);
  if (options.keyFile === undefined) log(DEV_KEY_WARNING);
  const peers = Object.fromEntries(Object.entries(options.peers).filter(([id]) => id !== options.id));
  const storage = new WalStorage({ dir: options.dataDir });
  const transport = new TcpTransport({ id: options.id, listen: options.listen, peers, key });
  const node = new RaftNode({
    id: options.id,
    voters: Object.keys(options.peers),
    storage,
    transport,
    clientUrls: options.clientUrls,
    tickMs: options.tickMs,
    electionTicks: options.electionTicks,
    heartbeatTicks: options.heartbeatTicks,
    snapshotEntries: options.snapshotEntries,
  });
  const recovery = storage.recovery();
  if (recovery.truncatedBytes > 0) {
    log(`recovered ${options.dataDir}: truncated a torn tail of ${recovery.truncatedBytes} bytes (${recovery.reason})`);
  }
  await node.start();
  const server = new KvHttpServer(node, options.client);
  let address;
  try {
    address = await server.listen();
  } catch (error) {
    await node.stop();
    throw error;
  }
  const clientUrl = `http://${address.host}:${address.port}`;
  const s = node.status();
  log(
    `node ${options.id}: peers on ${options.listen.host}:${options.listen.port}, client API on ${clientUrl}, ` +
      `data in ${options.dataDir} (term ${s.term}, commit ${s.commitIndex}, snapshot ${s.snapshotIndex})`,
  );
  return {
    node,
    clientUrl,
    peerAddress: options.listen,
    async stop() {
      await server.close();
      await node.stop();
    },
  };
}
