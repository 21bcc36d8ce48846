/**
 * The command-line options of a node process (`knhk consensus node ...`), parsed and checked
 * as pure functions: the same parser serves the knhk command and `node-main.js`.
 */
import { parseArgs } from 'node:util';
import { KnhkError, describeError } from '@knhk/core';
import type { PeerAddress } from './ports.js';
import { consensusError } from '../errors.js';

/** Everything a node process needs to start. */
export interface NodeProcessOptions {
  readonly id: string;
  /** Every member's peer (Raft) address, this node's included. */
  readonly peers: Readonly<Record<string, PeerAddress>>;
  /** Where this node's transport listens (default: its own entry in `peers`). */
  readonly listen: PeerAddress;
  /** Where the client API listens. */
  readonly client: PeerAddress;
  /** Every member's client API address, for not-leader redirects. */
  readonly clientUrls: Readonly<Record<string, string>>;
  readonly dataDir: string;
  /** The shared cluster key's file; undefined: the built-in development key. */
  readonly keyFile: string | undefined;
  readonly tickMs: number | undefined;
  readonly electionTicks: number | undefined;
  readonly heartbeatTicks: number | undefined;
  readonly snapshotEntries: number | undefined;
}

/** The usage line of the node command. */
export const NODE_USAGE =
  'knhk consensus node --id N --peers id=host:port,... [--client-port P] [--client-host H] [--data-dir DIR] ' +
  '[--key-file F] [--client-urls id=http://host:port,...] [--listen host:port] [--tick-ms T] [--election-ticks E] ' +
  '[--heartbeat-ticks H] [--snapshot-entries S]';

/** The default client port when `--client-port` is not given (as etcd's 2379, one node per machine). */
export const DEFAULT_CLIENT_PORT = 7379;

function configError(message: string): KnhkError {
  return consensusError('KNHK_E_CONSENSUS_CONFIG', `knhk consensus node: ${message}`);
}

/** `host:port` with a port in [0, 65535]. */
export function parseHostPort(text: string, what: string): PeerAddress {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/.exec(text);
  const port = match === null ? NaN : Number(match[2]);
  if (match === null || port > 65535) throw configError(`${what} must be host:port, got "${text}"`);
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

function parseList<T>(text: string, what: string, value: (raw: string, id: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const item of text.split(',')) {
    const eq = item.indexOf('=');
    const id = item.slice(0, eq).trim();
    if (eq <= 0 || !/^[A-Za-z0-9_.-]+$/.test(id)) throw configError(`${what} entries are id=..., got "${item}"`);
    if (id in out) throw configError(`${what} names ${id} twice`);
    out[id] = value(item.slice(eq + 1).trim(), id);
  }
  return out;
}

/** `id=host:port,...`. */
export function parsePeers(text: string): Record<string, PeerAddress> {
  return parseList(text, '--peers', (raw, id) => parseHostPort(raw, `the address of ${id}`));
}

function parseUrls(text: string): Record<string, string> {
  return parseList(text, '--client-urls', (raw, id) => {
    if (!/^http:\/\/[^/\s]+:\d{1,5}\/?$/.test(raw))
      throw configError(`the client URL of ${id} must be http://host:port`);
    return raw.replace(/\/$/, '');
  });
}

function integer(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw configError(`--${name} takes an integer in [${min}, ${max}], got "${text}"`);
  }
  return value;
}

/** Parses and checks the node command's arguments; `KNHK_E_CONSENSUS_CONFIG` says what is wrong. */
export function parseNodeArgs(args: readonly string[]): NodeProcessOptions {
  let values;
  try {
    values = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        id: { type: 'string' },
        peers: { type: 'string' },
        listen: { type: 'string' },
        'client-port': { type: 'string' },
        'client-host': { type: 'string' },
        'client-urls': { type: 'string' },
        'data-dir': { type: 'string' },
        'key-file': { type: 'string' },
        'tick-ms': { type: 'string' },
        'election-ticks': { type: 'string' },
        'heartbeat-ticks': { type: 'string' },
        'snapshot-entries': { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw configError(describeError(error));
  }
  if (values.id === undefined) throw configError('--id is required');
  if (values.peers === undefined)
    throw configError('--peers id=host:port,... is required (every member, this one too)');
  const id = values.id;
  const peers = parsePeers(values.peers);
  if (!(id in peers)) throw configError(`--peers must include this node (${id}), got ${Object.keys(peers).join(', ')}`);
  const clientHost = values['client-host'] ?? '127.0.0.1';
  const clientPort = integer(values['client-port'], 'client-port', 0, 65535) ?? DEFAULT_CLIENT_PORT;
  const clientUrls = values['client-urls'] === undefined ? {} : parseUrls(values['client-urls']);
  for (const member of Object.keys(clientUrls)) {
    if (!(member in peers)) throw configError(`--client-urls names ${member}, which is not in --peers`);
  }
  return {
    id,
    peers,
    listen: values.listen === undefined ? peers[id] : parseHostPort(values.listen, '--listen'),
    client: { host: clientHost, port: clientPort },
    clientUrls: { [id]: `http://${clientHost}:${clientPort}`, ...clientUrls },
    dataDir: values['data-dir'] ?? `knhk-consensus-${id}`,
    keyFile: values['key-file'],
    tickMs: integer(values['tick-ms'], 'tick-ms', 1, 60_000),
    electionTicks: integer(values['election-ticks'], 'election-ticks', 2, 1_000),
    heartbeatTicks: integer(values['heartbeat-ticks'], 'heartbeat-ticks', 1, 999),
    snapshotEntries: integer(values['snapshot-entries'], 'snapshot-entries', 1, 1 << 30),
  };
}
