/**
 * {@link RaftTransport} over TCP: length-prefixed binary frames, every message authenticated
 * with HMAC-SHA256 under a shared cluster key (see `handshake.ts` for the handshake and the
 * replay protection, `message-codec.ts` for the message encoding).
 *
 * Each node dials its peers to send and accepts their connections to receive. Per peer, a
 * bounded queue holds the messages waiting for the connection; a full queue drops the new
 * message (Raft retransmits) and counts it. A connection lost is redialled with exponential
 * backoff. A peer that sends a malformed, oversized, unauthenticated or replayed frame is
 * counted and its connection closed; the node goes on.
 */
import { type Server, type Socket, createServer } from 'node:net';
import { KnhkError } from '@knhk/core';
import type { PeerAddress, RaftTransport } from '../node/ports.js';
import type { Message, NodeId } from '../raft/types.js';
import { InboundConnection } from './inbound-connection.js';
import { encodeMessage } from './message-codec.js';
import { OutboundLink } from './outbound-link.js';
import { type TcpTransportStats, TransportCounters } from './transport-stats.js';
import { consensusError } from '../errors.js';

/** Options of a {@link TcpTransport}; limits have their unit last in the name. */
export interface TcpTransportOptions {
  readonly id: NodeId;
  /** Where to listen; port 0 picks a free port ({@link TcpTransport.start} returns it). */
  readonly listen: PeerAddress;
  /** The other nodes (not this one). */
  readonly peers: Readonly<Record<NodeId, PeerAddress>>;
  /** The shared cluster key, at least 32 bytes. */
  readonly key: Uint8Array;
  /** The largest frame accepted from an authenticated peer (a snapshot travels in one frame). Default 64 MiB. */
  readonly frameBytesMax?: number;
  /** Messages waiting per peer. Default 4096. */
  readonly queueMessagesMax?: number;
  /** Bytes waiting per peer. Default 64 MiB. */
  readonly queueBytesMax?: number;
  /** First reconnect delay. Default 50 ms. */
  readonly backoffMsMin?: number;
  /** Longest reconnect delay. Default 5000 ms. */
  readonly backoffMsMax?: number;
  /** Time a connection has to complete the handshake. Default 5000 ms. */
  readonly handshakeTimeoutMs?: number;
  /** Connections accepted at once (authenticated or not); more are refused and counted. Default 256. */
  readonly inboundConnectionsMax?: number;
  /** The jitter source of the backoff, in [0, 1). Default Math.random. */
  readonly random?: () => number;
}

export const TCP_TRANSPORT_DEFAULTS = Object.freeze({
  frameBytesMax: 64 << 20,
  queueMessagesMax: 4096,
  queueBytesMax: 64 << 20,
  backoffMsMin: 50,
  backoffMsMax: 5000,
  handshakeTimeoutMs: 5000,
  inboundConnectionsMax: 256,
});

/** The smallest cluster key, in bytes. */
export const TRANSPORT_KEY_BYTES_MIN = 32;
/** The largest handshake frame; a dialer must authenticate before it may send more. */
const HANDSHAKE_FRAME_BYTES_MAX = 1024;

type Limits = { -readonly [K in keyof typeof TCP_TRANSPORT_DEFAULTS]: number };

/** The TCP transport of a Raft node. */
export class TcpTransport implements RaftTransport {
  private readonly id: NodeId;
  private readonly listenAddress: PeerAddress;
  private readonly key: Uint8Array;
  private readonly limits: Limits;
  private readonly random: () => number;
  private readonly counters = new TransportCounters();
  private readonly peers = new Map<NodeId, PeerAddress>();
  private readonly links = new Map<NodeId, OutboundLink>();
  private readonly inbound = new Set<InboundConnection>();
  private handler: (message: Message) => void = () => {};
  private server: Server | undefined;
  private closed = false;

  constructor(options: TcpTransportOptions) {
    this.id = checkId(options?.id, 'id');
    this.listenAddress = checkAddress(options.listen, 'listen');
    if (!(options.key instanceof Uint8Array) || options.key.length < TRANSPORT_KEY_BYTES_MIN) {
      throw configError('key', `must be a Uint8Array of at least ${TRANSPORT_KEY_BYTES_MIN} bytes`);
    }
    this.key = Uint8Array.from(options.key);
    this.limits = checkLimits(options);
    this.random = options.random ?? Math.random;
    if (typeof options.peers !== 'object' || options.peers === null) throw configError('peers', 'must be an object');
    for (const [id, address] of Object.entries(options.peers)) {
      if (id === this.id) throw configError('peers', `must not include this node (${id})`);
      this.peers.set(checkId(id, 'peers'), checkAddress(address, `peers.${id}`));
    }
  }

  async start(): Promise<PeerAddress> {
    if (this.closed) throw consensusError('KNHK_E_CONSENSUS_TRANSPORT_LISTEN', `transport ${this.id} was closed`);
    if (this.server !== undefined)
      throw consensusError('KNHK_E_CONSENSUS_TRANSPORT_LISTEN', `transport ${this.id} already started`);
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => {
        this.server = undefined;
        const where = `${this.listenAddress.host}:${this.listenAddress.port}`;
        reject(
          consensusError(
            'KNHK_E_CONSENSUS_TRANSPORT_LISTEN',
            `${this.id} cannot listen on ${where}: ${error.message}`,
            { address: where },
            { cause: error },
          ),
        );
      });
      server.listen({ host: this.listenAddress.host, port: this.listenAddress.port }, () => resolve());
    });
    server.on('error', () => {}); // after listening, errors are per connection
    const bound = server.address();
    if (bound === null || typeof bound === 'string') return this.listenAddress;
    return { host: this.listenAddress.host, port: bound.port };
  }

  send(message: Message): void {
    if (this.closed) return;
    const address = message.to === this.id ? undefined : this.peers.get(message.to);
    if (address === undefined) {
      this.counters.unroutable++;
      return;
    }
    const bytes = encodeMessage(message);
    if (bytes.length + 64 > this.limits.frameBytesMax) {
      this.counters.oversized++;
      return;
    }
    let link = this.links.get(message.to);
    if (link === undefined) {
      link = new OutboundLink(message.to, address, this.outboundContext());
      this.links.set(message.to, link);
    }
    link.enqueue(bytes);
  }

  /** Registers the handler of incoming messages; register it before {@link start}. */
  onMessage(handler: (message: Message) => void): void {
    this.handler = handler;
  }

  setPeer(id: NodeId, address: PeerAddress): void {
    checkId(id, 'setPeer id');
    if (id === this.id) throw configError('setPeer', `cannot add this node (${id}) as its own peer`);
    const checked = checkAddress(address, `setPeer ${id}`);
    this.peers.set(id, checked);
    this.links.get(id)?.moveTo(checked);
  }

  removePeer(id: NodeId): void {
    this.peers.delete(id);
    this.links.get(id)?.close();
    this.links.delete(id);
    for (const connection of this.inbound) if (connection.peer === id) connection.close();
  }

  stats(): TcpTransportStats {
    return this.counters.snapshot();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const link of this.links.values()) link.close();
    this.links.clear();
    for (const connection of [...this.inbound]) connection.close();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    if (this.closed || this.inbound.size >= this.limits.inboundConnectionsMax) {
      if (!this.closed) this.counters.connectionsRefused++;
      socket.destroy();
      return;
    }
    const connection = new InboundConnection(socket, {
      id: this.id,
      key: this.key,
      frameBytesMax: this.limits.frameBytesMax,
      handshakeFrameBytesMax: HANDSHAKE_FRAME_BYTES_MAX,
      handshakeTimeoutMs: this.limits.handshakeTimeoutMs,
      counters: this.counters,
      deliver: (message) => this.handler(message),
      closed: (c) => this.inbound.delete(c),
      authenticated: (c, peer) => {
        // A peer that redialled replaces its older connection.
        for (const other of this.inbound) if (other !== c && other.peer === peer) other.close();
      },
    });
    this.inbound.add(connection);
  }

  private outboundContext() {
    return {
      id: this.id,
      key: this.key,
      handshakeFrameBytesMax: HANDSHAKE_FRAME_BYTES_MAX,
      handshakeTimeoutMs: this.limits.handshakeTimeoutMs,
      queueMessagesMax: this.limits.queueMessagesMax,
      queueBytesMax: this.limits.queueBytesMax,
      backoff: { minMs: this.limits.backoffMsMin, maxMs: this.limits.backoffMsMax },
      random: this.random,
      counters: this.counters,
    };
  }
}

function configError(option: string, problem: string): KnhkError {
  return consensusError('KNHK_E_CONSENSUS_CONFIG', `TcpTransport: ${option} ${problem}`, { option });
}

function checkId(id: unknown, option: string): NodeId {
  if (typeof id !== 'string' || id.length === 0 || new TextEncoder().encode(id).length > 255) {
    throw configError(option, `node id must be a non-empty string of at most 255 UTF-8 bytes, got ${String(id)}`);
  }
  return id;
}

function checkAddress(address: unknown, option: string): PeerAddress {
  const a = address as Partial<PeerAddress> | undefined;
  if (typeof a?.host !== 'string' || a.host.length === 0) throw configError(option, 'needs a host name or address');
  if (!Number.isInteger(a.port) || a.port! < 0 || a.port! > 65535) {
    throw configError(option, `port must be an integer in [0, 65535], got ${String(a.port)}`);
  }
  return { host: a.host, port: a.port! };
}

function checkLimits(options: TcpTransportOptions): Limits {
  const limits: Limits = { ...TCP_TRANSPORT_DEFAULTS };
  for (const name of Object.keys(TCP_TRANSPORT_DEFAULTS) as (keyof Limits)[]) {
    const value = options[name] ?? TCP_TRANSPORT_DEFAULTS[name];
    if (!Number.isSafeInteger(value) || value < 1)
      throw configError(name, `must be a positive integer, got ${String(value)}`);
    limits[name] = value;
  }
  if (limits.backoffMsMax < limits.backoffMsMin) throw configError('backoffMsMax', 'must be at least backoffMsMin');
  if (limits.frameBytesMax < 1024) throw configError('frameBytesMax', 'must be at least 1024');
  return limits;
}
