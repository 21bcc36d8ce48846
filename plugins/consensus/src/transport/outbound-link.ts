/**
 * The dialing side of the connection to one peer: a bounded queue of encoded messages, the
 * connection (dialled when there is something to send, redialled with exponential backoff
 * after a failure), the handshake, and the authenticated message frames. Sending never throws.
 */
import { type Socket, createConnection } from 'node:net';
import { DecodeError } from '../encoding/bytes.js';
import type { PeerAddress } from '../node/ports.js';
import type { NodeId } from '../raft/types.js';
import { type BackoffPolicy, backoffDelayMs } from './backoff.js';
import { FrameSplitter, frame } from './frame-splitter.js';
import {
  type HandshakeParams,
  WIRE_VERSION,
  acceptMac,
  authMac,
  decodeAccept,
  decodeChallenge,
  encodeAuth,
  encodeMessageFrame,
  macEqual,
  newNonce,
  sessionKey,
} from './handshake.js';
import { SendQueue } from './send-queue.js';
import type { TransportCounters } from './transport-stats.js';

/** What an outbound link needs from its transport. */
export interface OutboundContext {
  readonly id: NodeId;
  readonly key: Uint8Array;
  readonly handshakeFrameBytesMax: number;
  readonly handshakeTimeoutMs: number;
  readonly queueMessagesMax: number;
  readonly queueBytesMax: number;
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
  readonly counters: TransportCounters;
}

/** Frames are written in batches of about this many bytes. */
const WRITE_BATCH_BYTES = 64 << 10;

type LinkState = 'idle' | 'connecting' | 'open' | 'waiting' | 'closed';

/** The queue and the (re)dialled connection to one peer. */
export class OutboundLink {
  private state: LinkState = 'idle';
  private readonly queue: SendQueue;
  private socket: Socket | undefined;
  private session: Uint8Array | undefined;
  private seq = 0;
  private failures = 0;
  private dialled = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly peer: NodeId,
    private address: PeerAddress,
    private readonly ctx: OutboundContext,
  ) {
    this.queue = new SendQueue(ctx.queueMessagesMax, ctx.queueBytesMax);
  }

  /** Queues an encoded message; drops it (counted) when the queue is full. */
  enqueue(message: Uint8Array): void {
    if (this.state === 'closed') return;
    if (!this.queue.push(message)) {
      this.ctx.counters.queueFull++;
      return;
    }
    if (this.state === 'open') this.flush();
    else if (this.state === 'idle') this.dial();
  }

  /** Moves the link to a new address: the current connection is closed and redialled. */
  moveTo(address: PeerAddress): void {
    if (address.host === this.address.host && address.port === this.address.port) return;
    this.address = address;
    this.drop();
    this.failures = 0;
    if (this.queue.length > 0) this.dial();
  }

  /** Closes the connection and forgets the queue; the link cannot be used again. */
  close(): void {
    this.drop();
    this.state = 'closed';
    this.queue.clear();
  }

  private dial(): void {
    if (this.dialled) this.ctx.counters.reconnects++;
    this.dialled = true;
    this.state = 'connecting';
    const socket = createConnection({ host: this.address.host, port: this.address.port });
    this.socket = socket;
    const splitter = new FrameSplitter(this.ctx.handshakeFrameBytesMax);
    const dialerNonce = newNonce();
    let params: HandshakeParams | undefined;
    socket.setNoDelay(true);
    socket.setTimeout(this.ctx.handshakeTimeoutMs, () => this.fail(socket, 'unauthenticated'));
    socket.on('error', () => this.fail(socket));
    socket.on('close', () => this.fail(socket));
    socket.on('drain', () => this.flush());
    socket.on('data', (chunk: Buffer) => {
      const { frames, error } = splitter.push(chunk);
      for (const body of frames) {
        if (this.socket !== socket) return;
        try {
          if (params === undefined) {
            const challenge = decodeChallenge(body);
            if (challenge.version !== WIRE_VERSION) return this.fail(socket, 'malformed');
            params = { from: this.ctx.id, to: this.peer, acceptorNonce: challenge.acceptorNonce, dialerNonce };
            socket.write(frame(encodeAuth(params, authMac(this.ctx.key, params))));
          } else if (this.session === undefined) {
            if (!macEqual(decodeAccept(body), acceptMac(this.ctx.key, params))) {
              return this.fail(socket, 'unauthenticated');
            }
            this.opened(socket, sessionKey(this.ctx.key, params));
          } else return this.fail(socket, 'malformed'); // the acceptor sends nothing after accept
        } catch (failure) {
          if (!(failure instanceof DecodeError)) throw failure;
          return this.fail(socket, 'malformed');
        }
      }
      if (error !== undefined) this.fail(socket, error.kind);
    });
  }

  private opened(socket: Socket, session: Uint8Array): void {
    socket.setTimeout(0);
    this.session = session;
    this.seq = 0;
    this.failures = 0;
    this.state = 'open';
    this.flush();
  }

  /** Writes queued messages until the socket pushes back (then waits for 'drain'). */
  private flush(): void {
    const socket = this.socket;
    const session = this.session;
    if (this.state !== 'open' || socket === undefined || session === undefined) return;
    while (this.queue.length > 0 && !socket.writableNeedDrain) {
      // Frames go out in batches of up to WRITE_BATCH_BYTES: one write call each, not one per frame.
      const batch: Buffer[] = [];
      let bytes = 0;
      while (this.queue.length > 0 && bytes < WRITE_BATCH_BYTES) {
        this.seq += 1;
        const framed = frame(encodeMessageFrame(session, this.seq, this.queue.shift()!));
        batch.push(framed);
        bytes += framed.length;
      }
      socket.write(batch.length === 1 ? batch[0] : Buffer.concat(batch, bytes));
      this.ctx.counters.framesSent += batch.length;
    }
  }

  /** Ends `socket` (if it is still the current one), counting `reason`, and schedules a redial. */
  private fail(socket: Socket, reason?: 'malformed' | 'unauthenticated' | 'oversized'): void {
    if (this.socket !== socket) return;
    if (reason !== undefined) this.ctx.counters[reason]++;
    this.drop();
    this.state = 'waiting';
    const delay = backoffDelayMs(this.ctx.backoff, this.failures, this.ctx.random);
    this.failures += 1;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.state !== 'waiting') return;
      if (this.queue.length > 0) this.dial();
      else this.state = 'idle';
    }, delay);
    this.timer.unref();
  }

  /** Closes the current connection, if any, without scheduling anything. */
  private drop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    this.session = undefined;
    if (this.state !== 'closed') this.state = 'idle';
    socket?.destroy();
  }
}
